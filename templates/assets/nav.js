// Reading aids that need a script; the pages work without it. A post's permalink gets a
// "Copy link" button, and a pager with gaps a "Go to page" box. Loaded as a file: the pages'
// Content-Security-Policy forbids inline script (src/site/security.ts). The words are the
// site's, in its language: the thread page's data-copy-link, data-go-to-page… attributes
// (locales/*.json, "reading.*"); without them, no control is added.

/** A pager shows every page up to this many; with more it has gaps, and a box to jump. */
const JUMP_FROM_PAGES = 9;

/** The page's words for these controls, or undefined when the page does not give them all. */
function wordsOf(...names) {
  const holder = document.querySelector(`[data-${names[0]}]`);
  if (!holder) return undefined;
  const words = names.map((name) => holder.getAttribute(`data-${name}`));
  return words.every((word) => word) ? words : undefined;
}

function copyButtons() {
  const words = wordsOf("copy-link", "link-copied", "copy-failed");
  if (!navigator.clipboard || !words) return;
  const [copyLink, linkCopied, copyFailed] = words;
  for (const link of document.querySelectorAll("a.permalink")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = copyLink;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(link.href);
        button.textContent = linkCopied;
      } catch {
        button.textContent = copyFailed;
      }
      setTimeout(() => (button.textContent = copyLink), 2500);
    });
    link.after(" ", button);
  }
}

function jumpBoxes() {
  const words = wordsOf("go-to-page", "go");
  if (!words) return;
  const [goToPage, go] = words;
  let n = 0;
  for (const pager of document.querySelectorAll("nav.pager[data-pages][data-first]")) {
    const count = Number(pager.getAttribute("data-pages"));
    const first = pager.getAttribute("data-first");
    if (!(count >= JUMP_FROM_PAGES) || !first) continue;
    const id = `jump-to-page-${++n}`;
    const form = document.createElement("form");
    form.className = "jump";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = goToPage;
    const input = document.createElement("input");
    Object.assign(input, { id, type: "number", min: "1", max: String(count), required: true, inputMode: "numeric" });
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = go;
    form.append(label, input, button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const page = Math.min(count, Math.max(1, Math.trunc(Number(input.value))));
      if (!Number.isFinite(page)) return;
      location.href = page === 1 ? first : `${first}page/${page}/`;
    });
    pager.append(form);
  }
}

copyButtons();
jumpBoxes();
