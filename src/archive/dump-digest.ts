// A dump's digest: the SHA-256 of its bytes. The parsed-page cache keys its entries by it
// (page-cache.ts), and the build's input fingerprint keeps it for every unchanged input file
// (build/input-digests.ts), so a rebuild finds an unchanged dump's entry without reading the dump.
import { createHash } from "node:crypto";

export const dumpDigestOf = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("base64url");
