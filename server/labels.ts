import { randomInt } from 'node:crypto';
import { HttpError } from './http/errors.js';
import { isObject } from './context.js';
import type { AttributeDef, LabelNode } from './store/docs.js';

/** Display label default: `_`-separated words capitalised (spec §7.4). */
export function defaultDisplayLabel(tag: string): string {
  return tag
    .split('_')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** A random `#rrggbb`. */
export function randomColor(): string {
  return '#' + randomInt(0, 0x1000000).toString(16).padStart(6, '0');
}

/** Check a colour is `#rrggbb` (returned lower-cased). */
export function checkColor(c: unknown, where: string): string {
  if (typeof c !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(c))
    throw new HttpError(400, `${where}: expected a colour "#rrggbb"`);
  return c.toLowerCase();
}

/** Validate a `roots` tree; throws 400 naming the path of the first bad node. */
export function checkRoots(roots: unknown, path = 'roots'): LabelNode[] {
  if (!Array.isArray(roots)) throw new HttpError(400, `${path}: expected an array`);
  roots.forEach((n, i) => {
    if (!isObject(n) || !isObject(n.value) || typeof n.value.tag !== 'string' || !n.value.tag)
      throw new HttpError(400, `${path}[${i}].value.tag: expected a non-empty string`);
    if (n.value.tag.includes('.'))
      throw new HttpError(400, `${path}[${i}].value.tag: a child tag is the leaf name, without "."`);
    if (n.value.color !== undefined) n.value.color = checkColor(n.value.color, `${path}[${i}].value.color`);
    if (n.children !== undefined) checkRoots(n.children, `${path}[${i}].children`);
    else n.children = [];
  });
  return roots as LabelNode[];
}

/** Flat list of labels with full `parent.child` tags, depth first (the SDK's `labels`). */
export function flattenLabels(roots: LabelNode[], prefix = ''): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const n of roots) {
    const tag = prefix ? `${prefix}.${n.value.tag}` : n.value.tag;
    out.push({ ...n.value, tag, label_name: tag });
    out.push(...flattenLabels(n.children ?? [], tag));
  }
  return out;
}

/**
 * Add or update labels given as `{tag: "parent.child", color, displayLabel, attributes, displayData}`.
 * Missing parents are created. An existing label with `upsert` false is a 409.
 */
export function upsertLabels(roots: LabelNode[], nodes: unknown, upsert: boolean): void {
  if (!Array.isArray(nodes)) throw new HttpError(400, 'labelsNode: expected an array');
  nodes.forEach((raw, i) => {
    if (!isObject(raw)) throw new HttpError(400, `labelsNode[${i}]: expected an object`);
    const full = raw.tag ?? raw.label_name;
    if (typeof full !== 'string' || !full || full.split('.').some((p) => !p))
      throw new HttpError(400, `labelsNode[${i}].tag: expected "parent.child"`);
    const parts = full.split('.');
    let level = roots;
    let node: LabelNode | undefined;
    for (let d = 0; d < parts.length; d++) {
      const last = d === parts.length - 1;
      node = level.find((n) => n.value.tag === parts[d]);
      if (node && last && !upsert) throw new HttpError(409, `labelsNode[${i}]: label "${full}" already exists`);
      if (!node) {
        node = {
          value: {
            tag: parts[d]!,
            displayLabel: defaultDisplayLabel(parts[d]!),
            color: randomColor(),
            attributes: [],
            displayData: {},
          },
          children: [],
        };
        level.push(node);
      }
      level = node.children;
    }
    const v = node!.value;
    if (raw.color !== undefined) v.color = checkColor(raw.color, `labelsNode[${i}].color`);
    const dl = raw.displayLabel ?? raw.display_label;
    if (dl !== undefined) {
      if (typeof dl !== 'string') throw new HttpError(400, `labelsNode[${i}].displayLabel: expected a string`);
      v.displayLabel = dl;
    }
    if (raw.attributes !== undefined) {
      if (!Array.isArray(raw.attributes)) throw new HttpError(400, `labelsNode[${i}].attributes: expected a list`);
      v.attributes = raw.attributes;
    }
    if (raw.displayData !== undefined) {
      if (!isObject(raw.displayData)) throw new HttpError(400, `labelsNode[${i}].displayData: expected an object`);
      v.displayData = raw.displayData;
    }
  });
}

/** Remove labels by full tag (and their children). Returns how many were removed. */
export function removeLabels(roots: LabelNode[], tags: string[]): number {
  let n = 0;
  for (const full of tags) {
    const parts = full.split('.');
    let level = roots;
    for (let d = 0; d < parts.length; d++) {
      const i = level.findIndex((x) => x.value.tag === parts[d]);
      if (i < 0) break;
      if (d === parts.length - 1) {
        level.splice(i, 1);
        n++;
      } else level = level[i]!.children;
    }
  }
  return n;
}

const ATTR_TYPES = ['options', 'checkbox', 'radio_button', 'range', 'boolean', 'freeText'];

/** Validate and normalise a v2 attribute definition (spec §6 / §7.4). */
export function checkAttribute(a: unknown, where: string): AttributeDef {
  if (!isObject(a)) throw new HttpError(400, `${where}: expected an object`);
  if (typeof a.key !== 'string' || !a.key) throw new HttpError(400, `${where}.key: expected a non-empty string`);
  if (typeof a.type !== 'string' || !ATTR_TYPES.includes(a.type))
    throw new HttpError(400, `${where}.type: expected one of ${ATTR_TYPES.join(', ')}`);
  const out: AttributeDef = { ...a, key: a.key, type: a.type, title: typeof a.title === 'string' ? a.title : a.key };
  // The SDK sends checkbox/radio_button; the ontology stores options + multi.
  if (a.type === 'checkbox' || a.type === 'radio_button') {
    out.type = 'options';
    out.multi = a.type === 'checkbox';
    out.values = a.values ?? a.options ?? [];
    delete out.options;
  }
  if (out.type === 'options' && !Array.isArray(out.values))
    throw new HttpError(400, `${where}.values: expected a list`);
  if (out.type === 'range') {
    const r = a.range;
    if (!isObject(r) || typeof r.min !== 'number' || typeof r.max !== 'number' || r.min > r.max)
      throw new HttpError(400, `${where}.range: expected {min, max, step} with min <= max`);
  }
  if (out.scope === undefined) out.scope = ['*'];
  if (!Array.isArray(out.scope) || !out.scope.every((s) => typeof s === 'string'))
    throw new HttpError(400, `${where}.scope: expected a list of label names or "*"`);
  return out;
}
