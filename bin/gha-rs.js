#!/usr/bin/env node
'use strict';
// Loads the CLI from lib/gha-rs.bundle.js with its V8 code cache when the build made them
// (scripts/bundle.js), else from lib/src/cli. Both run the same compiled code.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

function loadBundled() {
  const bundle = join(__dirname, '..', 'lib', 'gha-rs.bundle.js');
  if (!existsSync(bundle) || process.env.GHA_RS_NO_BUNDLE) return undefined;
  const vm = require('node:vm');
  const cacheFile = join(__dirname, '..', 'lib', 'gha-rs.bundle.cache');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The bundle is ASCII: latin1 reads it without UTF-8 decoding.
  const script = new vm.Script(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData });
  const cli = script.runInThisContext()(join(__dirname, '..'), require);
  if (process.env.GHA_RS_WRITE_CODE_CACHE) {
    // Record the cache after the run, so that it covers every function the run compiled.
    process.on('exit', () => {
      const merged = script.createCachedData();
      writeFileSync(cacheFile, merged);
    });
  }
  return cli;
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
