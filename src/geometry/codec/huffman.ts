// Length-limited Huffman code lengths for deflate's dynamic blocks.

/**
 * Code lengths (0 for unused symbols) of a Huffman code for `freq`, none longer than `limit`. A
 * single used symbol gets a partner so that the code is complete (two 1-bit codes), as inflaters
 * expect. When the optimal code is too deep, the counts are halved (rounding up, so no used symbol
 * drops out) and the code rebuilt: close to optimal, and deterministic (ties go to the lower symbol).
 */
export function huffmanLengths(freq: ArrayLike<number>, limit: number): Uint8Array {
  const n = freq.length;
  const f = Array.from(freq);
  const used = f.filter((v) => v > 0).length;
  if (used === 1) f[f[0]! > 0 ? 1 : 0] = 1;
  const lengths = new Uint8Array(n);
  if (used === 0) return lengths;
  for (;;) {
    const syms: number[] = [];
    for (let i = 0; i < n; i++) if (f[i]! > 0) syms.push(i);
    syms.sort((x, y) => f[x]! - f[y]! || x - y);
    const m = syms.length;
    const weight = new Float64Array(2 * m);
    const parent = new Int32Array(2 * m);
    for (let k = 0; k < m; k++) weight[k] = f[syms[k]!]!;
    // two queues: leaves in weight order, internal nodes in creation (= weight) order
    let li = 0;
    let ii = m;
    const take = (next: number) => (li < m && (ii >= next || weight[li]! <= weight[ii]!) ? li++ : ii++);
    for (let next = m; next < 2 * m - 1; next++) {
      const x = take(next);
      const y = take(next);
      weight[next] = weight[x]! + weight[y]!;
      parent[x] = next;
      parent[y] = next;
    }
    const depth = new Uint8Array(2 * m);
    let max = 0;
    for (let k = 2 * m - 3; k >= 0; k--) {
      depth[k] = depth[parent[k]!]! + 1;
      if (k < m && depth[k]! > max) max = depth[k]!;
    }
    if (max <= limit) {
      for (let k = 0; k < m; k++) lengths[syms[k]!] = depth[k]!;
      return lengths;
    }
    for (let i = 0; i < n; i++) if (f[i]! > 0) f[i] = (f[i]! + 1) >> 1;
  }
}
