#!/usr/bin/env node
// The `untangle` command: the CLI bundle built by `npm run bundle` (run by `npm ci` through `prepare`).
require('../dist/cli.js').run();
