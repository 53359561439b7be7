// A streaming tokenizer for mysqldump output: bytes in, SQL tokens out, chunk by chunk, so a dump
// of any size passes through a bounded buffer. It knows MySQL's lexical rules as mysqldump uses
// them: '…' and "…" strings with backslash escapes and doubled quotes, `identifiers`, -- and #
// line comments, /* … */ comments, /*!40101 … */ version comments (their text is read as SQL),
// 0x… and X'…' hex literals, _binary and other charset introducers, numbers, NULL.
// String and hex contents are handed over as bytes (charset decoding belongs to the reader,
// which knows each column's); a value the reader does not want is scanned, never copied.

export type TokenKind = "word" | "ident" | "string" | "hex" | "punct" | "end";

export interface TokenSink {
  /** Called for every token; for "string" and "hex", `bytes` holds the contents when `wantBytes()` said so. */
  token(kind: TokenKind, text: string, bytes: Buffer | undefined, line: number): void;
  /** Whether the next string or hex literal's bytes are needed (false: scanned only). */
  wantBytes(): boolean;
  /**
   * A fast path for the rows of an INSERT: called at the top level, reads as many whole rows of
   * plain values as `data` holds from `start` and returns where it stopped (`start` when it reads
   * none: the tokens there go through `token` as usual). `at.line` is the line at `start`, and
   * is moved past the newlines read.
   */
  scanRows?(data: Buffer, start: number, at: { line: number }): number;
}

enum State {
  Top,
  String,
  Backtick,
  Hex,
  LineComment,
  BlockComment,
}

const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const BACKTICK = 0x60;
const NEWLINE = 0x0a;
/** Bytes a token at the top level may need to look ahead: the rest of a chunk shorter than this waits for the next. */
const LOOKAHEAD = 64;

const ESCAPED: Record<number, number> = { 48: 0, 98: 8, 110: 10, 114: 13, 116: 9, 90: 26 };

export const isWordByte = (b: number) =>
  (b >= 0x30 && b <= 0x39) ||
  (b >= 0x41 && b <= 0x5a) ||
  (b >= 0x61 && b <= 0x7a) ||
  b === 0x5f ||
  b === 0x24 ||
  b >= 0x80;
export const isNumberByte = (b: number) =>
  (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x65 || b === 0x45 || b === 0x2b || b === 0x2d;
const isSpace = (b: number) => b === 0x20 || b === NEWLINE || b === 0x0d || b === 0x09;

export class SqlTokenizer {
  #state = State.Top;
  #carry: Buffer | undefined;
  #quote = QUOTE;
  /** Pieces of the string or hex literal being read (undefined when its bytes are not wanted). */
  #pieces: Buffer[] | undefined;
  #escaped = false;
  #starSeen = false;
  /** Inside /*!…: its closing star-slash ends nothing but the comment marker. */
  #versionComment = false;
  #line = 1;
  #tokenLine = 1;
  /** Bytes read so far (for progress and rates). */
  bytesRead = 0;

  constructor(private readonly sink: TokenSink) {}

  get line(): number {
    return this.#line;
  }

  /** Feeds the next chunk; `final` on the last. */
  push(chunk: Buffer, final = false): void {
    this.bytesRead += chunk.length;
    let data = chunk;
    if (this.#carry) {
      data = Buffer.concat([this.#carry, chunk]);
      this.#carry = undefined;
    }
    let i = 0;
    const at = { line: this.#line };
    while (i < data.length) {
      switch (this.#state) {
        case State.Top: {
          if (this.sink.scanRows) {
            at.line = this.#line;
            i = this.sink.scanRows(data, i, at);
            this.#line = at.line;
            if (i >= data.length) break;
          }
          const next = this.#top(data, i, final);
          if (next < 0) {
            // Too near the chunk's end to tell the token: its bytes wait for the next chunk.
            this.#carry = data.subarray(-1 - next);
            return;
          }
          i = next;
          break;
        }
        case State.String:
          i = this.#string(data, i);
          break;
        case State.Backtick:
          i = this.#backtick(data, i);
          break;
        case State.Hex:
          i = this.#hex(data, i);
          break;
        case State.LineComment:
          i = this.#lineComment(data, i);
          break;
        case State.BlockComment:
          i = this.#blockComment(data, i);
          break;
      }
    }
    if (final) this.#finish();
  }

  #finish(): void {
    if (this.#state === State.String && this.#pendingQuote) {
      this.#pendingQuote = false;
      this.#closeString();
    }
    if (this.#state === State.Hex) this.#hex(Buffer.from(" "), 0);
    if (this.#state === State.String || this.#state === State.Backtick || this.#state === State.Hex) {
      throw new SqlSyntaxError(
        `the dump ends inside a quoted value that starts on line ${this.#tokenLine}`,
        this.#tokenLine,
      );
    }
    this.sink.token("end", "", undefined, this.#line);
  }

  /** One token at the top level; returns where the next starts, or -1 to wait for more bytes. */
  #top(data: Buffer, start: number, final: boolean): number {
    let i = start;
    while (i < data.length && isSpace(data[i]!)) {
      if (data[i] === NEWLINE) this.#line++;
      i++;
    }
    if (i >= data.length) return i;
    if (!final && data.length - i < LOOKAHEAD) return -1 - i;
    this.#tokenLine = this.#line;
    const b = data[i]!;
    const next = data[i + 1];
    if (b === QUOTE || b === DQUOTE) return this.#openString(b, i + 1);
    if (b === BACKTICK) return this.#openQuoted(State.Backtick, i + 1);
    if (b === 0x23 || (b === 0x2d && next === 0x2d && (data[i + 2] === undefined || isSpace(data[i + 2]!)))) {
      this.#state = State.LineComment;
      return i + 1;
    }
    if (b === 0x2f && next === 0x2a) {
      // MariaDB's /*M!… comments (sandbox mode, note verbosity) hold nothing a reader needs: skipped whole.
      if (data[i + 2] === 0x21) {
        // /*!40101 SET NAMES utf8 */: the version is skipped, the text inside read as SQL.
        let j = i + 3;
        while (j < data.length && data[j]! >= 0x30 && data[j]! <= 0x39) j++;
        this.#versionComment = true;
        return j;
      }
      this.#state = State.BlockComment;
      this.#starSeen = false;
      return i + 2;
    }
    if (b === 0x2a && next === 0x2f && this.#versionComment) {
      this.#versionComment = false;
      return i + 2;
    }
    if ((b === 0x30 && (next === 0x78 || next === 0x58)) || ((b === 0x78 || b === 0x58) && next === QUOTE)) {
      this.#state = State.Hex;
      this.#quote = next === QUOTE ? QUOTE : 0;
      this.#pieces = this.sink.wantBytes() ? [] : undefined;
      return i + 2;
    }
    if (isWordByte(b) || (b === 0x2d && next !== undefined && next >= 0x30 && next <= 0x39))
      return this.#word(data, i, final);
    this.sink.token("punct", String.fromCharCode(b), undefined, this.#line);
    return i + 1;
  }

  #word(data: Buffer, start: number, final: boolean): number {
    let i = start + 1;
    const numeric = data[start] === 0x2d || (data[start]! >= 0x30 && data[start]! <= 0x39);
    while (i < data.length && (isWordByte(data[i]!) || (numeric && isNumberByte(data[i]!)))) i++;
    if (i >= data.length && !final) return -1 - start;
    this.sink.token("word", data.toString("latin1", start, i), undefined, this.#line);
    return i;
  }

  #openString(quote: number, i: number): number {
    this.#state = State.String;
    this.#quote = quote;
    this.#escaped = false;
    this.#pieces = this.sink.wantBytes() ? [] : undefined;
    return i;
  }

  #openQuoted(state: State, i: number): number {
    this.#state = state;
    this.#pieces = [];
    return i;
  }

  /** Inside '…': runs to the next quote or backslash with native searches, keeping pieces if wanted. */
  #string(data: Buffer, start: number): number {
    const i = start;
    if (this.#pendingQuote) {
      this.#pendingQuote = false;
      if (data[i] === this.#quote) {
        this.#pieces?.push(data.subarray(i, i + 1));
        return i + 1;
      }
      this.#closeString();
      return i;
    }
    if (this.#escaped) {
      this.#escaped = false;
      const b = data[i]!;
      if (b === NEWLINE) this.#line++;
      // \% and \_ keep their backslash (MySQL's rule); other escapes stand for one byte.
      if (b === 0x25 || b === 0x5f) this.#pieces?.push(Buffer.from([BACKSLASH, b]));
      else this.#pieces?.push(Buffer.from([ESCAPED[b] ?? b]));
      return i + 1;
    }
    // Searched within the span up to the quote only: an extended INSERT may be one line of megabytes.
    const quoteAt = data.indexOf(this.#quote, i);
    const inSpan = data.subarray(i, quoteAt < 0 ? data.length : quoteAt).indexOf(BACKSLASH);
    const slashAt = inSpan < 0 ? -1 : i + inSpan;
    const stop = slashAt >= 0 ? slashAt : quoteAt;
    const end = stop < 0 ? data.length : stop;
    this.#countLines(data, i, end);
    if (end > i) this.#pieces?.push(data.subarray(i, end));
    if (stop < 0) return end;
    if (stop === slashAt) {
      this.#escaped = true;
      return stop + 1;
    }
    // A doubled quote stands for one; one at the very end of the chunk waits to see the next byte.
    if (stop + 1 >= data.length) {
      this.#pendingQuote = true;
      return stop + 1;
    }
    if (data[stop + 1] === this.#quote) {
      this.#pieces?.push(data.subarray(stop, stop + 1));
      return stop + 2;
    }
    this.#closeString();
    return stop + 1;
  }

  #pendingQuote = false;

  #closeString(): void {
    this.#state = State.Top;
    const bytes = this.#pieces
      ? this.#pieces.length === 1
        ? this.#pieces[0]!
        : Buffer.concat(this.#pieces)
      : undefined;
    this.#pieces = undefined;
    this.sink.token("string", "", bytes, this.#tokenLine);
  }

  #countLines(data: Buffer, from: number, to: number): void {
    const span = data.subarray(from, to);
    let at = span.indexOf(NEWLINE);
    while (at >= 0) {
      this.#line++;
      at = span.indexOf(NEWLINE, at + 1);
    }
  }

  #backtick(data: Buffer, start: number): number {
    const stop = data.indexOf(BACKTICK, start);
    const end = stop < 0 ? data.length : stop;
    this.#pieces!.push(data.subarray(start, end));
    if (stop < 0) return end;
    if (data[stop + 1] === BACKTICK) {
      this.#pieces!.push(data.subarray(stop, stop + 1));
      return stop + 2;
    }
    this.#state = State.Top;
    const name = Buffer.concat(this.#pieces!).toString("utf8");
    this.#pieces = undefined;
    this.sink.token("ident", name, undefined, this.#tokenLine);
    return stop + 1;
  }

  /** 0xABCD (ends at the first non-hex byte) or X'ABCD' (ends at the quote). */
  #hex(data: Buffer, start: number): number {
    let i = start;
    const isHex = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
    while (i < data.length && isHex(data[i]!)) i++;
    if (i > start) this.#pieces?.push(data.subarray(start, i));
    if (i >= data.length) return i;
    this.#state = State.Top;
    const digits = this.#pieces ? Buffer.concat(this.#pieces).toString("latin1") : undefined;
    this.#pieces = undefined;
    if (digits !== undefined && digits.length % 2 === 1) {
      throw new SqlSyntaxError(
        `a hex literal with an odd number of digits on line ${this.#tokenLine}`,
        this.#tokenLine,
      );
    }
    this.sink.token("hex", "", digits === undefined ? undefined : Buffer.from(digits, "hex"), this.#tokenLine);
    return this.#quote === QUOTE && data[i] === QUOTE ? i + 1 : i;
  }

  #lineComment(data: Buffer, start: number): number {
    const stop = data.indexOf(NEWLINE, start);
    if (stop < 0) return data.length;
    this.#line++;
    this.#state = State.Top;
    return stop + 1;
  }

  #blockComment(data: Buffer, start: number): number {
    for (let i = start; i < data.length; i++) {
      const b = data[i]!;
      if (b === NEWLINE) this.#line++;
      if (this.#starSeen && b === 0x2f) {
        this.#state = State.Top;
        return i + 1;
      }
      this.#starSeen = b === 0x2a;
    }
    return data.length;
  }
}

/** Bad SQL, with the 1-based line it is on. */
export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}
