#!/usr/bin/env node
/**
 * `npm run bench`: times `gha-rs synth` as whole processes on fleets of 1, 10, 100, 1,000 and
 * 10,000 generated specs, next to a bare `node -e 0`, and checks the targets of bench/README.md.
 *
 *   npm run bench                    # 11 timed runs per case after a warm-up (5 for 10,000 specs)
 *   BENCH_RUNS=15 npm run bench      # more runs
 *   BENCH_BIG_RUNS=11 npm run bench  # more runs of the 10,000-spec fleet too
 *   BENCH_SIZES=1,100 npm run bench  # fewer fleets
 *   BENCH_BASELINE=../old/bin/gha-rs.js npm run bench   # A/B: another build of the CLI, taking turns
 *   BENCH_OUTPUT=empty npm run bench    # into an empty folder each run (removed before it, not timed)
 *   BENCH_OUTPUT=changed npm run bench  # two fleets taking turns, so that every output file changes each run
 *
 * By default (BENCH_OUTPUT=same) each run writes into the folder of the run before, with the same
 * bytes: a re-run whose specs did not change, where unchanged files are left in place.
 *
 * The specs print warnings, as most real ones do, and the CLI runs as users run it (no `-q`).
 * Wall time: median over the runs, measured around each child process (spawn included, as it
 * is for the `node -e 0` floor). The cases take turns, run after run, so that a slower or faster
 * spell of a shared machine touches all of them alike. Peak memory: the child's maximum resident set size, from
 * /usr/bin/time when the machine has it (Debian package `time`), else not shown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFleet } from './fleet.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'gha-rs.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const SIZES = (process.env.BENCH_SIZES ?? '1,10,100,1000,10000').split(',').map(Number);
/** Runs of a fleet of 10,000 specs or more (each takes seconds); it takes its turns in the first rounds. */
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? Math.min(5, RUNS));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
const OUTPUT = process.env.BENCH_OUTPUT ?? 'same';
if (!['same', 'empty', 'changed'].includes(OUTPUT)) {
  console.error(`BENCH_OUTPUT=${OUTPUT}: use same, empty or changed`);
  process.exit(2);
}

if (!existsSync(join(ROOT, 'lib', 'src', 'cli', 'index.js'))) {
  console.error('lib/ is missing: run `npm ci` (or `npm run build`) first');
  process.exit(2);
}

function once(cmd, args) {
  const argv = TIME ? [TIME, ['-f', '%M', cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  // a fleet of 10,000 prints megabytes of warnings: room for all of them
  const r = spawnSync(argv[0], argv[1], { encoding: 'utf8', maxBuffer: 1 << 30 });
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
  return once(c.cmd, typeof c.args === 'function' ? c.args(run) : c.args);
}

/** Times every case RUNS times (`c.runs` if it says), round-robin, after one warm-up each (file cache, code cache). */
function measureAll(cases) {
  for (const c of cases) runCase(c, 0);
  const runs = cases.map(() => []);
  for (let i = 0; i < RUNS; i++) cases.forEach((c, j) => i < (c.runs ?? RUNS) && runs[j].push(runCase(c, i + 1)));
  return runs.map((r) => ({ ms: median(r.map((x) => x.ms)), mib: Math.max(...r.map((x) => x.kb)) / 1024 }));
}

const work = mkdtempSync(join(tmpdir(), 'gha-rs-bench-'));
try {
  const cases = [{ cmd: process.execPath, args: ['-e', '0'] }];
  const bins = BASELINE ? [BIN, BASELINE] : [BIN];
  for (const n of SIZES) {
    const dir = join(work, `fleet-${n}`);
    writeFleet(dir, n);
    // the same fleet with every spec's maxRunners changed: every output file differs
    const other = `${dir}-changed`;
    if (OUTPUT === 'changed') {
      writeFleet(other, n);
      for (const f of readdirSync(other)) writeFileSync(join(other, f), readFileSync(join(other, f), 'utf8').replace(/maxRunners: (\d+)/, 'maxRunners: 1$1'));
    }
    for (const [b, bin] of bins.entries()) {
      const out = join(work, `out-${n}-${b}`);
      cases.push({
        cmd: process.execPath,
        args: (run) => [bin, 'synth', '-f', OUTPUT === 'changed' && run % 2 ? other : dir, '-o', out],
        prepare: OUTPUT === 'empty' ? () => rmSync(out, { recursive: true, force: true }) : undefined,
        runs: n >= 10000 ? BIG_RUNS : RUNS,
      });
    }
  }
  const [floor, ...timed] = measureAll(cases);
  const results = new Map(SIZES.map((n, i) => [n, timed[i * bins.length]]));

  const mem = (r) => (Number.isFinite(r.mib) ? `${r.mib.toFixed(0)} MiB` : 'n/a');
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${RUNS} runs per case (${BIG_RUNS} of 10,000 specs), cases taking turns, median wall time; output: ${OUTPUT}`);
  console.log('');
  console.log('| case | wall (median) | × node -e 0 | peak RSS |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| node -e 0 | ${floor.ms.toFixed(0)} ms | 1.00 | ${mem(floor)} |`);
  for (const [n, r] of results) console.log(`| synth ${n} spec${n === 1 ? '' : 's'} | ${r.ms.toFixed(0)} ms | ${(r.ms / floor.ms).toFixed(2)} | ${mem(r)} |`);
  console.log('');
  if (BASELINE) {
    console.log(`A/B: this build against ${BASELINE}, taking turns`);
    console.log('');
    console.log('| case | this build | baseline | ratio |');
    console.log('| --- | ---: | ---: | ---: |');
    SIZES.forEach((n, i) => {
      const [a, b] = [timed[i * 2], timed[i * 2 + 1]];
      console.log(`| synth ${n} spec${n === 1 ? '' : 's'} | ${a.ms.toFixed(0)} ms | ${b.ms.toFixed(0)} ms | ${(a.ms / b.ms).toFixed(3)} |`);
    });
    console.log('');
  }

  const checks = [];
  const r1 = results.get(1), r100 = results.get(100), r1000 = results.get(1000), r10000 = results.get(10000);
  if (r1) checks.push(['one spec ≤ 1.5 × node -e 0', r1.ms / floor.ms, 1.5, (r1.ms / floor.ms).toFixed(2)]);
  if (r1 && r100) checks.push(['100 specs ≤ 4 × one spec', r100.ms / r1.ms, 4, (r100.ms / r1.ms).toFixed(2)]);
  if (r1000) checks.push(['1,000 specs < 3 s', r1000.ms / 1000, 3, `${(r1000.ms / 1000).toFixed(2)} s`]);
  if (r1000 && Number.isFinite(r1000.mib)) checks.push(['1,000 specs < 300 MiB', r1000.mib, 300, `${r1000.mib.toFixed(0)} MiB`]);
  if (r100 && r1000) checks.push(['time(1,000) / time(100) ≤ 11', r1000.ms / r100.ms, 11, (r1000.ms / r100.ms).toFixed(2)]);
  if (r10000 && Number.isFinite(r10000.mib)) checks.push(['10,000 specs < 300 MiB', r10000.mib, 300, `${r10000.mib.toFixed(0)} MiB`]);
  if (r1000 && r10000) checks.push(['time(10,000) / time(1,000) ≤ 11', r10000.ms / r1000.ms, 11, (r10000.ms / r1000.ms).toFixed(2)]);
  for (const [name, value, limit, shown] of checks) console.log(`${value <= limit ? 'met ' : 'MISS'}  ${name}: ${shown}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
