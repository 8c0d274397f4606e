#!/usr/bin/env node
'use strict';
// Runs the CLI from lib/gha-rs.bundle.js (esbuild, scripts/bundle.js) compiled with its V8 code
// cache, else from lib/src/cli. Both run the same compiled code. GHA_RS_DEBUG=1 reports on stderr
// when the cache is missing or V8 rejects it (another Node version, other flags): the CLI then
// compiles as usual, only slower.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

function loadBundled() {
  const bundle = join(__dirname, '..', 'lib', 'gha-rs.bundle.js');
  if (process.env.GHA_RS_NO_BUNDLE || !existsSync(bundle)) return undefined;
  const cacheFile = join(__dirname, '..', 'lib', 'gha-rs.bundle.cache');
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new (require('node:vm').Script)(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData });
  if (process.env.GHA_RS_DEBUG && (!cachedData || script.cachedDataRejected)) {
    process.stderr.write(`gha-rs: debug: code cache ${cachedData ? 'rejected by V8' : 'missing'} (${cacheFile}); compiling the bundle\n`);
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));
  if (process.env.GHA_RS_WRITE_CODE_CACHE) {
    // Recorded after the run, so that it covers every function the run compiled.
    process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  }
  return module.exports;
}

// A reader that stops early (gha-rs synth -o - | head -1) closes the pipe: end quietly, as cat does.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

const cli = loadBundled() || require('../lib/src/cli/index.js');
Promise.resolve(cli.main(process.argv.slice(2))).then((status) => {
  process.exitCode = status;
});
