/** Plain text tables for the terminal: aligned columns, shrunk to fit a narrow window. */
import { displayWidth, fitEnd } from "./format.ts";

/** One column of a table. */
export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: "left" | "right";
  /** Columns that may be cut (with "…") when the table is wider than the window. */
  shrink?: boolean;
  /** Narrowest a shrinkable column gets (default MIN_SHRUNK): what must stay readable. */
  minWidth?: number;
}

const GAP = "  ";
/** Narrowest a shrinkable column gets before the table is simply left wider than the window. */
const MIN_SHRUNK = 8;

function pad(text: string, width: number, align: "left" | "right" = "left"): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return align === "right" ? fill + text : text + fill;
}

function naturalWidths(columns: Column[], rows: string[][]): number[] {
  return columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? "")))
  );
}

const sumWidths = (widths: number[]) =>
  widths.reduce((a, w) => a + w, 0) + GAP.length * (widths.length - 1);

/** The table as lines, at most `maxWidth` columns wide when shrinkable columns allow it. */
export function formatTable(columns: Column[], rows: string[][], maxWidth = Infinity): string[] {
  const widths = naturalWidths(columns, rows);
  const total = () => sumWidths(widths);
  // Take columns down one step at a time, widest shrinkable first, so cuts are shared out.
  while (total() > maxWidth) {
    let widest = -1;
    for (const [i, c] of columns.entries()) {
      const floor = c.minWidth ?? MIN_SHRUNK;
      if (c.shrink && widths[i] > floor && (widest < 0 || widths[i] > widths[widest])) {
        widest = i;
      }
    }
    if (widest < 0) break;
    widths[widest]--;
  }
  const line = (cells: string[]) =>
    columns.map((c, i) => pad(fitEnd(cells[i] ?? "", widths[i]), widths[i], c.align))
      .join(GAP).trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}
