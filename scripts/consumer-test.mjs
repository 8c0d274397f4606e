#!/usr/bin/env node
// The library as users install it: `npm pack`, the tarball installed into a copy of
// test/consumer-app (a cdk8s app as `cdk8s init typescript-app` sets one up, with its own
// cdk8s and constructs versions), compiled with its strict tsconfig, synthesized with
// `cdk8s synth`. Then: one copy of constructs in the app, and the library's objects equal what
// the packed `gha-rs synth` writes for the same input (test/consumer-app/spec.yaml). The
// TypeScript blocks of README.md and docs/ are compiled with the app (scripts/doc-snippets.mjs
// says how each kind of block is treated), and the whole programs among them are run.
//
// Needs lib/ built (npm run build; `npm run test:consumer` builds first). Packages come from the
// npm cache when they are there (--prefer-offline), else from the registry.
// CONSUMER_KEEP=1 keeps the temporary folder; CONSUMER_CDK8S / CONSUMER_CONSTRUCTS /
// CONSUMER_TYPESCRIPT install other versions into the app (e.g. the oldest the peer ranges allow).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { snippetFiles } from './doc-snippets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appSource = join(root, 'test', 'consumer-app');
const started = Date.now();
const step = (what) => console.log(`consumer: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CI: 'true' } });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!existsSync(join(root, 'lib', 'src', 'index.js'))) {
  console.error('consumer: lib/ is not built; run npm run build first (or npm run test:consumer)');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'gha-rs-consumer-'));
try {
  // 1. the tarball, as `npm publish` would make it (lib/ is built already)
  const [packed] = JSON.parse(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], root));
  const tarball = join(tmp, packed.filename);
  step(`packed ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KiB`);

  // 2. a copy of the app, with the tarball and the app's own dependencies
  const app = join(tmp, 'app');
  cpSync(appSource, app, { recursive: true, filter: (src) => !/(node_modules|dist)$|\.js$|\.d\.ts$/.test(src) });
  const overrides = [['cdk8s', process.env.CONSUMER_CDK8S], ['constructs', process.env.CONSUMER_CONSTRUCTS], ['typescript', process.env.CONSUMER_TYPESCRIPT]]
    .filter(([, v]) => v).map(([name, v]) => `${name}@${v}`);
  run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tarball, ...overrides], app);
  step(`installed into the app${overrides.length ? ` with ${overrides.join(', ')}` : ''}`);

  // 3. one construct tree: a single constructs package in the whole app
  const copies = run(npm, ['ls', 'constructs', '--all', '--parseable'], app).trim().split('\n').filter(Boolean);
  const versions = JSON.parse(run(npm, ['ls', 'constructs', '--all', '--json'], app));
  if (new Set(copies).size !== 1) throw new Error(`npm ls constructs shows ${new Set(copies).size} copies:\n${[...new Set(copies)].join('\n')}`);
  step(`one constructs (${versions.dependencies.constructs.version}), cdk8s ${versions.dependencies.cdk8s?.version ?? JSON.parse(readFileSync(join(app, 'node_modules', 'cdk8s', 'package.json'), 'utf8')).version}`);

  // 4. the documentation's TypeScript blocks beside the app, then a strict type check and
  // compile of it all, then cdk8s synth with this project's cdk8s-cli
  const snippets = snippetFiles(root, readFileSync(join(app, 'snippets', 'prelude.ts'), 'utf8'));
  for (const f of snippets) writeFileSync(join(app, 'snippets', f.name), f.text);
  step(`the docs' TypeScript blocks: ${snippets.length} (${snippets.filter((f) => f.run).length} whole programs) in snippets/`);
  run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
  step(`compiled the app and the docs' blocks with TypeScript ${JSON.parse(readFileSync(join(app, 'node_modules', 'typescript', 'package.json'), 'utf8')).version} (strict)`);
  // --no-check-upgrade: no look-up of newer cdk8s-cli versions on the network
  run(join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'], app);
  const synthesized = readdirSync(join(app, 'dist')).sort();
  step(`cdk8s synth wrote ${synthesized.join(', ')}`);

  // 5. the same input through the packed CLI
  const cli = run(process.execPath, [join(app, 'node_modules', '.bin', 'gha-rs'), 'synth', '-q', '-f', join(app, 'spec.yaml'), '-o', '-'], app);

  // Compared object by object: cdk8s writes YAML with the yaml package, gha-rs with its own
  // writer (different quoting and line folding), so equal objects need not be equal bytes.
  const objects = (text) => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
  const key = (o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const fromApp = new Map(synthesized.flatMap((f) => objects(readFileSync(join(app, 'dist', f), 'utf8'))).map((o) => [key(o), o]));
  const fromCli = new Map(objects(cli).map((o) => [key(o), o]));
  const problems = [];
  for (const [k, o] of fromCli) {
    if (!fromApp.has(k)) problems.push(`${k}: written by gha-rs, not by the app`);
    else if (!isDeepStrictEqual(fromApp.get(k), o)) problems.push(`${k}: differs\n  app:    ${JSON.stringify(fromApp.get(k))}\n  gha-rs: ${JSON.stringify(o)}`);
  }
  const own = [...fromApp.keys()].filter((k) => !fromCli.has(k));
  if (own.join() !== 'Deployment arc-runners/cache-warmer') problems.push(`the app's own objects: expected only Deployment arc-runners/cache-warmer, found ${own.join(', ') || 'none'}`);
  const warmer = fromApp.get('Deployment arc-runners/cache-warmer');
  const claim = warmer?.spec.template.spec.volumes?.[0]?.persistentVolumeClaim?.claimName;
  if (claim !== 'linux-cache' || !fromCli.has(`PersistentVolumeClaim arc-runners/${claim}`)) problems.push(`the app's Deployment mounts claim ${claim}, not the scale set's linux-cache`);
  if (problems.length) throw new Error(`the app and gha-rs disagree:\n${problems.join('\n')}`);
  step(`${fromCli.size} objects equal to gha-rs synth; the app's Deployment uses the scale set's claim`);

  // 6. the docs' whole programs run as a user would run them: in a folder of their own, with the
  // sealing certificate they read and a token in the environment
  const token = 'ghp_docsSnippetToken0123456789';
  const certificate = readFileSync(join(root, 'test', 'fixtures', 'sealing', 'test-only-sealing.crt'), 'utf8');
  for (const f of snippets.filter((s) => s.run)) {
    const cwd = join(tmp, `run-${f.name.replace(/\.ts$/, '')}`);
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'sealing-cert.pem'), certificate);
    try {
      execFileSync(process.execPath, [join(app, 'snippets', f.name.replace(/\.ts$/, '.js'))], {
        cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GITHUB_TOKEN: token },
      });
    } catch (e) {
      throw new Error(`${f.page}, the block at line ${f.line}, exited with ${e.status}:\n${e.stderr || e.stdout}`);
    }
    const written = existsSync(join(cwd, 'dist')) ? readdirSync(join(cwd, 'dist')) : [];
    if (!written.length) throw new Error(`${f.page}, the block at line ${f.line}, ran but wrote nothing into dist/`);
    const text = written.map((w) => readFileSync(join(cwd, 'dist', w), 'utf8')).join('\n');
    const kinds = [...new Set(objects(text).map((o) => o.kind))];
    // a program that seals its Secret writes a SealedSecret and neither the token nor its base64
    if (f.text.includes('SecretsOutput.sealed(') && (!kinds.includes('SealedSecret') || text.includes(token) || text.includes(Buffer.from(token).toString('base64')))) {
      throw new Error(`${f.page}, the block at line ${f.line}, seals its Secret, yet wrote ${kinds.join(', ')}${text.includes('SealedSecret') ? ' with the token readable' : ''}`);
    }
    step(`ran ${f.page}:${f.line}: it wrote ${written.join(', ')} (${kinds.join(', ')})`);
  }
  console.log('consumer: ok');
} catch (e) {
  if (e.stdout) console.error(e.stdout);
  console.error(`consumer: FAILED: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (process.env.CONSUMER_KEEP) console.log(`consumer: kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
