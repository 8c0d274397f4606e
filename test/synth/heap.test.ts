/** A long synthesis keeps its heap near what is live (the 10,000-spec figures are in bench/README.md). */
import { getHeapStatistics } from 'node:v8';
import { heapKeeper } from '../../src/synth/heap';

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
