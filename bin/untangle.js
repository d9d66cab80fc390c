#!/usr/bin/env node
// The `untangle` command: the CLI bundle built by `npm run bundle` (run by `npm ci` through `prepare`).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');

/**
 * Loads the bundle with V8's code cache, kept beside it: compiling its 2 MB took a quarter of a
 * warm run. The cache starts with a hash of the bundle's text and of node's version: V8 checks
 * its own version and flags, but of the source only the length, and a rebuilt bundle of the same
 * length would run stale code. A cache that does not match (or none) is written again after the
 * run from what the run compiled. The cache lives
 * beside the bundle, never in a shared or project folder, since code read from it is run; where
 * the bundle's folder cannot be written, the CLI runs as before without one.
 */
function loadBundle(file) {
  const cacheFile = `${file}.v8cache`;
  const source = fs.readFileSync(file, 'utf8');
  const key = Buffer.from(crypto.createHash('sha1').update(`${process.version}\0${process.arch}\0`).update(source).digest('hex'), 'latin1');
  let cachedData;
  try {
    const cached = fs.readFileSync(cacheFile);
    cachedData = cached.subarray(0, key.length).equals(key) ? cached.subarray(key.length) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
  bundle.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeQuietly(cacheFile, Buffer.concat([key, script.createCachedData()])));
  return bundle.exports;
}

/** Writes through a temporary file renamed over the old one (two runs may write at once); a failure only leaves the cache out. */
function writeQuietly(file, bytes) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, bytes, { flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

loadBundle(path.join(__dirname, '..', 'dist', 'cli.js')).run();
