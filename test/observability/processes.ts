/**
 * The real processes the observability test starts (the shop's development server, Prometheus):
 * started on free loopback ports, their stderr kept, stopped by their own process id.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as net from 'net';
import { z } from 'zod';

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  readonly process: ChildProcess;
  /** What it wrote to stderr so far. */
  stderr(): string;
  stop(): void;
}

export function start(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Started {
  const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return {
    process: child,
    stderr: () => stderr,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

/** Polls `probe` until it returns a value, failing with `what` (and the process' stderr) at the deadline. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, process?: Started): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (process && process.process.exitCode !== null) throw new Error(`${what}: the process exited (${process.process.exitCode}):\n${process.stderr()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${process ? `\n${process.stderr()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Prometheus' HTTP API answer to an instant query (vector results: every expression here aggregates series). */
const queryAnswer = z.object({
  status: z.enum(['success', 'error']),
  error: z.string().optional(),
  data: z.object({ resultType: z.string(), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })) }).optional(),
});
export type QueryAnswer = z.infer<typeof queryAnswer>;

export async function query(prometheus: string, expr: string): Promise<QueryAnswer> {
  const response = await fetch(`${prometheus}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  return queryAnswer.parse(await response.json());
}

/** The loaded alerting rules with their health (`ok` once evaluated without error). */
const rulesAnswer = z.object({
  status: z.literal('success'),
  data: z.object({ groups: z.array(z.object({ rules: z.array(z.object({ name: z.string(), query: z.string(), health: z.string(), state: z.string().optional(), lastError: z.string().optional() })) })) }),
});

export async function rules(prometheus: string): Promise<z.infer<typeof rulesAnswer>['data']['groups'][number]['rules']> {
  const response = await fetch(`${prometheus}/api/v1/rules`);
  return rulesAnswer.parse(await response.json()).data.groups.flatMap((group) => group.rules);
}
