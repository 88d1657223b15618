import type { Control } from '../control.js';

/** What the shared client suites need, in Node and in Chromium. */
export interface ApiEnv {
  /** Server URL through the fault proxy. */
  proxyUrl: string;
  /** Server URL without the proxy. */
  url: string;
  token: string;
  control: Control;
}

/** A tiny valid 2x2 RGBA PNG, built by hand (signature, IHDR, IDAT (zlib stored block), IEND). */
export function tinyPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: number[]) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const chunk = (type: string, data: number[]) => {
    const td = [...type].map((ch) => ch.charCodeAt(0)).concat(data);
    return [...u32(data.length), ...td, ...u32(crc(td))];
  };
  const raw = [0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255]; // 2 rows: filter byte + 2 RGBA px
  let a = 1,
    b = 0;
  for (const x of raw) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  const zlib = [
    0x78,
    0x01,
    0x01,
    raw.length & 255,
    raw.length >> 8,
    ~raw.length & 255,
    (~raw.length >> 8) & 255,
    ...raw,
    ...u32(((b << 16) | a) >>> 0),
  ];
  return new Uint8Array([
    137,
    80,
    78,
    71,
    13,
    10,
    26,
    10,
    ...chunk('IHDR', [...u32(2), ...u32(2), 8, 6, 0, 0, 0]),
    ...chunk('IDAT', zlib),
    ...chunk('IEND', []),
  ]);
}
