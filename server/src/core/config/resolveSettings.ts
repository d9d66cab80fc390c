/**
 * Merges settings from several sources, each validated on its own so that a bad value is blamed
 * on the source that set it and replaced by the next source's value or the default. Config never
 * stops the analysis: the worst outcome is the defaults plus a list of problems.
 *
 * Precedence, lowest first: defaults, `[tool.untangle]` in pyproject.toml, then the layers the
 * caller passes after it (VS Code settings the user set explicitly, CLI flags).
 */
import { settingsSchema, type Settings } from './settings';
import type { SourceRange } from '../model/sourceRange';

/** One source of settings, e.g. pyproject.toml or the editor. */
export interface SettingsLayer {
  /** What to call the source in messages: `pyproject.toml`, `VS Code settings`, `--max-code-lines`. */
  readonly source: string;
  /** Raw values, shaped like the settings object (nested by section). */
  readonly values: unknown;
  /** Finds where a key path is written in the source, for diagnostics on config files. */
  readonly locate?: (keyPath: readonly string[]) => SourceRange | undefined;
}

/** A value that was rejected (and replaced by a lower layer's value or the default). */
export interface SettingsProblem {
  readonly source: string;
  /** The dotted key, e.g. `longFile.maxCodeLines`. */
  readonly key: string;
  readonly message: string;
  readonly range?: SourceRange;
}

export interface ResolvedSettings {
  readonly settings: Settings;
  readonly problems: readonly SettingsProblem[];
}

/** `pyproject.toml [tool.untangle]: longFile.maxCodeLines: Invalid input…` */
export function describeSettingsProblem(problem: SettingsProblem): string {
  return `${problem.source}: ${problem.key ? `${problem.key}: ` : ''}${problem.message}`;
}

/** Validates each layer, drops what is invalid, and merges the rest over the defaults. */
export function resolveSettings(layers: readonly SettingsLayer[]): ResolvedSettings {
  const problems: SettingsProblem[] = [];
  let merged: Record<string, unknown> = {};
  for (const layer of layers) {
    merged = deepMerge(merged, sanitizeLayer(layer, problems));
  }
  return { settings: settingsSchema.parse(merged), problems };
}

const MAX_PASSES = 50;

/** Removes every invalid or unknown value from the layer, reporting each. */
function sanitizeLayer(layer: SettingsLayer, problems: SettingsProblem[]): Record<string, unknown> {
  if (!isPlainObject(layer.values)) {
    if (layer.values !== undefined && layer.values !== null) {
      problems.push({ source: layer.source, key: '', message: `expected a table of settings, got ${describe(layer.values)}` });
    }
    return {};
  }
  const values = structuredClone(layer.values);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = settingsSchema.safeParse(values);
    if (result.success) return values;
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const keyPath = [...path, key];
          problems.push(problemAt(layer, keyPath, `unknown setting${suggestion(key, knownKeys(path))}`));
          removeAt(values, keyPath);
        }
        continue;
      }
      problems.push(problemAt(layer, path, `${issue.message}; got ${describe(valueAt(values, path))}, using the default`));
      removeAt(values, path);
    }
  }
  return {};
}

function problemAt(layer: SettingsLayer, keyPath: string[], message: string): SettingsProblem {
  return { source: layer.source, key: keyPath.join('.'), message, range: layer.locate?.(keyPath) };
}

/** The keys the schema knows at a path, to suggest the one a user probably meant. */
function knownKeys(path: readonly string[]): string[] {
  let shape: unknown = settingsSchema;
  for (const key of path) {
    shape = unwrap(shape)?.shape?.[key];
  }
  return Object.keys(unwrap(shape)?.shape ?? {});
}

interface ObjectLike {
  shape?: Record<string, unknown>;
  def?: { innerType?: unknown };
}

function unwrap(schema: unknown): ObjectLike | undefined {
  let current = schema as ObjectLike | undefined;
  while (current && !current.shape && current.def?.innerType) current = current.def.innerType as ObjectLike;
  return current;
}

function suggestion(key: string, candidates: readonly string[]): string {
  const lower = key.toLowerCase().replace(/[-_]/g, '');
  const close = candidates.find((c) => c.toLowerCase() === lower || editDistance(c.toLowerCase(), lower) <= 2);
  return close ? ` (did you mean \`${close}\`?)` : candidates.length ? ` (known: ${candidates.join(', ')})` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** Removes the value at `path`; for an array element, removes the whole array (one bad glob taints the list). */
function removeAt(root: Record<string, unknown>, path: readonly string[]): void {
  if (path.length === 0) {
    for (const key of Object.keys(root)) delete root[key];
    return;
  }
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const next = (node as Record<string, unknown>)[path[i]];
    if (Array.isArray(next)) {
      delete (node as Record<string, unknown>)[path[i]];
      return;
    }
    if (!isPlainObject(next)) return;
    node = next;
  }
  delete (node as Record<string, unknown>)[path[path.length - 1]];
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}
