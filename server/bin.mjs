#!/usr/bin/env node
// `dl-kit-server` (package.json "bin"): runs server/cli.ts through tsx's ESM loader, so the server
// needs no separate build step. Same flags as `npm run server -- ...` (see --help).
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
