// Typed ids of the selection's handles. The view draws one SVG element per handle carrying its id
// (as a property, and as the `data-handle` attribute for styling and tests); the handle parts of
// `interact/handles/` switch on `kind`, never on strings.

/** Compass direction of a box handle: corners and edge midpoints. */
export type BoxHandleDir = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';

/** One handle of the selected shape. */
export type HandleId =
  /** Vertex `index` of ring `ring` (0: the outline, 1..: a polygon's holes). */
  | { kind: 'vertex'; ring: number; index: number }
  /** The midpoint of the edge after vertex `index` of ring `ring` (a press inserts a vertex there). */
  | { kind: 'midpoint'; ring: number; index: number }
  /** A box corner or edge. */
  | { kind: 'box'; dir: BoxHandleDir }
  /** An ellipse radius, along its own rotated x or y axis. */
  | { kind: 'radius'; axis: 'x' | 'y' }
  /** The rotation knob of a box or an ellipse. */
  | { kind: 'rotate' };

/** Box handle directions in drawing order. */
export const BOX_HANDLES: readonly BoxHandleDir[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Local (unrotated, centre-relative) unit position of a box handle, in half-sizes. */
export function boxHandleUnit(dir: BoxHandleDir): [number, number] {
  return [dir.includes('w') ? -1 : dir.includes('e') ? 1 : 0, dir.includes('n') ? -1 : dir.includes('s') ? 1 : 0];
}

/**
 * The `data-handle` name of a handle: `v:3` (outline vertex 3), `v:1:3` (vertex 3 of the first hole),
 * `m:...` for midpoints, the compass direction of a box handle, `rx` / `ry`, `rot`.
 */
export function handleName(h: HandleId): string {
  switch (h.kind) {
    case 'vertex':
    case 'midpoint': {
      const p = h.kind === 'vertex' ? 'v' : 'm';
      return h.ring ? `${p}:${h.ring}:${h.index}` : `${p}:${h.index}`;
    }
    case 'box':
      return h.dir;
    case 'radius':
      return h.axis === 'x' ? 'rx' : 'ry';
    case 'rotate':
      return 'rot';
  }
}
