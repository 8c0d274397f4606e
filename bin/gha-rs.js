#!/usr/bin/env node
'use strict';
// Runs the CLI from lib/gha-rs.bundle.js (esbuild, scripts/bundle.js) compiled with a V8 code
// cache made by the running Node, else from lib/src/cli. Both run the same compiled code.
//
// V8 accepts a code cache only from its own version (and flags), so the cache is looked for in
// two places: the one `npm run build` recorded in lib/ (used when this Node built it), and one per
// Node version in the user's cache folder, written after the first run that had none (or had
// one V8 rejected), and again after the first run of each other kind (validate, synth of spec
// files, synth of Helm values...), with what that run compiled added. A read-only install or an
// unwritable cache folder only costs that speed.
// GHA_RS_DEBUG=1 says on stderr which cache a run used and what became of it.
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const LIB = join(__dirname, '..', 'lib');
const debug = process.env.GHA_RS_DEBUG ? (line) => process.stderr.write(`gha-rs: debug: ${line}\n`) : undefined;
// (stdout and stderr are written by the CLI, lib/src/cli/stdio.js, which also ends quietly when
// a reader stops early: gha-rs synth -o - | head -1)

/**
 * This Node's folder in the user's cache: $NODE_COMPILE_CACHE/gha-rs (Node's own variable for its
 * compile cache), else $XDG_CACHE_HOME/gha-rs, else ~/.cache/gha-rs; one subfolder per Node
 * version and architecture. None when NODE_DISABLE_COMPILE_CACHE is set or no home is known.
 */
function userCacheDir() {
  const env = process.env;
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  let base = env.NODE_COMPILE_CACHE || env.XDG_CACHE_HOME;
  if (!base) {
    const home = env.HOME || require('node:os').homedir();
    if (!home) return undefined;
    base = join(home, '.cache');
  }
  return join(base, 'gha-rs', `${process.version}-${process.arch}`);
}

/** Reads a file, or gives undefined when it cannot be read. */
function readOrNone(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** What a run compiles depends mostly on its command and its input: `synth`, `synth --helm-values`, `validate`... */
function runKind(argv) {
  const helm = argv.find((a) => a.startsWith('--helm-'));
  return `${argv.find((a) => !a.startsWith('-')) ?? ''}${helm ? ` ${helm.split('=')[0]}` : ''}`;
}

/** Writes `data` to `file` through a temporary file renamed over it (concurrent runs never see half a file); false on failure, silently. */
function writeQuietly(file, data) {
  const { mkdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
    debug?.(`written: ${file}`);
    return true;
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was made
    }
    debug?.(`not written (${e.code || e.message}): ${file}`);
    return false;
  }
}

function loadBundled() {
  const bundle = join(LIB, 'gha-rs.bundle.js');
  if (process.env.GHA_RS_NO_BUNDLE) return undefined;
  // {id: hash of the bundle, node: the Node version whose code cache lib/ holds}; written with the bundle
  const meta = readOrNone(join(LIB, 'gha-rs.bundle.json'));
  if (!meta) return undefined;
  const { id, node } = JSON.parse(meta);
  const dir = userCacheDir();
  // keyed by the bundle's hash: V8 checks version and flags, but of the source only its length
  const userFile = dir && join(dir, `bundle-${id}.cache`);
  const libFile = join(LIB, 'gha-rs.bundle.cache');
  let cacheFile = userFile;
  let cachedData = userFile && readOrNone(userFile);
  if (!cachedData && node === `${process.version}-${process.arch}`) cachedData = readOrNone((cacheFile = libFile));
  const script = new (require('node:vm').Script)(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData });
  const rejected = Boolean(cachedData) && script.cachedDataRejected;
  // The user's cache holds what the runs that recorded it compiled: it is recorded again after the
  // first run of each kind (command, and spec files or Helm values), so it comes to cover them all.
  const kind = runKind(process.argv.slice(2));
  const kindsFile = userFile && `${userFile.slice(0, -'.cache'.length)}.kinds`;
  const kinds = cacheFile === userFile && cachedData && !rejected ? String(readOrNone(kindsFile) ?? '').split('\n') : [];
  const newKind = Boolean(userFile) && cacheFile === userFile && !kinds.includes(kind);
  const record = process.env.GHA_RS_WRITE_CODE_CACHE ? libFile : (!cachedData || rejected || newKind) && userFile;
  if (debug) {
    const state = !cachedData ? `none for ${process.version}${node === `${process.version}-${process.arch}` ? '' : ` (lib/ holds ${node}'s)`}` : rejected ? 'rejected by V8' : 'accepted';
    debug(`code cache ${state}: ${cachedData ? cacheFile : userFile || 'no cache folder'}${record ? `; recorded after this run (${kind})` : ''}`);
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));
  // recorded after the run, so that it covers every function the run compiled
  if (record) {
    process.on('exit', () => {
      if (writeQuietly(record, script.createCachedData()) && record === userFile) {
        writeQuietly(kindsFile, `${[...(rejected ? [] : kinds.filter(Boolean)), kind].join('\n')}\n`);
      }
    });
  }
  return module.exports;
}

/** The plain compiled modules, with Node's own compile cache (Node 22.1+) in the same folder. */
function loadPlain() {
  const dir = userCacheDir();
  const { constants, enableCompileCache } = require('node:module');
  if (dir && enableCompileCache) {
    const r = enableCompileCache(dir);
    const status = constants.compileCacheStatus;
    if (r.status === status.ENABLED || r.status === status.ALREADY_ENABLED) debug?.(`Node's compile cache enabled in ${r.directory}`);
    else debug?.(`Node's compile cache not enabled: ${r.message || 'disabled'}`);
  } else debug?.(`Node's compile cache: ${enableCompileCache ? 'no cache folder' : `not in Node ${process.version}`}`);
  return require('../lib/src/cli/index.js');
}

const cli = loadBundled() || loadPlain();
Promise.resolve(cli.main(process.argv.slice(2))).then((status) => {
  process.exitCode = status;
});
