import { GpuLimitError } from './errors.ts';

/** A contiguous band of rows of a row-major matrix. */
export interface RowTile {
  rowStart: number;
  rowCount: number;
}

/**
 * Splits a [rows, cols] matrix into bands of whole rows, each at most `maxBytes` long, so that a
 * tensor larger than maxStorageBufferBindingSize is processed one binding at a time.
 */
export function rowTiles(rows: number, cols: number, bytesPerElement: number, maxBytes: number): RowTile[] {
  const rowBytes = cols * bytesPerElement;
  if (rowBytes > maxBytes) {
    throw new GpuLimitError(
      `One row of ${cols} elements (${rowBytes} bytes) exceeds the GPU's binding limit (${maxBytes} bytes).`,
    );
  }
  const perTile = Math.max(1, Math.floor(maxBytes / rowBytes));
  const tiles: RowTile[] = [];
  for (let rowStart = 0; rowStart < rows; rowStart += perTile) {
    tiles.push({ rowStart, rowCount: Math.min(perTile, rows - rowStart) });
  }
  return tiles;
}
