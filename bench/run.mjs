#!/usr/bin/env node
/**
 * `npm run bench`: times `gha-rs synth` as whole processes on fleets of 1, 10, 100, 1,000 and
 * 10,000 generated specs, next to a bare `node -e 0`, on every Node given to it, and one Helm
 * release next to `helm template` when a helm binary and the chart are given; checks the targets
 * of bench/README.md.
 *
 *   npm run bench                    # 11 timed runs per case after a warm-up (5 for 10,000 specs)
 *   BENCH_RUNS=15 npm run bench      # more runs
 *   BENCH_BIG_RUNS=11 npm run bench  # more runs of the 10,000-spec fleet too
 *   BENCH_SIZES=1,100 npm run bench  # fewer fleets
 *   BENCH_NODES=/opt/node20/bin/node:/opt/node24/bin/node npm run bench   # these Node binaries
 *   BENCH_HELM=/usr/local/bin/helm BENCH_HELM_CHART=.../charts/gha-runner-scale-set npm run bench
 *   BENCH_BASELINE=../old/bin/gha-rs.js npm run bench   # A/B: another build of the CLI, taking turns
 *   BENCH_OUTPUT=empty npm run bench    # into an empty folder each run (removed before it, not timed)
 *   BENCH_OUTPUT=changed npm run bench  # two fleets taking turns, so that every output file changes each run
 *
 * Nodes: BENCH_NODES lists node binaries (separated by `:`); without it, the Node running this
 * script and the pinned versions scripts/node-dist.mjs has already cached (`node
 * scripts/node-dist.mjs 24` fetches one). Each Node has its own `node -e 0` floor, and each of
 * its runs is compared with the floor run of the same round.
 *
 * Helm: BENCH_HELM (a helm 3 binary) and BENCH_HELM_CHART (a folder holding ARC's
 * gha-runner-scale-set chart 0.14.2) together time `helm template docker CHART -n arc-runners
 * --kube-version 1.33.0 -f examples-helm/install/docker-values.yaml` against `gha-rs synth
 * --helm-values` of the same file, both writing to stdout. Without them it says it skipped that.
 *
 * By default (BENCH_OUTPUT=same) each run writes into the folder of the run before, with the same
 * bytes: a re-run whose specs did not change, where unchanged files are left in place.
 *
 * The specs print warnings, as most real ones do, and the CLI runs as users run it (no `-q`).
 * Wall time, measured around each child process (spawn included, as for the `node -e 0` floor).
 * The cases take turns, run after run, so that a slower or faster spell of a shared machine touches
 * all of them alike; a ratio is the median of the ratios of the same round. The CLI's code cache
 * for a Node other than the one that built lib/ goes to a folder of this run (XDG_CACHE_HOME): the
 * warm-up run records it, as a user's first run does. Peak memory: the child's maximum resident
 * set size, from /usr/bin/time when the machine has it (Debian package `time`), else not shown.
 * The load average (/proc/loadavg) is printed before and after.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFleet } from './fleet.mjs';
import { NODE_PINS, nodeCacheDir } from '../scripts/node-dist.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'gha-rs.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const SIZES = (process.env.BENCH_SIZES ?? '1,10,100,1000,10000').split(',').filter(Boolean).map(Number);
/** Runs of a fleet of 10,000 specs or more (each takes seconds); it takes its turns in the first rounds. */
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? Math.min(5, RUNS));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
const OUTPUT = process.env.BENCH_OUTPUT ?? 'same';
const HELM = process.env.BENCH_HELM;
const CHART = process.env.BENCH_HELM_CHART;
const VALUES = join(ROOT, 'examples-helm', 'install', 'docker-values.yaml');
if (!['same', 'empty', 'changed'].includes(OUTPUT)) {
  console.error(`BENCH_OUTPUT=${OUTPUT}: use same, empty or changed`);
  process.exit(2);
}
if (Boolean(HELM) !== Boolean(CHART)) {
  console.error('BENCH_HELM and BENCH_HELM_CHART go together: a helm binary and the folder of the gha-runner-scale-set chart 0.14.2');
  process.exit(2);
}
if (CHART && !existsSync(join(CHART, 'Chart.yaml'))) {
  console.error(`BENCH_HELM_CHART=${CHART}: no Chart.yaml there`);
  process.exit(2);
}
if (!existsSync(join(ROOT, 'lib', 'src', 'cli', 'index.js'))) {
  console.error('lib/ is missing: run `npm ci` (or `npm run build`) first');
  process.exit(2);
}

/** The Node binaries to measure, each with its version: BENCH_NODES, else this one and the cached pins. */
function nodes() {
  const listed = process.env.BENCH_NODES
    ? process.env.BENCH_NODES.split(delimiter).filter(Boolean)
    : [process.execPath, ...Object.values(NODE_PINS).map((v) => join(nodeCacheDir(), v, 'bin', 'node')).filter((b) => existsSync(b))];
  const seen = new Map();
  for (const node of listed) {
    const version = execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    if (!seen.has(version)) seen.set(version, node);
  }
  return [...seen].map(([version, node]) => ({ version, node })).sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
}

const loadavg = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a');

function once(cmd, args, env) {
  const argv = TIME ? [TIME, ['-f', '%M', cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  // a fleet of 10,000 prints megabytes of warnings: room for all of them
  const r = spawnSync(argv[0], argv[1], { encoding: 'utf8', maxBuffer: 1 << 30, env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error ?? ''} ${r.stderr.slice(-2000)}`);
  const kb = TIME ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { ms, kb };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One run of case `c` (its `run`-th): its arguments for that run, after its untimed preparation. */
function runCase(c, run) {
  c.prepare?.();
  return once(c.cmd, typeof c.args === 'function' ? c.args(run) : c.args, c.env);
}

/**
 * Times every case RUNS times (`c.runs` if it says), round-robin, after one warm-up each (file
 * cache, code cache). Returns each case's runs, one entry per round (undefined where it sat out).
 */
function measureAll(cases) {
  for (const c of cases) runCase(c, 0);
  const runs = cases.map(() => []);
  for (let i = 0; i < RUNS; i++) cases.forEach((c, j) => runs[j].push(i < (c.runs ?? RUNS) ? runCase(c, i + 1) : undefined));
  return runs;
}

const summary = (runs) => {
  const done = runs.filter(Boolean);
  return { ms: median(done.map((x) => x.ms)), mib: Math.max(...done.map((x) => x.kb)) / 1024 };
};
/** Median over the rounds both took part in of a's time / b's time in that round. */
const pairedRatio = (a, b) => median(a.flatMap((x, i) => (x && b[i] ? [x.ms / b[i].ms] : [])));

const work = mkdtempSync(join(tmpdir(), 'gha-rs-bench-'));
try {
  const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache') };
  delete env.NODE_COMPILE_CACHE;
  const NODES = nodes();
  const bins = BASELINE ? [BIN, BASELINE] : [BIN];
  const fleets = SIZES.map((n) => {
    const dir = join(work, `fleet-${n}`);
    writeFleet(dir, n);
    // the same fleet with every spec's maxRunners changed: every output file differs
    const other = `${dir}-changed`;
    if (OUTPUT === 'changed') {
      writeFleet(other, n);
      for (const f of readdirSync(other)) writeFileSync(join(other, f), readFileSync(join(other, f), 'utf8').replace(/maxRunners: (\d+)/, 'maxRunners: 1$1'));
    }
    return { n, dir, other };
  });
  const helmArgs = ['docker', '-n', 'arc-runners', '--kube-version', '1.33.0', '-f', VALUES];
  const cases = [];
  const add = (c) => cases.push(c) - 1;
  const perNode = NODES.map(({ version, node }, k) => {
    const floor = add({ cmd: node, args: ['-e', '0'], env });
    const synth = fleets.map(({ n, dir, other }) =>
      bins.map((bin, b) => {
        const out = join(work, `out-${k}-${n}-${b}`);
        return add({
          cmd: node,
          args: (run) => [bin, 'synth', '-f', OUTPUT === 'changed' && run % 2 ? other : dir, '-o', out],
          prepare: OUTPUT === 'empty' ? () => rmSync(out, { recursive: true, force: true }) : undefined,
          runs: n >= 10000 ? BIG_RUNS : RUNS,
          env,
        });
      }),
    );
    const helm = HELM ? add({ cmd: node, args: [BIN, 'synth', '--helm-values', VALUES, '--release', 'docker', '--namespace', 'arc-runners', '-o', '-'], env }) : undefined;
    return { version, node, floor, synth, helm };
  });
  const helmCase = HELM ? add({ cmd: HELM, args: ['template', 'docker', CHART, ...helmArgs.slice(1)], env }) : undefined;

  const loadBefore = loadavg();
  const started = new Date();
  const runs = measureAll(cases);
  const loadAfter = loadavg();

  const mem = (r) => (Number.isFinite(r.mib) ? `${r.mib.toFixed(0)} MiB` : 'n/a');
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${started.toISOString().slice(0, 16)}Z; load average ${loadBefore} before, ${loadAfter} after`);
  console.log(`${RUNS} runs per case (${BIG_RUNS} of 10,000 specs), cases taking turns; median wall time; ratios: median of the same round's ratios; output: ${OUTPUT}`);
  const checks = [];
  for (const { version, floor, synth, helm } of perNode) {
    const f = summary(runs[floor]);
    console.log('');
    console.log(`### Node ${version}`);
    console.log('');
    console.log('| case | wall (median) | × node -e 0 | peak RSS |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| node -e 0 | ${f.ms.toFixed(0)} ms | 1.00 | ${mem(f)} |`);
    const results = new Map();
    fleets.forEach(({ n }, i) => {
      const r = { ...summary(runs[synth[i][0]]), ratio: pairedRatio(runs[synth[i][0]], runs[floor]), runs: runs[synth[i][0]] };
      results.set(n, r);
      console.log(`| synth ${n} spec${n === 1 ? '' : 's'} | ${r.ms.toFixed(0)} ms | ${r.ratio.toFixed(2)} | ${mem(r)} |`);
    });
    let helmRatio;
    if (helm !== undefined) {
      const g = summary(runs[helm]);
      const h = summary(runs[helmCase]);
      helmRatio = pairedRatio(runs[helm], runs[helmCase]);
      console.log(`| synth --helm-values, one release | ${g.ms.toFixed(0)} ms | ${pairedRatio(runs[helm], runs[floor]).toFixed(2)} | ${mem(g)} |`);
      console.log(`| helm template, the same release | ${h.ms.toFixed(0)} ms | ${pairedRatio(runs[helmCase], runs[floor]).toFixed(2)} | ${mem(h)} |`);
    }
    if (BASELINE) {
      console.log('');
      console.log(`A/B on Node ${version}: this build against ${BASELINE}, taking turns`);
      console.log('');
      console.log('| case | this build | baseline | ratio |');
      console.log('| --- | ---: | ---: | ---: |');
      fleets.forEach(({ n }, i) => {
        const [a, b] = [runs[synth[i][0]], runs[synth[i][1]]];
        console.log(`| synth ${n} spec${n === 1 ? '' : 's'} | ${summary(a).ms.toFixed(0)} ms | ${summary(b).ms.toFixed(0)} ms | ${pairedRatio(a, b).toFixed(3)} |`);
      });
    }
    const r1 = results.get(1), r100 = results.get(100), r1000 = results.get(1000), r10000 = results.get(10000);
    const c = (name, value, limit, shown) => checks.push([`Node ${version}: ${name}`, value, limit, shown]);
    if (r1) c('one spec ≤ 1.5 × node -e 0', r1.ratio, 1.5, r1.ratio.toFixed(2));
    if (helmRatio !== undefined) c('one Helm release ≤ 1.0 × helm template', helmRatio, 1.0, helmRatio.toFixed(2));
    if (r1 && r100) c('100 specs ≤ 4 × one spec', pairedRatio(r100.runs, r1.runs), 4, pairedRatio(r100.runs, r1.runs).toFixed(2));
    if (r1000) c('1,000 specs < 1.5 s', r1000.ms / 1000, 1.5, `${(r1000.ms / 1000).toFixed(2)} s`);
    if (r1000 && Number.isFinite(r1000.mib)) c('1,000 specs < 300 MiB', r1000.mib, 300, `${r1000.mib.toFixed(0)} MiB`);
    if (r100 && r1000) c('time(1,000) / time(100) ≤ 11', pairedRatio(r1000.runs, r100.runs), 11, pairedRatio(r1000.runs, r100.runs).toFixed(2));
    if (r10000 && Number.isFinite(r10000.mib)) c('10,000 specs < 300 MiB', r10000.mib, 300, `${r10000.mib.toFixed(0)} MiB`);
    if (r1000 && r10000) c('time(10,000) / time(1,000) ≤ 11', pairedRatio(r10000.runs, r1000.runs), 11, pairedRatio(r10000.runs, r1000.runs).toFixed(2));
  }
  console.log('');
  if (!HELM) console.log('skipped: one Helm release against helm template (set BENCH_HELM to a helm binary and BENCH_HELM_CHART to the gha-runner-scale-set chart 0.14.2)');
  for (const [name, value, limit, shown] of checks) console.log(`${value <= limit ? 'met ' : 'MISS'}  ${name}: ${shown}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
