// The annotation layer's parts stay layered (src/components/annotation-layer/README.md): every part
// imports only parts below it (model < render < interact < view < the element's own files), there
// is no import cycle inside the folder, and nothing but the define module and tests imports the
// element. Reads the import statements of the source files; no bundler involved.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const LAYER = join(ROOT, 'src/components/annotation-layer');
const RANK: Record<string, number> = { model: 1, render: 2, interact: 3, view: 4 };
/** Rank of a file: its part, or 5 for the element's own files at the folder root. */
const rankOf = (file: string) => RANK[relative(LAYER, file).split('/')[0]!] ?? 5;
const isTest = (f: string) => /\.test\.ts$|test-utils/.test(f);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' || n === 'dist' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports and re-exports of a file, resolved to .ts paths (type-only ones included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g))
    out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g))
    out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  return out;
}

/** Like {@link importsOf}, without the type-only ones (`import type`, `export type`): what loads at runtime. */
function runtimeImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"](\.[^'"]+)['"]/g))
    out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g))
    out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  return out;
}

const layerFiles = sources(LAYER).filter((f) => !isTest(f));
const graph = new Map(layerFiles.map((f) => [f, importsOf(f).filter((t) => t.startsWith(`${LAYER}/`))]));
const rel = (f: string) => relative(LAYER, f);

describe('annotation-layer parts', () => {
  it('finds the parts (the check reads real files)', () => {
    for (const part of Object.keys(RANK)) expect(layerFiles.some((f) => rankOf(f) === RANK[part])).toBe(true);
    expect(graph.get(join(LAYER, 'annotation-layer.ts'))!.length).toBeGreaterThan(5);
  });

  it('every part imports only parts below it (or files of its own part)', () => {
    const bad: string[] = [];
    for (const [from, tos] of graph)
      for (const to of tos) if (rankOf(to) > rankOf(from)) bad.push(`${rel(from)} -> ${rel(to)}`);
    expect(bad).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map(rel).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('nothing imports the element but its define module and tests', () => {
    const element = join(LAYER, 'annotation-layer.ts');
    const all = ['src', 'demo', 'bench', 'e2e', 'server'].flatMap((d) => sources(join(ROOT, d)));
    const importers = all.filter((f) => !isTest(f) && importsOf(f).includes(element)).map((f) => relative(ROOT, f));
    expect(importers).toEqual(['src/components/annotation-layer/define.ts']);
  });

  it('no other component loads a part of the layer (shared rules live below both, in components/internal)', () => {
    // The timeline took the label colours from the layer's model/label-colors.ts: one component
    // reaching into another's model. The colour rule is now components/internal/label-colors.ts.
    // The files of the other component folders (not the package's index and bundle at the root).
    const COMPONENTS = join(ROOT, 'src/components');
    const others = sources(COMPONENTS).filter(
      (f) => relative(COMPONENTS, f).includes('/') && !f.startsWith(`${LAYER}/`) && !isTest(f),
    );
    expect(others.some((f) => f.includes('/timeline/'))).toBe(true);
    const bad = others.flatMap((f) =>
      runtimeImportsOf(f)
        .filter((t) => t.startsWith(`${LAYER}/`) && t !== join(LAYER, 'define.ts'))
        .map((t) => `${relative(ROOT, f)} -> ${rel(t)}`),
    );
    expect(bad).toEqual([]);
  });
});
