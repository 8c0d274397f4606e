#!/usr/bin/env node
// The conformance suite: our output against a real kube-apiserver (see conformance/README.md).
//
//   node conformance/run.mjs [--only TEXT]... [--keep]
//
// Builds (or finds cached) kube-apiserver, kubectl and etcd, starts them on 127.0.0.1, runs every
// case of conformance/cases/ in file-name order, stops the servers, and ends with the line
// `conformance: N passed, N failed` (exit status 1 when a check failed).
// Without Go, or when the build fails, it fails under CI=true and is skipped (exit 0) otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { kubectlFor } from './lib/kube.mjs';
import { startControlPlane } from './lib/servers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const { values: opts } = parseArgs({ options: { only: { type: 'string', multiple: true }, keep: { type: 'boolean' } } });
const started = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (s) => process.stdout.write(`${s}\n`);

/** Not able to run: a failure in CI, a skip elsewhere. */
function unavailable(why) {
  if (ci) {
    log(`conformance: cannot run: ${why}`);
    log('conformance: 0 passed, 1 failed');
    process.exit(1);
  }
  log(`conformance: skipped: ${why} (under CI=true this is a failure)`);
  process.exit(0);
}

function script(name) {
  const t0 = Date.now();
  const r = spawnSync('bash', [join(here, name)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status === 3) unavailable('Go is not installed (the go command is not on PATH); install Go 1.25 or newer');
  if (r.status !== 0) unavailable(`conformance/${name} failed (exit ${r.status ?? r.signal}); its messages are above`);
  return { dir: r.stdout.trim().split('\n').pop(), ms: Date.now() - t0 };
}

const build = script('build.sh');
log(`binaries: ${build.dir} (${secs(build.ms)})`);
const thirdPartyCrds = script('crds.sh').dir;

// ---- checks ---------------------------------------------------------------------------------
let passed = 0;
const failures = [];
let currentCase = '';
/** Records one check; `detail` is shown when it fails. Returns `ok`. */
function check(label, ok, detail = '') {
  if (ok) passed += 1;
  else {
    failures.push(`${currentCase}: ${label}${detail ? `\n      ${String(detail).trim().split('\n').join('\n      ')}` : ''}`);
    log(`  FAIL ${label}${detail ? `: ${String(detail).trim().split('\n')[0]}` : ''}`);
  }
  return ok;
}

// ---- servers --------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'gha-rs-conformance-'));
let plane;
const cleanup = async () => {
  if (plane) { const p = plane; plane = undefined; await p.stop(); }
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
};
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    interrupted = true;
    log(`conformance: ${sig}, stopping the servers`);
    cleanup().finally(() => { log('conformance: interrupted'); process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1)); });
  });
}

try {
  const t0 = Date.now();
  plane = await startControlPlane({ bin: build.dir, dir: join(work, 'servers'), log: (s) => log(`servers: ${s}`) });
  log(`servers: up in ${secs(Date.now() - t0)}, pids ${plane.pids.join(', ')}`);
} catch (e) {
  // the binaries are there: a server that does not start is a failure everywhere
  await cleanup();
  log(`conformance: the servers did not start: ${e.message}`);
  log('conformance: 0 passed, 1 failed');
  process.exit(1);
}

const kubectl = kubectlFor(build.dir, plane.kubeconfig);
/** What every case gets. */
const t = {
  root, bin: build.dir, kubeconfig: plane.kubeconfig, thirdPartyCrds, kubectl, check, log,
  only: opts.only ?? [],
  /** A fresh folder for the case's files (removed at the end unless --keep). */
  tmp: (name) => mkdtempSync(join(work, `${name.replace(/[^a-z0-9-]/gi, '-')}-`)),
  /** Figures a case wants in the summary: name -> number. */
  figures: {},
  shared: existsSync(join(root, '..', 'shared')) ? join(root, '..', 'shared') : undefined,
};

const caseFiles = readdirSync(join(here, 'cases')).filter((f) => f.endsWith('.mjs')).sort();
for (const f of caseFiles) {
  if (interrupted) break;
  currentCase = f.replace(/\.mjs$/, '');
  const t1 = Date.now();
  log(`\n== ${currentCase}`);
  try {
    const mod = await import(pathToFileURL(join(here, 'cases', f)).href);
    await mod.run(t);
  } catch (e) {
    check('the case ran to its end', false, e.stack ?? String(e));
  }
  log(`== ${currentCase}: ${secs(Date.now() - t1)}`);
}

await cleanup();
if (interrupted) await new Promise(() => {}); // the signal handler ends the process
if (opts.keep) log(`kept: ${work}`);
if (Object.keys(t.figures).length) log(`\nfigures: ${Object.entries(t.figures).map(([k, v]) => `${v} ${k}`).join(', ')}`);
if (failures.length) log(`\nfailed:\n${failures.map((x) => `  - ${x}`).join('\n')}`);
log(`conformance: ${passed} passed, ${failures.length} failed (${secs(Date.now() - started)})`);
process.exit(failures.length ? 1 : 0);
