// Splits text fed in chunks into lines with their numbers (`\n` or `\r\n`). Pure.
export type TLine = { line: number; text: string };

export class LineTooLongError extends Error {}

export class LineSplitter {
  private rest = "";
  private line = 0;

  constructor(private readonly maxLineChars = 16 * 1024 * 1024) {}

  push(text: string, out: TLine[]): void {
    const s = this.rest + text;
    let start = 0;
    for (;;) {
      const nl = s.indexOf("\n", start);
      if (nl === -1) break;
      this.line++;
      out.push({ line: this.line, text: s.charCodeAt(nl - 1) === 13 && nl > start ? s.slice(start, nl - 1) : s.slice(start, nl) });
      start = nl + 1;
    }
    this.rest = s.slice(start);
    if (this.rest.length > this.maxLineChars) {
      throw new LineTooLongError(`line ${this.line + 1}: longer than ${Math.round(this.maxLineChars / 1048576)} MB without a line break; is this really one JSON object a line?`);
    }
  }

  end(out: TLine[]): void {
    if (this.rest.length) {
      this.line++;
      out.push({ line: this.line, text: this.rest.endsWith("\r") ? this.rest.slice(0, -1) : this.rest });
      this.rest = "";
    }
  }
}
