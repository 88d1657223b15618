// Label colours from a Dataloop ontology (`roots` tree, `#rrggbb`), with a stable fallback
// colour for labels the ontology does not know, and the two conversions the layer draws with.

/** Maps full label names (`parent.child`) to `#rrggbb`. */
export function labelColorMap(ontology: unknown): Map<string, string> {
  const out = new Map<string, string>();
  let o = ontology as { toJson?: () => unknown; roots?: unknown; labels?: unknown } | unknown[] | null;
  if (o && !Array.isArray(o) && typeof o.toJson === 'function') o = o.toJson() as typeof o;
  const roots = Array.isArray(o)
    ? o
    : Array.isArray((o as { roots?: unknown })?.roots)
      ? (o as { roots: unknown[] }).roots
      : Array.isArray((o as { labels?: unknown })?.labels)
        ? (o as { labels: unknown[] }).labels
        : [];
  const walk = (n: unknown, parent: string | null) => {
    if (!n || typeof n !== 'object') return;
    const node = n as { value?: Record<string, unknown>; children?: unknown[] } & Record<string, unknown>;
    const v = (node.value && typeof node.value === 'object' ? node.value : node) as Record<string, unknown>;
    const raw = (v.tag ?? v.label_name) as unknown;
    if (typeof raw !== 'string' || !raw) return;
    const tag = parent && !raw.startsWith(`${parent}.`) ? `${parent}.${raw}` : raw;
    if (typeof v.color === 'string' && /^#[0-9a-f]{6}$/i.test(v.color) && !out.has(tag))
      out.set(tag, v.color.toLowerCase());
    if (Array.isArray(node.children)) for (const c of node.children) walk(c, tag);
  };
  for (const r of roots) walk(r, null);
  return out;
}

/** A stable, saturated colour for a label the ontology does not colour (hash of the name). */
export function fallbackColor(label: string): string {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  const hue = (h >>> 0) % 360;
  // HSL(hue, 75%, 50%) to hex.
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const c = 0.5 - 0.375 * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** `#rrggbb` to RGB. */
export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16) || 0;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Colour of issue notes (Dataloop's `note` annotations whose status is `issue`) when the ontology
 * does not colour their label: a
 * deep red, 6.5:1 with white text on an issue's tag, that reads over any picture in either theme
 * (the hashed fallback gave "note" a bright green, 2:1 under white text, clashing with the red it
 * is pinned over). Chosen by the annotation (type `note`, issue status), never by the label's name:
 * an object label an ontology names "note" without a colour gets its hash colour like any other.
 */
export const NOTE_COLOR = '#b91c1c';

/** `#rrggbb` + alpha as `rgba()`. */
export function withAlpha(hex: string, a: number): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  const n = m ? parseInt(m[1], 16) : 0x00ff00;
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}
