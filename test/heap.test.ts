/** A long synthesis keeps its heap near what is live (the 10,000-spec figures are in bench/README.md). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { heapKeeper } from '../src/heap';

test('below the limit nothing happens; past it, every N-th call collects the garbage', () => {
  expect(heapKeeper(Number.MAX_SAFE_INTEGER, 1)()).toBe(false);
  const keep = heapKeeper(0, 3);
  expect([keep(), keep()]).toEqual([false, false]);
  // garbage: a few MiB no one holds
  for (let i = 0; i < 50; i++) new Array(100000).fill({ i });
  const before = getHeapStatistics().used_heap_size;
  expect(keep()).toBe(true);
  expect(getHeapStatistics().used_heap_size).toBeLessThan(before);
});

/** The young generation's largest size while a loop allocates, in a Node of its own; with `keeper`, a heap keeper is called as a run calls it. */
function youngGenerationPeakMiB(keeper: boolean): number {
  const heap = join(__dirname, '..', 'lib', 'src', 'heap.js');
  const script = `
    const keep = ${keeper} ? require(${JSON.stringify(heap)}).heapKeeper(Number.MAX_SAFE_INTEGER) : () => {};
    const { getHeapSpaceStatistics } = require('node:v8');
    let live = [], peak = 0;
    for (let i = 0; i < 3e6; i++) {
      live.push({ i, s: 'x' + i });
      if (live.length > 100000) live = [];
      if (i % 2000 === 0) {
        keep();
        peak = Math.max(peak, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
      }
    }
    process.stdout.write(String(peak / 1048576));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return Number(r.stdout);
}

test('a keeper stops the young generation from growing past its cap (V8 12 lets it reach 128 MiB; V8 11 stops at 32 anyway)', () => {
  const free = youngGenerationPeakMiB(false);
  const capped = youngGenerationPeakMiB(true);
  expect(free).toBeGreaterThanOrEqual(32);
  expect(capped).toBeLessThanOrEqual(32);
  if (Number(process.versions.node.split('.')[0]) >= 22) expect(free).toBeGreaterThan(capped);
});
