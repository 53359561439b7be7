// The Content-Security-Policy every page carries. The site's own pages need no inline script
// and no inline style (the search page loads its module, lunr and the index from the site
// itself), so the policy allows only the site's own origin and forbids anything inline: dump
// text that slipped through escaping still could not run or load anything.

const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/** For `<meta http-equiv="Content-Security-Policy">` (browsers ignore frame-ancestors there). */
export const CSP_META = DIRECTIVES.join("; ");

/** For the HTTP header (`_headers` on Netlify and Cloudflare Pages): the same, and no framing. */
export const CSP_HEADER = [...DIRECTIVES, "frame-ancestors 'none'"].join("; ");
