/** Reads the entries of a stored (uncompressed) ZIP, as the demo's exporter writes it. */
export function readStoredZip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let p = 0;
  while (p + 30 <= buf.length && buf.readUInt32LE(p) === 0x04034b50) {
    const method = buf.readUInt16LE(p + 8);
    if (method !== 0) throw new Error(`entry at ${p}: compression method ${method}`);
    const size = buf.readUInt32LE(p + 18);
    const nameLen = buf.readUInt16LE(p + 26);
    const extraLen = buf.readUInt16LE(p + 28);
    const name = buf.subarray(p + 30, p + 30 + nameLen).toString('utf8');
    const start = p + 30 + nameLen + extraLen;
    out.set(name, buf.subarray(start, start + size));
    p = start + size;
  }
  return out;
}
