// @ts-check
/**
 * jscpd is what Untangle is measured against, not a dependency: the bench installs the exact
 * versions into the gitignored `.bench-cache/` on first run (`npm install --prefix`) and re-uses
 * them afterwards. jscpd 5 ships its Rust binary in a per-platform optional dependency, found
 * here with jscpd's own platform map; both engines are checked to run and print their version.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** @typedef {'jscpd5' | 'jscpd4'} JscpdKey */

/** @type {Record<JscpdKey, string>} */
export const JSCPD_VERSIONS = { jscpd5: '5.3.3', jscpd4: '4.3.0' };

/**
 * @typedef {object} InstalledJscpd
 * @property {JscpdKey} key
 * @property {string} version as the installed tool prints it
 * @property {string} command the executable to spawn
 * @property {string[]} prefixArgs arguments before jscpd's own (the script, for jscpd 4)
 * @property {string} note how it is run, for the report
 */

/**
 * Installs jscpd `key` under `<cacheRoot>/<key>` unless that exact version is there already,
 * then checks it runs.
 * @param {string} cacheRoot
 * @param {JscpdKey} key
 * @returns {InstalledJscpd}
 */
export function installJscpd(cacheRoot, key) {
  const version = JSCPD_VERSIONS[key];
  const dir = path.join(cacheRoot, key);
  const packageJson = path.join(dir, 'node_modules', 'jscpd', 'package.json');
  if (installedVersion(packageJson) !== version) {
    process.stderr.write(`bench: installing jscpd@${version} into ${dir}\n`);
    fs.mkdirSync(dir, { recursive: true });
    const npm = spawnSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `jscpd@${version}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (npm.status !== 0) throw new Error(`npm install jscpd@${version} failed (exit ${npm.status ?? npm.error?.message})`);
  }
  const tool = key === 'jscpd5' ? nativeJscpd(dir) : nodeJscpd(dir);
  const printed = spawnSync(tool.command, [...tool.prefixArgs, '--version'], { encoding: 'utf8' });
  const line = `${printed.stdout ?? ''}`.trim();
  if (printed.status !== 0 || !line.includes(version)) {
    throw new Error(`${tool.command} --version printed ${JSON.stringify(line)} (exit ${printed.status}): expected jscpd ${version}; delete ${dir} to reinstall`);
  }
  return { key, version: line.replace(/^jscpd\s+/, ''), ...tool };
}

/**
 * @param {string} packageJson
 * @returns {string | undefined}
 */
function installedVersion(packageJson) {
  try {
    return JSON.parse(fs.readFileSync(packageJson, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * jscpd 5's binary for this platform, located the way its launcher (run-jscpd.js) does.
 * @param {string} dir
 */
function nativeJscpd(dir) {
  const require = createRequire(path.join(dir, 'node_modules', 'jscpd', 'run-jscpd.js'));
  /** @type {{ getPlatformKey(): string | undefined, PLATFORM_MAP: Record<string, { packageName: string }>, describeHost(): string }} */
  const platforms = require('./platform-map.js');
  const platformKey = platforms.getPlatformKey();
  if (!platformKey) throw new Error(`jscpd 5 has no prebuilt binary for ${platforms.describeHost()}`);
  const packageName = platforms.PLATFORM_MAP[platformKey].packageName;
  /** @type {string} */
  let binary;
  try {
    binary = path.join(path.dirname(require.resolve(`${packageName}/package.json`)), 'bin', process.platform === 'win32' ? 'jscpd.exe' : 'jscpd');
  } catch {
    throw new Error(`jscpd 5's platform package ${packageName} is missing (npm skipped the optional dependency?); delete ${dir} and rerun`);
  }
  return { command: binary, prefixArgs: [], note: `native binary from ${packageName}, run directly` };
}

/**
 * jscpd 4's CLI script, run with this node.
 * @param {string} dir
 */
function nodeJscpd(dir) {
  const script = path.join(dir, 'node_modules', 'jscpd', 'bin', 'jscpd');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing; delete ${dir} and rerun`);
  return { command: process.execPath, prefixArgs: [script], note: `node ${process.version} ${path.relative(process.cwd(), script)}` };
}
