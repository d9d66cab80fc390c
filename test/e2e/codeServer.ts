/**
 * Runs the packaged extension in a real VS Code: code-server (VS Code's own server and web
 * workbench, from the npm registry) driven by headless Chromium through playwright-core.
 * Desktop VS Code cannot be downloaded on machines without internet; code-server can, and our
 * extension runs in its Node extension host exactly as in the desktop app.
 *
 * code-server needs Node 24 and builds native modules (kerberos needs libkrb5-dev), so it is
 * installed once into .vscode-test/code-server/ (git-ignored; UNTANGLE_CODE_SERVER_DIR moves
 * it), never into our dependencies.
 */
import { spawn, type SpawnOptions } from 'child_process';
import * as fs from 'fs';
import { freePort } from '../helpers/processes/freePort';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';

/** The repository root (this file runs from out/test/e2e/). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = '24';
const CACHE = path.resolve(process.env.UNTANGLE_CODE_SERVER_DIR ?? path.join(REPO_ROOT, '.vscode-test', 'code-server'));
/** Written last, once the install is verified; without it the cache is rebuilt from scratch. */
const READY_MARKER = path.join(CACHE, `ready-${CODE_SERVER_VERSION}-node${NODE_MAJOR}`);
const INSTALL_LOG = path.join(CACHE, 'install.log');
// Two separate npm projects: installing code-server next to the node package would make npm
// prune node's nested, unsaved node-<platform>-<arch> package (the binary and the headers).
const NODE_PROJECT = path.join(CACHE, 'node');
const APP_PROJECT = path.join(CACHE, 'app');
/** `npm install node@24` fetches node-<platform>-<arch> (binary and headers) and links bin/node to it. */
const NODE_DIST = path.join(NODE_PROJECT, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const APT_HINT = 'apt-get install -y chromium libkrb5-dev g++ make python3';

/** The cached Node 24 and code-server's entry script (what its `code-server` bin links to). */
export interface CodeServerInstall {
  readonly node: string;
  readonly entry: string;
}

/**
 * Installs Node 24 and code-server into the cache unless a verified install is there (about
 * 1.5 minutes and 800 MB the first time). Throws with the install log's tail and the apt
 * packages to install when a step fails.
 */
export async function ensureCodeServer(): Promise<CodeServerInstall> {
  const install = {
    node: path.join(NODE_PROJECT, 'node_modules', 'node', 'bin', 'node'),
    entry: path.join(APP_PROJECT, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
  if (fs.existsSync(READY_MARKER)) return install;

  console.log(`    installing Node ${NODE_MAJOR} and code-server ${CODE_SERVER_VERSION} into ${CACHE} (first run only; log: ${INSTALL_LOG})`);
  fs.rmSync(CACHE, { recursive: true, force: true });
  // npm 11 runs only the install scripts `allowScripts` approves: node's preinstall fetches the
  // binary; code-server's postinstall installs VS Code's own dependencies (building kerberos,
  // spdlog…); argon2 loads its prebuilt binary. Older npm ignores the field and runs them all.
  writeJson(path.join(NODE_PROJECT, 'package.json'), { private: true, allowScripts: { node: true } });
  writeJson(path.join(APP_PROJECT, 'package.json'), { private: true, allowScripts: { 'code-server': true, argon2: true } });

  // Under `npm test` the environment holds what the outer npm sets for its scripts: our package,
  // the lifecycle, the Node 20 it runs on and its user agent (naming Node 20, which code-server's
  // postinstall reads). The installs start without them; npm configuration (registry…) stays.
  const outerNpm = /^npm_(package_|lifecycle_|execpath$|node_execpath$|command$|config_user_agent$)/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !outerNpm.test(name)));
  await run('npm', ['install', '--no-audit', '--no-fund', `node@${NODE_MAJOR}`], { cwd: NODE_PROJECT, env });
  const version = await output(install.node, ['--version']);
  if (!version.startsWith(`v${NODE_MAJOR}.`)) {
    throw new Error(`npm install node@${NODE_MAJOR} gave ${install.node} reporting "${version}"; see ${INSTALL_LOG}`);
  }

  // code-server's postinstall checks the Node version npm runs on (from npm's user agent), so
  // npm must run on Node 24: it goes first on PATH. Native modules build against its headers
  // (node-gyp cannot download them offline), overriding any nodedir from ~/.npmrc.
  await run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: APP_PROJECT,
    env: { ...env, PATH: `${path.dirname(install.node)}${path.delimiter}${env.PATH ?? ''}`, npm_config_nodedir: NODE_DIST },
  });
  // A postinstall that was skipped or stopped half-way leaves these missing.
  const vscode = path.join(APP_PROJECT, 'node_modules', 'code-server', 'lib', 'vscode');
  const built = ['node_modules/kerberos/build/Release/kerberos.node', 'node_modules/@vscode/spdlog/build/Release/spdlog.node', 'bin/remote-cli/code-server'];
  const missing = built.filter((file) => !fs.existsSync(path.join(vscode, file)));
  if (missing.length > 0) {
    throw new Error(`code-server's install scripts did not complete (missing ${missing.join(', ')} under ${vscode}); see ${INSTALL_LOG}. On Debian: ${APT_HINT}`);
  }
  const reported = await output(install.node, [install.entry, '--version'], { env: { ...process.env, ...xdgFolders(CACHE) } });
  if (!reported.split('\n').some((line) => line.startsWith(`${CODE_SERVER_VERSION} `))) {
    throw new Error(`code-server --version printed "${reported}", expected ${CODE_SERVER_VERSION}; see ${INSTALL_LOG}`);
  }
  fs.writeFileSync(READY_MARKER, `${new Date().toISOString()}\n`);
  return install;
}

/** A running code-server. */
export interface CodeServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Its user-data folder (settings, logs), removed by stop(). */
  readonly userData: string;
  /** The processes of its group (the extension host's children included) whose arguments match. */
  processesRunning(matches: (args: readonly string[]) => boolean): number[];
  /** Stops the server's whole process group and removes its temporary folders. */
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** The folder to open. */
  readonly workspace: string;
  /** The .vsix to install before starting. */
  readonly vsix: string;
  /** Where to write the server's output. */
  readonly logFile: string;
}

/**
 * Starts code-server on a free loopback port with throw-away user data and extensions folders,
 * the .vsix installed and workspace trust off (in Restricted Mode our extension would be
 * disabled). Resolves once the server answers HTTP.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const install = await ensureCodeServer();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-code-server-'));
  const userData = path.join(temp, 'user-data');
  const extensions = path.join(temp, 'extensions');
  writeJson(path.join(userData, 'User', 'settings.json'), {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden', // the Chat view would take a third of the screenshots
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  });
  // XDG folders in temp: code-server writes its config.yaml there, not below $HOME.
  const env = { ...process.env, ...xdgFolders(temp) };
  const folders = ['--user-data-dir', userData, '--extensions-dir', extensions];

  const installed = await output(install.node, [install.entry, ...folders, '--install-extension', options.vsix], { env });
  if (!/successfully installed/i.test(installed)) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw new Error(`code-server --install-extension ${options.vsix} failed:\n${installed}`);
  }

  const port = await freePort();
  const args = [install.entry, ...folders, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', options.workspace];
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'w');
  // detached: setsid, so the server, its extension host and our language server form one process
  // group of their own, which stop() ends and nothing else.
  const child = spawn(install.node, args, { cwd: temp, env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const group = child.pid;
  if (group === undefined) throw new Error(`could not start ${install.node} ${args.join(' ')}`);
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  const forget = onAbnormalExit(() => {
    if (groupMembers(group).length > 0) process.kill(-group, 'SIGKILL');
    fs.rmSync(temp, { recursive: true, force: true });
  });

  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    forget();
    await killGroup(group);
    fs.rmSync(temp, { recursive: true, force: true });
  };
  try {
    await waitUntil(`code-server to answer at ${url} (log: ${options.logFile})`, 60_000, async () => {
      if (exited) throw new Error(`code-server ${exited}:\n${fs.readFileSync(options.logFile, 'utf8')}`);
      return fetch(url, { signal: AbortSignal.timeout(2_000) }).then((response) => response.status < 500, () => false);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const processesRunning = (matches: (args: readonly string[]) => boolean): number[] =>
    groupMembers(group).filter((pid) => {
      try {
        return matches(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      } catch {
        return false; // exited meanwhile
      }
    });
  return { url, userData, processesRunning, stop };
}

/** A headless Chromium and the temporary folder it writes to instead of the home folder. */
export interface BrowserSession {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium from Debian's package. Throws, never skips, when it is missing:
 * the end-to-end test is part of the suite.
 */
export async function launchBrowser(): Promise<BrowserSession> {
  requireChromium();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-chromium-'));
  const forget = onAbnormalExit(() => fs.rmSync(home, { recursive: true, force: true })); // playwright kills Chromium itself
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, env: { ...process.env, ...xdgFolders(home) } });
  return {
    browser,
    close: async () => {
      forget();
      await browser.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Throws with the fix when /usr/bin/chromium is missing. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the end-to-end test needs it. On Debian: ${APT_HINT}`);
}

/**
 * Polls `check` every 250 ms until it returns something other than undefined or false, and
 * throws at the deadline. An error thrown by `check` ends the wait at once.
 */
export async function waitUntil<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Clean-ups to run synchronously if the test process ends before `stop()` or `close()`. */
const PENDING = new Set<() => void>();
let exitHandlersInstalled = false;

/**
 * Registers a clean-up for when the test process ends before the `after` hooks run (a crash,
 * Ctrl+C, CI's SIGTERM): code-server has a session of its own, so the terminal's signal misses
 * it. Signals become process.exit so that the 'exit' handlers run. Returns the unregistration.
 */
function onAbnormalExit(cleanUp: () => void): () => void {
  if (!exitHandlersInstalled) {
    exitHandlersInstalled = true;
    process.on('exit', () => PENDING.forEach((pending) => pending()));
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
    }
  }
  PENDING.add(cleanUp);
  return () => PENDING.delete(cleanUp);
}

/** SIGTERM to the whole process group, SIGKILL to what is left after 10 s. */
async function killGroup(group: number): Promise<void> {
  if (groupMembers(group).length === 0) return;
  process.kill(-group, 'SIGTERM');
  try {
    await waitUntil(`process group ${group} to exit`, 10_000, async () => groupMembers(group).length === 0);
  } catch {
    if (groupMembers(group).length > 0) process.kill(-group, 'SIGKILL');
  }
}

/**
 * The live (not zombie) processes of a process group, read from /proc. `kill(-group, 0)` would
 * also count zombies, which linger where PID 1 does not reap orphans (some containers).
 */
function groupMembers(group: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === group && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** XDG base folders inside `root`, for programs that would otherwise write below $HOME. */
function xdgFolders(root: string): Record<string, string> {
  return {
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
  };
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Runs a command with its output appended to the install log; throws with the log's tail on failure. */
async function run(command: string, args: readonly string[], options: SpawnOptions): Promise<void> {
  fs.appendFileSync(INSTALL_LOG, `\n$ ${command} ${args.join(' ')}   (in ${String(options.cwd)})\n`);
  const log = fs.openSync(INSTALL_LOG, 'a');
  const child = spawn(command, args, { ...options, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    const tail = fs.readFileSync(INSTALL_LOG, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (exit ${code}). Last lines of ${INSTALL_LOG}:\n${tail}\nOn Debian the build needs: ${APT_HINT}`);
  }
}

/** Runs a command and resolves with its trimmed stdout and stderr, whatever its exit code. */
async function output(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<string> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  return text.trim();
}
