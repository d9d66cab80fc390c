#!/usr/bin/env -S node --max-semi-space-size=8
// The `untangle` command: the CLI bundle built by `npm run bundle` (run by `npm ci` through `prepare`).
// A young generation of 8 MB: the peak of a Django-sized run falls by ≈ 10 MB at the same CPU time (issue 13).
require('../dist/cli.js').run();
