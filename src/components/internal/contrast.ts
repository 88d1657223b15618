// WCAG contrast: which text colour, black or white, reads on a coloured fill. One helper for every
// component that writes text on a colour it does not choose (the layer's label tags on label
// colours, the task board's action buttons on a task's action colours).

/** The `[r, g, b]` (0–255) of `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` (alpha ignored). */
function rgbOf(hex: string): [number, number, number] {
  let h = hex.slice(1);
  if (h.length === 3 || h.length === 4) h = [...h.slice(0, 3)].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16) || 0) as [number, number, number];
}

/** WCAG relative luminance of a `#rgb` / `#rrggbb` colour (0 black to 1 white). */
export function luminance(hex: string): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = rgbOf(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two `#rgb` / `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Black or white, whichever contrasts more with `fill` (`#rgb` / `#rrggbb`): at least 4.58:1 for
 * any fill.
 *
 * @example
 * textOn('#b91c1c'); // '#ffffff' (6.5:1)
 * textOn('#ffeb3b'); // '#000000'
 */
export function textOn(fill: string): string {
  return contrastRatio(fill, '#ffffff') >= contrastRatio(fill, '#000000') ? '#ffffff' : '#000000';
}
