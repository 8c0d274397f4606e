#!/usr/bin/env node
// The library as Python users install it: the wheel `npm run package:python` wrote (dist-jsii/python/),
// installed into a venv beside cdk8s, constructs and cdk8s-plus-28 from PyPI (the versions this
// package builds with), runs test/python-app/main.py, a cdk8s app written as a Python user would.
// Then: its objects equal what `gha-rs synth` writes for the same input (test/python-app/spec.yaml),
// and a bad prop reaches Python as an exception naming the prop.
//
// The venv is kept outside the checkout, keyed by the Python and package versions
// (PYTHON_VENV_CACHE, default ~/.cache/gha-rs-python); each run installs the wheel anew into it.
// PYTHON picks the interpreter (default python3). PYTHON_KEEP=1 keeps the temporary folder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = join(root, 'test', 'python-app');
const started = Date.now();
const step = (what) => console.log(`python: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
// the jsii runtime in Python runs JavaScript with this Node; its end-of-life banner is noise here
const env = { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env, ...opts });

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const wheelDir = join(root, pkg.jsii.outdir, 'python');
const wheels = existsSync(wheelDir) ? readdirSync(wheelDir).filter((f) => f.endsWith('.whl')) : [];
if (wheels.length !== 1) {
  console.error(`python: expected one wheel in ${wheelDir}, found ${wheels.length}; run npm run package:python first`);
  process.exit(1);
}
const wheel = join(wheelDir, wheels[0]);

const python = process.env.PYTHON ?? 'python3';
// versions matching the TypeScript build: cdk8s and constructs as devDependencies pin them, cdk8s-plus-28 as a dependency
const pins = [
  `cdk8s==${pkg.devDependencies.cdk8s}`,
  `constructs==${pkg.devDependencies.constructs}`,
  `cdk8s-plus-28==${pkg.dependencies['cdk8s-plus-28']}`,
];
const pythonVersion = run(python, ['-c', 'import sys; print(".".join(map(str, sys.version_info[:3])))']).trim();
const key = createHash('sha256').update(JSON.stringify([pythonVersion, pins, pkg.devDependencies['jsii-pacmak']])).digest('hex').slice(0, 16);
const venv = join(process.env.PYTHON_VENV_CACHE ?? join(homedir(), '.cache', 'gha-rs-python'), `venv-${key}`);
const venvPython = join(venv, 'bin', 'python');
const done = join(venv, '.complete');

const tmp = mkdtempSync(join(tmpdir(), 'gha-rs-python-'));
try {
  if (!existsSync(done)) {
    rmSync(venv, { recursive: true, force: true });
    run(python, ['-m', 'venv', venv]);
    // the wheel with its dependencies (the jsii runtime among them) and the pinned cdk8s packages
    run(venvPython, ['-m', 'pip', 'install', '--quiet', '--no-input', ...pins, wheel]);
    writeFileSync(done, `${pins.join('\n')}\n`);
    step(`venv made (Python ${pythonVersion}): ${pins.join(', ')}`);
  } else {
    run(venvPython, ['-m', 'pip', 'install', '--quiet', '--no-input', '--no-deps', '--force-reinstall', wheel]);
    step(`venv reused (Python ${pythonVersion}, ${venv})`);
  }
  run(venvPython, ['-m', 'pip', 'check']);
  const installed = JSON.parse(run(venvPython, ['-m', 'pip', 'list', '--format', 'json']))
    .filter((p) => ['cdk8s', 'constructs', 'cdk8s-plus-28', 'cdk8s-gha-runner-scale-set', 'jsii'].includes(p.name))
    .map((p) => `${p.name} ${p.version}`);
  step(`installed ${wheels[0]} (${(statSync(wheel).size / 1024).toFixed(0)} KiB): ${installed.join(', ')}`);

  // 1. the app, synthesized by cdk8s in Python
  const out = join(tmp, 'dist');
  process.stdout.write(run(venvPython, [join(appDir, 'main.py')], { cwd: tmp, env: { ...env, CDK8S_OUTDIR: out } }));
  const synthesized = readdirSync(out).sort();
  step(`the Python app wrote ${synthesized.join(', ')}`);

  // 2. the same input through the CLI
  const cli = run(process.execPath, [join(root, 'bin', 'gha-rs.js'), 'synth', '-q', '-f', join(appDir, 'spec.yaml'), '-o', '-'], { cwd: tmp });

  // compared object by object (cdk8s and gha-rs write YAML differently)
  const objects = (text) => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
  const keyOf = (o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const fromApp = new Map(synthesized.flatMap((f) => objects(readFileSync(join(out, f), 'utf8'))).map((o) => [keyOf(o), o]));
  const fromCli = new Map(objects(cli).map((o) => [keyOf(o), o]));
  const problems = [];
  for (const [k, o] of fromCli) {
    if (!fromApp.has(k)) problems.push(`${k}: written by gha-rs, not by the Python app`);
    else if (!isDeepStrictEqual(fromApp.get(k), o)) problems.push(`${k}: differs\n  python: ${JSON.stringify(fromApp.get(k))}\n  gha-rs: ${JSON.stringify(o)}`);
  }
  for (const k of fromApp.keys()) if (!fromCli.has(k)) problems.push(`${k}: written by the Python app, not by gha-rs`);
  if (problems.length) throw new Error(`the Python app and gha-rs disagree:\n${problems.join('\n')}`);
  step(`${fromCli.size} objects equal to gha-rs synth`);

  // 3. RunnerCount.unset(), and each bad prop (a URL, fractional or negative counts, an empty, PEM-shaped or
  // untrimmed token) as a Python exception naming it, the token never in the message
  process.stdout.write(run(venvPython, [join(appDir, 'main.py'), '--check-errors'], { cwd: tmp }));
  step('each bad prop raised a Python exception naming it');
  console.log('python: ok');
} catch (e) {
  if (e.stdout) console.error(e.stdout);
  if (e.stderr) console.error(e.stderr);
  console.error(`python: FAILED: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (process.env.PYTHON_KEEP) console.log(`python: kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
