// The tile cache's eviction: oldest first, never a pinned tile, and tiles coarser than the frame's
// level only once no other is left to drop.
import { describe, expect, it } from 'vitest';
import { type CachedTile, EMPTY, TileCache } from './tile-cache.js';

const tile = (z: number, tx: number): CachedTile => ({ tile: EMPTY, z, tx, ty: 0 });

describe('TileCache.evict', () => {
  it('drops the oldest tiles of the frame level and finer before any coarser one', () => {
    const c = new TileCache(3);
    // Oldest first: two coarser tiles, then four of level 0 and one of level 1.
    c.set('-2,0,0', tile(-2, 0));
    c.set('-1,0,0', tile(-1, 0));
    c.set('0,0,0', tile(0, 0));
    c.set('0,1,0', tile(0, 1));
    c.set('1,0,0', tile(1, 0));
    c.set('0,2,0', tile(0, 2));
    c.evict(new Set(['0,2,0']), 0);
    // 6 tiles, 3 kept: the three oldest at level >= 0 went, the coarser ones stayed.
    expect([...c.keys()]).toEqual(['-2,0,0', '-1,0,0', '0,2,0']);
  });

  it('drops coarser tiles, oldest first, when nothing else is left', () => {
    const c = new TileCache(1);
    c.set('-2,0,0', tile(-2, 0));
    c.set('-1,0,0', tile(-1, 0));
    c.set('0,0,0', tile(0, 0));
    c.evict(new Set(['0,0,0']), 0);
    expect([...c.keys()]).toEqual(['0,0,0']);
  });

  it('without a level, drops the oldest whatever their level', () => {
    const c = new TileCache(2);
    c.set('-2,0,0', tile(-2, 0));
    c.set('0,0,0', tile(0, 0));
    c.set('0,1,0', tile(0, 1));
    c.evict(new Set());
    expect([...c.keys()]).toEqual(['0,0,0', '0,1,0']);
  });
});
