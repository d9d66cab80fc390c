/** A project on disk with duplicates, a long module and a view, loaded with or without the analysis cache. */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { loadWorkspace, type LoadOptions, type LoadResult } from '../../../server/src/analysis/loadWorkspace';
import { AnalysisCache } from '../../../server/src/analysis/cache/analysisCache';
import { projectCache } from '../../../server/src/analysis/cache/cacheLocation';
import { decodeCache, encodeCache } from '../../../server/src/analysis/cache/cacheFormat';
import { readableFacts } from '../../../server/src/analysis/cache/lazyFacts';
import { writeWorkspace } from './workspaceFixture';
import { modelsModule } from './longModule';
import { files, TOTALS } from '../refactor/duplicateFindings';

/**
 * Writes the project: a block copied in three modules, a long models.py, a view with logic, and one reading a relation
 * of each row (n-plus-one: a project rule that needs models.py's facts).
 */
export function writeCacheProject(): string {
  const root = writeWorkspace(
    files({
      'shop/__init__.py': '',
      'shop/views.py': `from shop.models import OrderPart1\n\n\ndef checkout(request, order):${TOTALS}\n    return order\n\n\ndef part_titles(request):\n    return [part.parent.title for part in OrderPart1.objects.all()]\n`,
      'shop/api.py': `def update_order(request, order):${TOTALS}\n    return None\n`,
      'billing/invoices.py': `def invoice(request, order):${TOTALS}\n    return order.total\n`,
    }),
  );
  fs.writeFileSync(path.join(root, 'shop/models.py'), modelsModule(['order', 'product', 'payment'], 30));
  return root;
}

export interface Loaded {
  readonly index: WorkspaceIndex;
  readonly result: LoadResult;
  /** Every finding and the duplication figures, as text: what the CLI and the editor show. */
  readonly report: string;
}

/** Loads `root` into a fresh index, with `cache` when given. */
export async function load(root: string, cache?: AnalysisCache, settings: Settings = DEFAULT_SETTINGS, options: LoadOptions = {}): Promise<Loaded> {
  const index = new WorkspaceIndex(root, await loadPythonParser(), settings);
  const result = await loadWorkspace(index, { ...options, cache });
  return { index, result, report: JSON.stringify({ findings: index.findings(), duplication: index.duplication() }) };
}

/** Opens the project's cache, collecting what it logs. */
export async function openCache(root: string, logged: string[] = [], maxBytes?: number): Promise<AnalysisCache> {
  return AnalysisCache.open(projectCache(root), root, (message) => logged.push(message), maxBytes);
}

/** Saves `cache` after `loaded`, keeping the entries of the files the index analysed. */
export function save(cache: AnalysisCache, { index }: Loaded): Promise<boolean> {
  return cache.save(index, (file) => index.get(file) !== undefined);
}

/** Loads once with an empty cache and saves it, as a first run does. */
export async function firstRun(root: string): Promise<Loaded> {
  const cache = await openCache(root);
  const loaded = await load(root, cache);
  assert.equal(await save(cache, loaded), true);
  return loaded;
}

/** The cache file of the project. */
export function cacheFile(root: string): string {
  return projectCache(root).file;
}

/**
 * Rewrites the cache file `file` as a crafted one would be (checksum and build right): the project facts of the module at
 * `module` (relative) are of the wrong shape. `keepFolder`: the folder's clones and findings stay, so a run restores them.
 */
export function craftFacts(file: string, module: string, keepFolder: boolean): void {
  const { decoded, fingerprint } = decodedFile(file);
  const spoiled = decoded.entries.map((entry) => (entry.path === module ? { ...entry, facts: { ...entry.facts!, django: { ...entry.facts!.django, names: [7 as unknown as string] } } } : entry));
  assert.ok(spoiled.some((entry, i) => entry !== decoded.entries[i] && decoded.entries[i].facts), `${module} has facts`);
  fs.writeFileSync(file, Buffer.concat(encodeCache(spoiled, keepFolder ? decoded.folder : {}, fingerprint, 1 << 30).buffers));
}

/** The modules of the cache file `file` whose project facts do not match the format (relative paths). */
export function unreadableFactsIn(file: string): string[] {
  return decodedFile(file).decoded.entries.filter((entry) => entry.facts && !readableFacts(entry.facts)).map((entry) => entry.path);
}

/** The cache file `file` decoded, as the build that wrote it (the CLI's or the server's bundle, not this test's) reads it. */
function decodedFile(file: string) {
  const bytes = fs.readFileSync(file);
  const fingerprint = /"fingerprint":"([^"]*)"/.exec(bytes.toString('latin1'))![1];
  const decoded = decodeCache(bytes, fingerprint);
  assert.ok(decoded.ok);
  return { decoded, fingerprint };
}
