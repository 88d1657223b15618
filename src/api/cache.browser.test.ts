// The cache suite in Chromium with real IndexedDB, against the local server started by
// test/setup/server.global.ts.
import { cacheSuite } from '../../test/api/suites/cache-suite.js';
import { browserEnv } from '../../test/api/suites/browser-env.js';

cacheSuite(browserEnv);
