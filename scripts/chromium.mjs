// Where the system Chromium is and how to start it on this kind of machine.
// The project never downloads a browser: it drives Debian's `chromium` (or CHROMIUM_PATH).
import { existsSync } from 'node:fs';

/** Candidate paths, first match wins. */
const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);

/** Flags that work headless as root here (Chromium refuses to start as root without --no-sandbox; headless needs no GPU). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const HOW_TO_INSTALL =
  'No Chromium found. Install the system one (Debian/Ubuntu, as root): `apt-get update && apt-get install -y chromium`, ' +
  'or set CHROMIUM_PATH to a Chromium/Chrome executable. dl-kit never downloads a browser.';

/** @returns {string | undefined} */
export function findChromium() {
  return CANDIDATES.find((p) => existsSync(p));
}

/** @returns {string} the executable path, or throws with install instructions. */
export function chromiumPath() {
  const p = findChromium();
  if (!p) throw new Error(HOW_TO_INSTALL);
  return p;
}
