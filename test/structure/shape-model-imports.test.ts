// The shape model (src/geometry/shapes) is the one geometry the entities, the geometry kernels and the
// components share: the entities may import it and nothing else outside themselves, and it imports at
// runtime nothing outside itself but the entities' error class (so no import cycle can form).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !/\.test\.ts$|test-utils/.test(p) ? [p] : [];
  });
}

/** Relative imports of a file resolved to .ts paths; `typeOnly` for `import type` / `export type`. */
function importsOf(file: string): Array<{ to: string; typeOnly: boolean }> {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => ({
    to: resolve(dirname(file), m[3]!.replace(/\.js$/, '.ts')),
    typeOnly: !!m[2],
  }));
}

const rel = (f: string) => relative(ROOT, f);
const inside = (f: string, dir: string) => f.startsWith(`${join(SRC, dir)}/`);

describe('the shape model is shared without cycles', () => {
  it('entities import nothing outside themselves but geometry/shapes', () => {
    const files = sources(join(SRC, 'entities'));
    expect(files.length).toBeGreaterThan(20);
    const bad = files.flatMap((f) =>
      importsOf(f)
        .filter(({ to }) => !inside(to, 'entities') && !inside(to, 'geometry/shapes'))
        .map(({ to }) => `${rel(f)} -> ${rel(to)}`),
    );
    expect(bad).toEqual([]);
  });

  it('geometry/shapes imports at runtime only itself and entities/errors.ts', () => {
    const files = sources(join(SRC, 'geometry/shapes'));
    expect(files.some((f) => f.endsWith('shape.ts'))).toBe(true);
    const bad = files.flatMap((f) =>
      importsOf(f)
        .filter(
          ({ to, typeOnly }) => !typeOnly && !inside(to, 'geometry/shapes') && to !== join(SRC, 'entities/errors.ts'),
        )
        .map(({ to }) => `${rel(f)} -> ${rel(to)}`),
    );
    expect(bad).toEqual([]);
  });
});
