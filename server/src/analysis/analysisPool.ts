/**
 * A small pool of analysis worker threads (analysisWorker.ts) for the first scan of a folder:
 * they parse Python files and tokenize templates and static files.
 * Single edits are analysed on the main thread: a worker round trip would only add latency.
 */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Settings } from '../core/config/settings';
import type { AnalyzedSource } from './analyzeModule';
import type { WebLanguage } from '../core/webClones/webLanguages';
import type { WebSource } from '../core/webClones/webTokens';

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

/** What became of a file: analysed (Python), tokenized (a template or static file) or skipped. */
export type AnalysisOutcome =
  | { readonly kind: 'analyzed'; readonly analyzed: AnalyzedSource }
  | { readonly kind: 'web'; readonly source: WebSource }
  | { readonly kind: 'skipped'; readonly reason: string };

export type AnalysisResult = AnalysisOutcome & { readonly id: number };

/** Files per worker below which starting one costs more than it saves. */
const FILES_PER_WORKER = 40;
const MAX_WORKERS = 4;

export class AnalysisPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly queue: { job: AnalysisJob; resolve: (result: AnalysisResult) => void; reject: (error: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (result: AnalysisResult) => void; reject: (error: Error) => void; worker: Worker }>();
  private nextId = 0;

  private constructor(size: number) {
    const script = path.join(__dirname, 'analysisWorker.js');
    this.workers = Array.from({ length: size }, () => this.startWorker(script));
    this.idle = [...this.workers];
  }

  /** A pool sized for `files` files, or undefined when the main thread alone is faster. */
  static forFiles(files: number): AnalysisPool | undefined {
    const size = Math.min(MAX_WORKERS, os.availableParallelism(), Math.floor(files / FILES_PER_WORKER));
    return size >= 1 && os.availableParallelism() > 1 ? new AnalysisPool(size) : undefined;
  }

  get size(): number {
    return this.workers.length;
  }

  analyze(job: Omit<AnalysisJob, 'id'>): Promise<AnalysisResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private startWorker(script: string): Worker {
    const worker = new Worker(script);
    worker.on('message', (result: AnalysisResult) => {
      const waiting = this.pending.get(result.id);
      this.pending.delete(result.id);
      this.idle.push(worker);
      waiting?.resolve(result);
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

  /**
   * Gives each idle worker the first job it takes. Templates and static files go to the first
   * worker only: jscpd's tokenizer costs 0.1–0.2 s of CPU to load (its 224 grammars), once per
   * thread that uses it.
   */
  private dispatch(): void {
    for (const worker of [...this.idle].reverse()) {
      const next = this.queue.findIndex(({ job }) => job.language === undefined || worker === this.workers[0]);
      if (next < 0) continue;
      const [{ job, resolve, reject }] = this.queue.splice(next, 1);
      this.idle.splice(this.idle.indexOf(worker), 1);
      this.pending.set(job.id, { resolve, reject, worker });
      worker.postMessage(job);
    }
  }
}
