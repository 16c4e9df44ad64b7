import { describe, expect, it } from 'vitest';

// rowTiles is pure arithmetic; importing buffers.ts would touch GPUBufferUsage, absent in Node.
import { rowTiles } from './tiles.ts';
import { GpuLimitError } from './errors.ts';

describe('rowTiles', () => {
  it('covers every row exactly once within the byte limit', () => {
    for (const [rows, cols, max] of [
      [10, 7, 28 * 3],
      [11008, 4096, 64 << 20],
      [5, 3, 1 << 30],
      [7, 5, 20],
    ] as const) {
      const tiles = rowTiles(rows, cols, 4, max);
      let next = 0;
      for (const t of tiles) {
        expect(t.rowStart).toBe(next);
        expect(t.rowCount * cols * 4).toBeLessThanOrEqual(max);
        next += t.rowCount;
      }
      expect(next).toBe(rows);
    }
  });

  it('refuses a row wider than the limit', () => {
    expect(() => rowTiles(2, 100, 4, 399)).toThrow(GpuLimitError);
  });
});
