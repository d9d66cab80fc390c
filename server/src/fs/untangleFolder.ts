/**
 * `.untangle/`: the folder of a project where Untangle keeps its own files (the fix journal, the
 * analysis cache and run records, the baseline, db-stats.json). Its own module, so the warm path
 * (cli/replay.ts) can name it without loading what else uses it.
 */
export const UNTANGLE_FOLDER = '.untangle';
