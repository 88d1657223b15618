export const ASC_FLAGS: string[];
export function compileOutlineWasm(): Promise<Uint8Array>;
export function genSource(bytes: Uint8Array): string;
