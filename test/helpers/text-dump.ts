// A post of a legacy vBulletin text dump as the generated dumps write it (bench/corpus-generator.ts):
// header line with its date and number, author card, title, body, the reply link.

/** `date` as the header writes it ("04-17-2005, 11:01 AM"); the first post's title is the thread's. */
export function dumpPost(number: number, author: string, date: string, body: string[]): string[] {
  return [
    `Old ${date}   #${number}`,
    author,
    `Member ${author} is offline`,
    "Join Date: Sep 2003",
    "Posts: 78",
    number === 1 ? "Rope work" : "Re: Rope work",
    "",
    ...body,
    "  Reply With Quote",
  ];
}
