import { ApiError } from '../../../shared/api';
import { columnLetter } from '../../../shared/imports/table';
import { LIMITS } from '../../../shared/files/limits';

/**
 * Lays a sheet's cells out as rows, the shape every importer reads, while
 * counting what that shape costs: a cell in column XFD makes its row 16,384
 * wide, and a row numbered 9,999,999 makes the sheet that long, so a 45 KB
 * file could otherwise ask for gigabytes. Each cell is checked as it is set,
 * before anything is allocated for it, and the refusal names the bound and
 * the cell that broke it.
 */
export class GridBuilder {
  private readonly rows = new Map<number, string[]>();
  private cells = 0;
  private lastRow = -1;

  constructor(
    private readonly where: string,
    private readonly maxRows: number = LIMITS.rows,
    private readonly maxCells: number = LIMITS.cells,
  ) {}

  /** Sets the cell at 0-based `row` and `col`. */
  set(row: number, col: number, text: string): void {
    if (row >= this.maxRows) {
      throw new ApiError(
        'refused',
        `${this.where} has a row numbered ${(row + 1).toLocaleString('en-GB')}; the most this app reads is ${this.maxRows.toLocaleString('en-GB')} rows. Remove what lies below the table and import it again.`,
      );
    }
    let cells = this.rows.get(row);
    if (!cells) {
      cells = [];
      this.rows.set(row, cells);
    }
    if (row > this.lastRow) {
      this.cells += row - this.lastRow;
      this.lastRow = row;
    }
    if (col >= cells.length) {
      this.cells += col + 1 - cells.length;
      if (this.cells > this.maxCells) {
        throw new ApiError(
          'refused',
          `${this.where} spreads over more than ${this.maxCells.toLocaleString('en-GB')} cells (row ${(row + 1).toLocaleString('en-GB')} reaches column ${columnLetter(col)}); the most this app reads is ${this.maxCells.toLocaleString('en-GB')}. Remove the stray values far to the right of or below the table and import it again.`,
        );
      }
      while (cells.length < col) cells.push('');
      cells.push(text);
    } else cells[col] = text;
  }

  /** Row i is the sheet's row i + 1, up to the last row holding a value; a row with none is empty. */
  done(): string[][] {
    const out: string[][] = [];
    for (let r = 0; r <= this.lastRow; r++) out.push(this.rows.get(r) ?? []);
    return out;
  }
}
