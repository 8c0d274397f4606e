/**
 * Keeps a long synthesis' memory near what is live. Each unit's constructs are garbage once its
 * file is written, so what is live stays flat however large the fleet (the libraries, the specs,
 * one unit); but V8 collects its old generation only when the heap has grown to several times
 * what was live at the last collection, so a fleet of thousands would grow its heap by hundreds
 * of MiB of garbage first. Past `HEAP_LIMIT.collectAt`, a full collection is asked for (through
 * V8's `gc`, made available on first need: a run that never gets there, a small one, changes no
 * V8 flag).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HEAP_LIMIT } from '../constants';

let gc: (() => void) | undefined;

/**
 * A function to call after each unit: every `checkEvery` calls, it collects if the heap in use is
 * past `collectAt` bytes.
 * @returns whether it collected
 */
export function heapKeeper(collectAt: number = HEAP_LIMIT.collectAt, checkEvery: number = HEAP_LIMIT.checkEvery): () => boolean {
  let calls = 0;
  return () => {
    if (++calls % checkEvery) return false;
    if (getHeapStatistics().used_heap_size < collectAt) return false;
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
    return true;
  };
}
