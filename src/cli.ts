// forum-archive's command line. Placeholder: parse/build/similar/serve arrive with their issues.
export async function main(argv: string[]): Promise<number> {
  console.log(`forum-archive: ${argv.join(" ")}`);
  return 0;
}
