/**
 * Module facts read from a cache file only when first used. Django's facts are 15 of the 21 MB
 * of the cache's JSON, and a warm run whose project findings are restored never reads them (the
 * restore compares the facts objects, not their contents): parsing and checking all of them at
 * start was a third of that run. Their bytes are covered by the file's checksum like the rest;
 * their shape is checked when first read, and facts of the wrong shape (a crafted file, since
 * the checksum and the build fingerprint matched) stop the run with the reason, never reach a rule.
 */
import type { ModuleFacts } from '../../detectors/projectDetector';
import { factsAt, isModuleFacts } from './storedFacts';
import { parseLatin1Json } from './valueChecks';

/** Every field of ModuleFacts: one it adds and this misses fails to compile. */
const FIELDS = Object.keys({
  django: true,
  handRolled: true,
  observability: true,
  queries: true,
  database: true,
  crudHandlers: true,
  formViews: true,
  readViews: true,
} satisfies Record<keyof ModuleFacts, true>) as (keyof ModuleFacts)[];

/** The stored bytes of each lazy facts object, written back as they are when the cache is saved again. */
const storedBytes = new WeakMap<ModuleFacts, Buffer>();

/** Facts parsed from `bytes` (JSON written by asciiJson) when a field is first read, as the module at `path`'s if given. */
export function lazyFacts(bytes: Buffer, path?: string): ModuleFacts {
  let facts: ModuleFacts | undefined;
  const read = (): ModuleFacts => {
    if (facts) return facts;
    const parsed = parseLatin1Json(bytes);
    if (!isModuleFacts(parsed)) throw new Error(`The analysis cache holds facts${path ? ` of ${path}` : ''} that do not match the format (a crafted file): remove the cache folder to rebuild it.`);
    facts = path === undefined ? parsed : factsAt(parsed, path);
    return facts;
  };
  const lazy = {} as ModuleFacts;
  for (const field of FIELDS) Object.defineProperty(lazy, field, { get: () => read()[field], enumerable: true });
  storedBytes.set(lazy, bytes);
  return lazy;
}

/** The bytes lazy facts were read from (undefined: facts made by an analysis), to store them again without parsing. */
export function factsBytes(facts: ModuleFacts): Buffer | undefined {
  return storedBytes.get(facts);
}

/** factsAt for stored facts, lazy ones staying lazy. */
export function storedFactsAt(facts: ModuleFacts, path: string): ModuleFacts {
  const bytes = storedBytes.get(facts);
  return bytes ? lazyFacts(bytes, path) : factsAt(facts, path);
}
