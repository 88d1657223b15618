import { zipSync, type Zippable } from 'fflate';

/**
 * A ZIP archive of `files`, stored (level 0: PNGs are already compressed and JSON exports are
 * small), so an export downloads as one file. A name that repeats (`a.png` and `a.jpg` both export
 * as `a.png`) gets `-2`, `-3`… before its extension instead of overwriting the first.
 */
export function zipFiles(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) {
    let name = f.name;
    for (let k = 2; name in entries; k++) name = f.name.replace(/(\.[^./]+)?$/, `-${k}$1`);
    entries[name] = [f.data, { level: 0 }];
  }
  return zipSync(entries);
}
