/**
 * Reads the label tree of a Dataloop ontology for the picker: `roots` nodes
 * (`{ value: { tag, displayLabel, color }, children }`), flat label dicts (`tag` or `label_name`,
 * `displayLabel` or `display_label`), an array of either, or any object with `toJson()` (an
 * Ontology entity). Nested labels are named by their full path, `parent.child`.
 */

/** One label as the picker shows it. */
export interface LabelEntry {
  /** Full label name as annotations carry it: `parent.child`. */
  readonly tag: string;
  /** Last path segment. */
  readonly name: string;
  /** Human label (defaults to the tag's words capitalised, as dtlpy does). */
  readonly displayLabel: string;
  /** `#rrggbb`, or `''` when the ontology gives none. */
  readonly color: string;
  /** 0 for roots. */
  readonly depth: number;
  /** Full tag of the parent, or `null` for roots. */
  readonly parent: string | null;
  /** Full tags of the children, in ontology order. */
  readonly children: readonly string[];
  /** The label's own JSON (`value` of the roots node, or the flat dict), untouched. */
  readonly json: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A label's tooltip: its display name, then its tag in brackets when the two differ other than by
 * case (`Pedestrian on the crossing (l1)`, but `Car` for `car`), so a name cut with an ellipsis can
 * be read whole and the tag the annotations carry is still at hand.
 */
export function labelTitle(displayLabel: string, tag: string): string {
  return displayLabel.toLowerCase() === tag.toLowerCase() ? displayLabel : `${displayLabel} (${tag})`;
}

/** dtlpy's default display label: `_`-separated words, each capitalised. */
export function defaultDisplayLabel(tag: string): string {
  return tag
    .split('_')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** The root nodes of whatever the host passed as `ontology`. */
function rootsOf(ontology: unknown): unknown[] {
  if (ontology == null) return [];
  if (Array.isArray(ontology)) return ontology;
  if (isObject(ontology)) {
    if (typeof ontology.toJson === 'function') return rootsOf((ontology.toJson as () => unknown)());
    if (Array.isArray(ontology.roots)) return ontology.roots;
    if (Array.isArray(ontology.labels)) return ontology.labels;
  }
  return [];
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * Flattens an ontology into labels in depth-first display order. Nodes without a tag are
 * skipped (with their children); a duplicated full tag keeps the first occurrence.
 */
export function ontologyLabels(ontology: unknown): LabelEntry[] {
  const out: LabelEntry[] = [];
  const seen = new Set<string>();
  const walk = (node: unknown, parent: string | null, depth: number): string | null => {
    if (!isObject(node)) return null;
    const value = isObject(node.value) ? node.value : node;
    const raw = value.tag ?? value.label_name;
    if (typeof raw !== 'string' || raw === '') return null;
    // Children usually carry the leaf name; some exports already carry the full path.
    const tag = parent && !raw.startsWith(`${parent}.`) ? `${parent}.${raw}` : raw;
    if (seen.has(tag)) return null;
    seen.add(tag);
    const display = value.displayLabel ?? value.display_label;
    const color = typeof value.color === 'string' && COLOR.test(value.color) ? value.color.toLowerCase() : '';
    const name = tag.slice(tag.lastIndexOf('.') + 1);
    const children: string[] = [];
    const entry: LabelEntry = {
      tag,
      name,
      displayLabel: typeof display === 'string' && display !== '' ? display : defaultDisplayLabel(name),
      color,
      depth,
      parent,
      children,
      json: value,
    };
    out.push(entry);
    const kids = Array.isArray(node.children) ? node.children : [];
    for (const kid of kids) {
      const childTag = walk(kid, tag, depth + 1);
      if (childTag) children.push(childTag);
    }
    return tag;
  };
  for (const root of rootsOf(ontology)) walk(root, null, 0);
  return out;
}
