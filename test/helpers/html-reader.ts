// For tests that hand saved HTML pages to parseDump or parseDumps directly: the build imports the page
// reader only when a file needs it (parseDumpLoadingReader); these load it first, as `forum-archive parse` does.
import { loadHtmlReader } from "../../src/parse/index.ts";

await loadHtmlReader();
