// The one way this project makes slugs, for URLs and fragment ids alike: @sindresorhus/slugify
// (transliterated to ASCII, lower case, words joined by "-"), without splitting camelCase.
import slugify from "@sindresorhus/slugify";

/** `text` as a slug of at most `maxLength` characters; "" when nothing in it spells in ASCII. */
export function slug(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  return slugify(text, { decamelize: false }).slice(0, maxLength).replace(/-+$/, "");
}
