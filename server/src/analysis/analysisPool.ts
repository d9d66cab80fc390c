/**
 * A small pool of analysis worker threads (analysisWorker.ts) for the first scan of a folder.
 * Single edits are analysed on the main thread: a worker round trip would only add latency.
 * Jobs travel in batches: a message between threads costs a wake-up of the other thread, more
 * than most modules take to analyse.
 */
import * as os from 'os';
import * as path from 'path';
import { Worker, type ResourceLimits } from 'worker_threads';
import type { Settings } from '../core/config/settings';
import type { AnalyzedSource } from './analyzeModule';
import type { WebLanguage } from '../core/webClones/webLanguages';
import type { WebSource } from '../core/webClones/webTokens';
import { lazyFacts, packFacts } from './cache/lazyFacts';

export interface AnalysisJob {
  readonly id: number;
  readonly file: string;
  readonly maxBytes: number;
  readonly settings: Settings;
  /** Unsaved editor text; read from disk when absent. */
  readonly text?: string;
  /** A template or static file, tokenized by jscpd for the duplicate rule only; Python when absent. */
  readonly language?: WebLanguage;
}

/** What became of a file: analysed (Python; `hash` of its text is the analysis cache's key, cacheKeys.ts), tokenized (a template or static file) or skipped. */
export type AnalysisOutcome =
  | { readonly kind: 'analyzed'; readonly analyzed: AnalyzedSource; readonly hash: string }
  | { readonly kind: 'web'; readonly source: WebSource; readonly hash: string; readonly cached?: true }
  | { readonly kind: 'skipped'; readonly reason: string };

export type AnalysisResult = AnalysisOutcome & { readonly id: number };

/** A result as it crosses threads: an analysis's facts packed (see posted). */
export type PostedResult = AnalysisResult & { readonly factsPacked?: Uint8Array };

type Queued = { job: AnalysisJob; resolve: (result: AnalysisResult) => void; reject: (error: Error) => void };

/** Files per worker below which starting one costs more than it saves. */
const FILES_PER_WORKER = 40;
const MAX_WORKERS = 4;
/**
 * Batches a worker holds at once: with the next one already queued it starts it as soon as it
 * posts its results, instead of idling until the main thread (busy indexing) hands it one.
 */
const BATCHES_PER_WORKER = 2;
const MAX_BATCH = 8;
/**
 * A worker's old generation may grow to this much per MB a module may have (maxFileSizeKb): the
 * densest 1 MB module tried (view functions back to back) needed 128–256 MB.
 */
const OLD_GENERATION_MB_PER_SOURCE_MB = 512;
/** A worker's young generation, in MB; V8's default for this machine was 48. */
const YOUNG_GENERATION_MB = 16;

export class AnalysisPool {
  private readonly workers: Worker[];
  /** Batches sent to each worker and not answered yet. */
  private readonly inFlight = new Map<Worker, number>();
  private dispatchQueued = false;
  private readonly queue: Queued[] = [];
  private readonly pending = new Map<number, { resolve: (result: AnalysisResult) => void; reject: (error: Error) => void; worker: Worker }>();
  private nextId = 0;
  /** Each string the results hold, once: see keepOneCopy. */
  private readonly strings = new Map<string, string>();

  private constructor(size: number, maxBytes: number) {
    const script = path.join(__dirname, 'analysisWorker.js');
    this.workers = Array.from({ length: size }, () => this.startWorker(script, workerLimits(maxBytes)));
    for (const worker of this.workers) this.inFlight.set(worker, 0);
  }

  /**
   * A pool of one worker per spare core, started before the files are known so the workers start
   * up while the folder is walked; undefined on one core, where the main thread alone is faster.
   */
  static start(maxBytes: number): AnalysisPool | undefined {
    const size = spareCores();
    return size >= 1 ? new AnalysisPool(size, maxBytes) : undefined;
  }

  /** A pool for `files` files of at most `maxBytes` each, or undefined when the main thread alone is faster. */
  static forFiles(files: number, maxBytes: number): AnalysisPool | undefined {
    const size = Math.min(spareCores(), Math.floor(files / FILES_PER_WORKER));
    return size >= 1 ? new AnalysisPool(size, maxBytes) : undefined;
  }

  /** Whether `files` files are worth the pool's workers; when not, the pool should be closed. */
  worthFor(files: number): boolean {
    return files >= FILES_PER_WORKER;
  }

  get size(): number {
    return this.workers.length;
  }

  analyze(job: Omit<AnalysisJob, 'id'>): Promise<AnalysisResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ }, resolve, reject });
      // Jobs asked for in the same tick go out together.
      if (this.dispatchQueued) return;
      this.dispatchQueued = true;
      queueMicrotask(() => {
        this.dispatchQueued = false;
        this.dispatch();
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private startWorker(script: string, resourceLimits: ResourceLimits): Worker {
    const worker = new Worker(script, { resourceLimits });
    worker.on('message', (posted: PostedResult[]) => {
      this.inFlight.set(worker, this.inFlight.get(worker)! - 1);
      for (const result of posted.map((one) => received(one, this.strings))) {
        this.pending.get(result.id)?.resolve(result);
        this.pending.delete(result.id);
      }
      this.dispatch();
    });
    worker.on('error', (error) => {
      for (const [id, waiting] of this.pending) {
        if (waiting.worker !== worker) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
      this.workers.splice(this.workers.indexOf(worker), 1);
      if (this.workers.length === 0) {
        for (const queued of this.queue.splice(0)) queued.reject(new Error(`analysis workers failed: ${error.message}`));
      }
    });
    return worker;
  }

  /** Sends batches to the least busy workers while some can take one. */
  private dispatch(): void {
    for (;;) {
      const free = this.workers.filter((worker) => this.inFlight.get(worker)! < BATCHES_PER_WORKER);
      free.sort((a, b) => this.inFlight.get(a)! - this.inFlight.get(b)!);
      if (!free.some((worker) => this.send(worker))) return;
    }
  }

  /**
   * Sends `worker` a batch of the queued jobs it takes; false when it takes none. Templates and
   * static files go to the first worker only: jscpd's tokenizer costs 0.1–0.2 s of CPU to load
   * (its 224 grammars), once per thread that uses it.
   */
  private send(worker: Worker): boolean {
    const takes = (job: AnalysisJob) => job.language === undefined || worker === this.workers[0];
    // Smaller batches when few jobs are left, so every worker gets some.
    const size = Math.min(MAX_BATCH, Math.ceil(this.queue.length / this.workers.length));
    const batch: Queued[] = [];
    for (let i = 0; i < this.queue.length && batch.length < size; ) {
      if (takes(this.queue[i].job)) batch.push(...this.queue.splice(i, 1));
      else i++;
    }
    if (batch.length === 0) return false;
    this.inFlight.set(worker, this.inFlight.get(worker)! + 1);
    for (const { job, resolve, reject } of batch) this.pending.set(job.id, { resolve, reject, worker });
    worker.postMessage(batch.map(({ job }) => job));
    return true;
  }
}

/**
 * `result` ready to post, its facts packed (JSON, deflated, as the analysis cache stores them). The
 * main thread keeps them so, off its heap, and unpacks them only when the project rules first read
 * the facts (lazyFacts.ts), after the workers are gone: Django's facts as objects were tens of MB
 * of the run's peak, reached while the worker still ran, and 15 MB as JSON. The cache writes the
 * bytes as they are.
 */
export function posted(result: AnalysisResult): PostedResult {
  if (result.kind !== 'analyzed' || !result.analyzed.analysis.facts) return result;
  const { facts, ...analysis } = result.analyzed.analysis;
  // Copied into a buffer of its own: zlib's result may be a view on a larger one, all of which a message would copy.
  return { ...result, analyzed: { ...result.analyzed, analysis }, factsPacked: new Uint8Array(packFacts(facts)) };
}

/** A result as taken in: its strings shared with earlier ones' (`strings`, see keepOneCopy), its facts lazy. */
function received({ factsPacked, ...result }: PostedResult, strings: Map<string, string>): AnalysisResult {
  if (result.kind !== 'analyzed') return result;
  keepOneCopy(result.analyzed.analysis, strings);
  if (factsPacked === undefined) return result;
  const bytes = Buffer.from(factsPacked.buffer, factsPacked.byteOffset, factsPacked.byteLength);
  return { ...result, analyzed: { ...result.analyzed, analysis: { ...result.analyzed.analysis, facts: lazyFacts(bytes, undefined, true) } } };
}

/**
 * Heap limits for a worker analysing modules of at most `maxBytes`. Left to V8, a worker's heap
 * is sized for the machine's memory (a 4 GB limit here): on Django its young generation grew to
 * 33 MB and its old space to 40–55 MB of pages holding 10–20 MB alive, 40–50 MB of slack in the
 * CLI's peak (the worker is up until the last files, where the peak is). V8 lets an old
 * generation grow by a smaller factor after each full collection when its limit is lower. The
 * limit is hard (the worker fails past it), so it leaves room for the densest module allowed.
 */
export function workerLimits(maxBytes: number): ResourceLimits {
  const sourceMb = Math.max(1, maxBytes / (1024 * 1024));
  return { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: Math.ceil(sourceMb * OLD_GENERATION_MB_PER_SOURCE_MB) };
}

/**
 * Cores left for workers: the main thread keeps one busy taking their results in (indexing,
 * comparing clones). On 2 cores a second worker only competed with it, and cost 50 MB more peak
 * memory and 1 s more CPU on Django (310 vs 260 MB, 7.0 vs 5.9 s, wall time no better). No worker
 * at all saves CPU but not memory (medians of interleaved runs, 2 cores): Django 6.5 vs 6.7 s and
 * 244 vs 247 MB, the standard library 7.5 vs 7.9 s but 303 vs 277 MB (likely as the main thread
 * then keeps every module's facts as objects, see posted, beside its parsing's garbage).
 */
function spareCores(): number {
  return Math.min(MAX_WORKERS, os.availableParallelism() - 1);
}

/**
 * Makes the strings of a result just received share one copy each with those received before:
 * a message between threads copies every string it holds, and the modules' outlines and facts
 * repeat the same names over and over (Django: 490,000 copies of 60,000 strings, 14 MB of the
 * index). The result is the message's own copy, so it is changed in place.
 */
function keepOneCopy(received: object, strings: Map<string, string>): void {
  const stack: object[] = [received];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (ArrayBuffer.isView(next)) continue;
    const holder = next as Record<string, unknown>;
    for (const key of Object.keys(holder)) {
      const value = holder[key];
      if (typeof value === 'string') {
        const kept = strings.get(value);
        if (kept === undefined) strings.set(value, value);
        else holder[key] = kept;
      } else if (typeof value === 'object' && value !== null) {
        stack.push(value);
      }
    }
  }
}
