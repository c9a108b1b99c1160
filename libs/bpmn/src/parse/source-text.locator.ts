const POSITION = /line: (\d+)\s+column: (\d+)/;
const TAG = /<(\/?)([\w.:-]+)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ID = /\sid\s*=\s*["']([^"']*)["']/;

/** An element of the source text: its tag as written and its id. */
export interface SourceElement {
  tag: string;
  id: string;
}

/** The document text, to find the element a parse warning (line and column) points at. */
export class SourceText {
  private lineStarts?: number[];

  constructor(private readonly xml: string) {}

  /**
   * The element a warning about `<tag>` points at: the tag itself when it has an id, else the
   * nearest enclosing element that has one.
   */
  elementAt(tag: string, message: string): SourceElement | undefined {
    const position = POSITION.exec(message);
    if (!position) return undefined;
    const offset = this.offsetOf(Number(position[1]), Number(position[2]));
    const start = this.xml.lastIndexOf(`<${tag}`, offset + 1);
    if (start < 0) return undefined;
    const end = this.xml.indexOf('>', start);
    const id = ID.exec(this.xml.slice(start, end < 0 ? undefined : end))?.[1];
    return id !== undefined ? { tag, id } : this.enclosingElement(start);
  }

  private enclosingElement(before: number): SourceElement | undefined {
    const open: Array<{ tag: string; id?: string }> = [];
    for (const match of this.xml.slice(0, before).matchAll(TAG)) {
      const [, closing, tag, attributes, selfClosing] = match;
      if (closing) open.pop();
      else if (!selfClosing) open.push({ tag, id: ID.exec(attributes)?.[1] });
    }
    const parent = [...open].reverse().find((element) => element.id !== undefined);
    return parent ? { tag: parent.tag, id: parent.id! } : undefined;
  }

  private offsetOf(line: number, column: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.xml.indexOf('\n'); i >= 0; i = this.xml.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    return (this.lineStarts[Math.min(line, this.lineStarts.length - 1)] ?? 0) + column;
  }
}
