#!/usr/bin/env node
'use strict';
/**
 * Bundles the CLI (lib/src/cli/index.js and every module it can require, cdk8s included) with
 * esbuild into one file, lib/gha-rs.bundle.js, then runs it once over the examples so that
 * bin/gha-rs.js records a V8 code cache beside it (lib/gha-rs.bundle.cache) for the Node that
 * runs this script; lib/gha-rs.bundle.json names that Node and the bundle's hash. On any other
 * Node the CLI records its own cache in the user's cache folder on its first run (bin/gha-rs.js).
 *
 * esbuild wraps each CommonJS module in a function called on its first require(), so a module
 * required inside a function (the Helm reader, the `yaml` package, the CRDs) is still evaluated
 * only when a run uses it. The bundle is one function expression taking the CommonJS wrapper's
 * arguments, which bin/gha-rs.js compiles with the cache.
 *
 * Usage: node scripts/bundle.js   (run by `npm run build`)
 */
const { createHash } = require('node:crypto');
const { readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');
const { buildSync } = require('esbuild');

const ROOT = join(__dirname, '..');
const ENTRY = join(ROOT, 'lib', 'src', 'cli', 'index.js');
const OUT = join(ROOT, 'lib', 'gha-rs.bundle.js');
const CACHE = `${OUT.slice(0, -3)}.cache`;
const META = `${OUT.slice(0, -3)}.json`;

/**
 * cdk8s ships its own copy of `yaml`; when it is the version this package depends on, the bundle
 * holds one copy instead of two (an alias resolves from the working directory, ROOT).
 */
function oneYaml() {
  const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const same = version(join(ROOT, 'node_modules', 'yaml')) === version(join(ROOT, 'node_modules', 'cdk8s', 'node_modules', 'yaml'));
  return same ? { yaml: './node_modules/yaml' } : {};
}

const result = buildSync({
  entryPoints: [ENTRY],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // ASCII only (other characters escaped): the loader reads it as latin1, without UTF-8 decoding
  charset: 'ascii',
  legalComments: 'none',
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  alias: oneYaml(),
  absWorkingDir: ROOT,
  metafile: true,
  logLevel: 'warning',
});

rmSync(CACHE, { force: true });
// What bin/gha-rs.js needs to pick a code cache: the bundle's identity (V8 checks only the length
// of the source a cache was made for), and the Node version whose cache lib/ holds. The loader
// uses lib/'s cache on that Node only, and makes one per Node version in the user's cache folder
// for any other.
const id = createHash('sha256').update(readFileSync(OUT)).digest('hex').slice(0, 16);
writeFileSync(META, `${JSON.stringify({ id, node: `${process.version}-${process.arch}` })}\n`);
// One run over the examples compiles what a synth and a validate use; the loader then saves the cache.
const env = { ...process.env, GHA_RS_WRITE_CODE_CACHE: '1' };
const out = join(ROOT, 'lib', '.cache-warmup');
for (const args of [['validate', '-q', '-f', 'examples'], ['synth', '-q', '-f', 'examples', '-o', out]]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gha-rs.js'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`warm-up ${args[0]} failed: ${r.stderr}`);
}
rmSync(out, { recursive: true, force: true });
console.log(`bundle: ${Object.keys(result.metafile.inputs).length} modules -> ${relative(ROOT, OUT)} with code cache`);
