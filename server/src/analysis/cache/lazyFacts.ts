/**
 * Module facts read from a cache file only when first used. Django's facts are 15 MB of JSON, and
 * a warm run whose project findings are restored never reads them (the restore compares the facts
 * objects, not their contents): parsing and checking all of them at start was a third of that
 * run. They are kept packed (JSON, deflated: Django's 15 MB are 2.3), in the cache file as on the
 * main thread from the moment a worker posts them until the rules first read them: as JSON bytes
 * they were 15 MB of both peaks of a cold run (the worker's last files, then the rules and the
 * cache's save). Their bytes are covered by the file's checksum like the rest; their shape is
 * checked when first read. Facts of the wrong shape (a crafted file, since the checksum and the
 * build fingerprint matched) never reach a rule: the project index asks `readableFacts` of each
 * module as the rules are about to read them all, and analyses such a module again
 * (ProjectIndex.replaceUnreadable, loadWorkspace.reanalyseStored).
 * A worker's facts are kept the same way until first read (analysisPool.ts), unchecked: this build wrote them.
 */
import * as zlib from 'zlib';
import type { ModuleFacts } from '../../detectors/projectDetector';
import { factsAt, isModuleFacts } from './storedFacts';
import { asciiJson, parseLatin1Json } from './valueChecks';

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

interface Stored {
  /** The packed facts (packFacts), written back as they are when the cache is saved again. */
  readonly bytes: Buffer;
  /** The facts, parsed on the first call; null: they do not match the format. */
  readonly parse: () => ModuleFacts | null;
  /** Drops the parsed facts, if readable: parsed again when next read. */
  readonly forget: () => void;
}

const stored = new WeakMap<ModuleFacts, Stored>();

/**
 * Facts as they are kept until read: their JSON (asciiJson), deflated. Level 4: Django's 15.5 MB become 2.3, packed in
 * 0.1 s (on the worker) and unpacked in 0.03 s (the default level takes twice as long to pack them 6 % smaller).
 */
export function packFacts(facts: ModuleFacts): Buffer {
  return zlib.deflateRawSync(asciiJson(facts), { level: 4 });
}

/** The JSON value packed in `bytes`, undefined if they are not packed JSON (a crafted file). */
function unpack(bytes: Buffer): unknown {
  try {
    return parseLatin1Json(zlib.inflateRawSync(bytes));
  } catch {
    return undefined;
  }
}

/**
 * Facts unpacked from `bytes` (packFacts) when a field is first read, as the module at `path`'s if given.
 * `made`: this build's analysis wrote them (a worker's result, see analysisPool.ts), so their shape is not checked.
 */
export function lazyFacts(bytes: Buffer, path?: string, made = false): ModuleFacts {
  let facts: ModuleFacts | null | undefined;
  const parse = (): ModuleFacts | null => {
    if (facts !== undefined) return facts;
    const parsed = unpack(bytes) as ModuleFacts;
    facts = !made && !isModuleFacts(parsed) ? null : path === undefined ? parsed : factsAt(parsed, path);
    return facts;
  };
  const read = (): ModuleFacts => {
    const parsed = parse();
    // Only reached if a reader skipped readableFacts: a bug, said as such rather than a rule reading garbage.
    if (!parsed) throw new Error(`Facts${path ? ` of ${path}` : ''} that do not match the cache format were read without being analysed again.`);
    return parsed;
  };
  const lazy = {} as ModuleFacts;
  for (const field of FIELDS) Object.defineProperty(lazy, field, { get: () => read()[field], enumerable: true });
  stored.set(lazy, { bytes, parse, forget: () => void (facts &&= undefined) });
  return lazy;
}

/** Whether the facts can be read: those made on this thread always; lazy ones are parsed (once) to tell. */
export function readableFacts(facts: ModuleFacts): boolean {
  return stored.get(facts)?.parse() !== null;
}

/**
 * Lets lazy facts, once read, be unpacked again when next read rather than kept: after the project
 * rules, a run that reads them no more can collect them before the cache is written (on
 * dist-packages, with a collection there, the cold peak fell by 35–55 MB; see cli/collectGarbage.ts).
 */
export function forgetParsedFacts(facts: ModuleFacts): void {
  stored.get(facts)?.forget();
}

/** Facts packed (packFacts), to store them: lazy ones as they were read, without packing them again. */
export function packedFacts(facts: ModuleFacts): Buffer {
  return stored.get(facts)?.bytes ?? packFacts(facts);
}

/** factsAt for stored facts, lazy ones staying lazy. */
export function storedFactsAt(facts: ModuleFacts, path: string): ModuleFacts {
  const bytes = stored.get(facts)?.bytes;
  return bytes ? lazyFacts(bytes, path) : factsAt(facts, path);
}
