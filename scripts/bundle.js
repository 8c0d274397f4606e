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
const { build } = require('esbuild');

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

/**
 * Node modules that cdk8s loads when it is loaded, for functions a run of ours never calls (its
 * Helm and `Include` support spawn processes): loading `child_process` loads Node's net and stream
 * modules. Within node_modules/, `require` of these gets a module of the same names whose functions
 * load the real module when first called (or constructed) and whose other values load it when
 * first read; our own code requires the real modules. (`crypto`, which constructs and cdk8s load
 * too, is not here: the values-hash of every scale set loads it anyway; see bench/README.md.)
 */
const LAZY = ['child_process'];

function lazyModuleSource(name) {
  const real = require(name);
  const fns = Object.keys(real).filter((k) => typeof real[k] === 'function');
  const values = Object.keys(real).filter((k) => typeof real[k] !== 'function');
  return `"use strict";
let real;
const load = () => real || (real = require("node:${name}"));
for (const k of ${JSON.stringify(fns)}) {
  const standIn = function (...args) {
    if (!new.target) return load()[k].apply(this, args);
    return new.target === standIn ? Reflect.construct(load()[k], args) : Reflect.construct(load()[k], args, new.target);
  };
  Object.defineProperty(standIn, Symbol.hasInstance, { value: (o) => o instanceof load()[k] });
  exports[k] = standIn;
}
for (const k of ${JSON.stringify(values)}) Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: () => load()[k] });
`;
}

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.importer.includes(`${join('node_modules', '')}`) ? { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({ contents: lazyModuleSource(args.path), loader: 'js' }));
  },
};

async function bundle() {
const result = await build({
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
  plugins: [lazyBuiltins],
});

rmSync(CACHE, { force: true });
// What bin/gha-rs.js needs to pick a code cache: the bundle's identity (V8 checks only the length
// of the source a cache was made for), and the Node version whose cache lib/ holds. The loader
// uses lib/'s cache on that Node only, and makes one per Node version in the user's cache folder
// for any other.
const id = createHash('sha256').update(readFileSync(OUT)).digest('hex').slice(0, 16);
writeFileSync(META, `${JSON.stringify({ id, node: `${process.version}-${process.arch}` })}\n`);
// Runs over the examples compile what a validate, a synth of spec files and one of Helm values
// use; after each, the loader saves the cache (which holds what the runs before compiled too).
const env = { ...process.env, GHA_RS_WRITE_CODE_CACHE: '1' };
const out = join(ROOT, 'lib', '.cache-warmup');
const warmups = [
  ['validate', '-q', '-f', 'examples'],
  ['synth', '-q', '-f', 'examples', '-o', out],
  ['synth', '-q', '--helm-values', 'examples-helm/install/docker-values.yaml', '--release', 'docker', '-n', 'arc-runners', '-o', out],
];
for (const args of warmups) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gha-rs.js'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`warm-up ${args[0]} failed: ${r.stderr}`);
}
rmSync(out, { recursive: true, force: true });
console.log(`bundle: ${Object.keys(result.metafile.inputs).length} modules -> ${relative(ROOT, OUT)} with code cache`);
}

module.exports = { lazyModuleSource, LAZY };

if (require.main === module) {
  bundle().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
