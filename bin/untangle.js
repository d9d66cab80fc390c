#!/usr/bin/env -S node --max-semi-space-size=8 --expose-gc
// The `untangle` command: the CLI bundle built by `npm run bundle` (run by `npm ci` through `prepare`).
// A young generation of 8 MB: the peak of a Django-sized run falls by ≈ 10 MB at the same CPU time (issue 13).
// `gc` exposed: `check` collects garbage between its phases, for a lower peak (server/src/cli/collectGarbage.ts).
// A check run again on an unchanged workspace is answered from its run record by the small
// dist/replay.js, without loading the analyser (server/src/cli/runRecord.ts).
// A reader that stops early (`untangle check | head`) closes the pipe: the rest of the output is
// not wanted, which is no error. The run ends there, with its exit code once it has one.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
if (!require('../dist/replay.js').replay(process.argv.slice(2), process.cwd())) require('../dist/cli.js').run();
