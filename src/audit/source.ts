/** Perfect-subtree hashes read from a store: full 256^k-leaf tiles when stored, leaf hashes otherwise. */
import { rootOf, type Hash, type NodeSource } from './merkle.js';
import type { AuditStore } from './stores/types.js';
import { TILE_HEIGHT } from './types.js';

export function storeSource(store: AuditStore): NodeSource {
  return {
    async perfect(start: number, height: number): Promise<Hash> {
      const count = 2 ** height;
      for (let level = Math.floor(height / TILE_HEIGHT) * TILE_HEIGHT; level >= TILE_HEIGHT; level -= TILE_HEIGHT) {
        const first = start / 2 ** level;
        const n = 2 ** (height - level);
        const rows = await store.tiles(level, first, first + n);
        if (rows.length === n) return rootOf(rows.map((r) => r.hash));
      }
      const hashes = await store.leafHashes(start, start + count);
      if (hashes.length !== count) throw new Error(`audit store: missing leaf hashes in [${start}, ${start + count})`);
      return rootOf(hashes);
    },
  };
}
