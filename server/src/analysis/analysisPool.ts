/**
 * A small pool of analysis worker threads (analysisWorker.ts) for the first scan of a folder.
 * Single edits are analysed on the main thread: a worker round trip would only add latency.
 */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Settings } from '../core/config/settings';
import type { AnalyzedSource } from './analyzeModule';

export interface AnalysisJob {
  readonly id: number;
  readonly file: string;
  readonly maxBytes: number;
  readonly settings: Settings;
  /** Unsaved editor text; read from disk when absent. */
  readonly text?: string;
}

export type AnalysisResult =
  /** `hash`: of the text analysed, the analysis cache's key (cacheKeys.ts). */
  | { readonly id: number; readonly kind: 'analyzed'; readonly analyzed: AnalyzedSource; readonly hash: string }
  | { readonly id: number; readonly kind: 'skipped'; readonly reason: string };

/** Files per worker below which starting one costs more than it saves. */
const FILES_PER_WORKER = 40;
const MAX_WORKERS = 4;
/** Jobs queued at a worker at once. */
const IN_FLIGHT = 2;

export class AnalysisPool {
  private readonly workers: Worker[];
  /** Jobs sent to each worker and not answered yet. */
  private readonly load = new Map<Worker, number>();
  private readonly queue: { job: AnalysisJob; resolve: (result: AnalysisResult) => void; reject: (error: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (result: AnalysisResult) => void; reject: (error: Error) => void; worker: Worker }>();
  private nextId = 0;

  private constructor(size: number) {
    const script = path.join(__dirname, 'analysisWorker.js');
    this.workers = Array.from({ length: size }, () => this.startWorker(script));
    for (const worker of this.workers) this.load.set(worker, 0);
  }

  /**
   * A pool of one worker per core, started before the files are known so the grammar loads
   * while the folder is walked; undefined on one core, where the main thread alone is faster.
   */
  static start(): AnalysisPool | undefined {
    const size = Math.min(MAX_WORKERS, os.availableParallelism());
    return size > 1 ? new AnalysisPool(size) : undefined;
  }

  /** A pool for `files` files, or undefined when the main thread alone is faster. */
  static forFiles(files: number): AnalysisPool | undefined {
    return files >= FILES_PER_WORKER ? AnalysisPool.start() : undefined;
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
      this.load.set(worker, this.load.get(worker)! - 1);
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
      this.load.delete(worker);
      if (this.workers.length === 0) {
        for (const queued of this.queue.splice(0)) queued.reject(new Error(`analysis workers failed: ${error.message}`));
      }
    });
    return worker;
  }

  /**
   * Keeps IN_FLIGHT jobs queued at each worker, so it starts the next file as soon as it
   * answers instead of waiting for the main thread to send one.
   */
  private dispatch(): void {
    for (const worker of this.workers) {
      while (this.load.get(worker)! < IN_FLIGHT && this.queue.length > 0) {
        const { job, resolve, reject } = this.queue.shift()!;
        this.pending.set(job.id, { resolve, reject, worker });
        this.load.set(worker, this.load.get(worker)! + 1);
        worker.postMessage(job);
      }
    }
  }
}
