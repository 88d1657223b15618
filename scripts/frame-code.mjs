// The frame number burned into dl-kit's test and demo clips, and how to read it back.
//
// Every clip made by scripts/make-video-clips.mjs carries, in its top-left corner, a dark panel
// with a row of BITS square blocks (white = 1, black = 0, most significant bit first) and the same
// number as seven-segment digits below them. Blocks are large (1/15 of the height) so lossy
// H.264/VP9 never flips a bit: tests read the centre pixel of each block and threshold it.

/** Number of bits: frames 0..4095. */
export const BITS = 12;

/**
 * Where the code sits in a clip of `height` px: block size, the first block's top-left corner and
 * the digits' cell size. Depends only on the height, so the reader needs no side information.
 *
 * @param {number} height
 */
export function frameCodeLayout(height) {
  const block = Math.max(8, Math.floor(height / 15 / 2) * 2);
  const pad = Math.max(2, block >> 2);
  return {
    block,
    pad,
    x0: pad,
    y0: pad,
    /** Seven-segment digit cell (width, height) and where the digit row starts. */
    digitW: Math.round(block * 0.9),
    digitH: Math.round(block * 1.6),
    digitsY: pad * 2 + block,
    /** The whole panel. */
    panelW: pad * 2 + BITS * block,
    panelH: pad * 3 + block + Math.round(block * 1.6),
  };
}

/**
 * Reads the frame number from pixels. `luma(x, y)` returns the brightness (0..255) at image pixel
 * (x, y) of the clip; the caller maps image to canvas coordinates. Returns -1 when a block is
 * neither clearly dark nor clearly light (not a frame of a dl-kit clip, or not drawn yet).
 *
 * @param {(x: number, y: number) => number} luma
 * @param {number} height
 */
export function readFrameCode(luma, height) {
  const L = frameCodeLayout(height);
  let n = 0;
  for (let i = 0; i < BITS; i++) {
    const v = luma(L.x0 + i * L.block + L.block / 2, L.y0 + L.block / 2);
    if (v > 96 && v < 160) return -1;
    n = (n << 1) | (v >= 160 ? 1 : 0);
  }
  return n;
}
