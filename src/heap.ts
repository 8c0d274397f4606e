/**
 * Keeps a long run's memory near what is live: the spec files being read, then the output units
 * being built. Each file's document and each unit's constructs are garbage once checked or
 * written, so what is live stays flat however large the fleet (the libraries, the specs, one
 * unit); but V8 collects its old generation only when the heap has grown to several times what
 * was live at the last collection, and grows its young generation while allocation goes on, so
 * a fleet of thousands would grow its heap by hundreds of MiB of garbage first. Past
 * `HEAP_LIMIT.collectAt`, a full collection is asked for (through V8's `gc`, made available on
 * first need), and the young generation stops growing past `HEAP_LIMIT.youngGenerationCap`. A run
 * that never gets there, a small one, changes no V8 flag.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HEAP_LIMIT } from './constants';

let gc: (() => void) | undefined;

/**
 * Bytes in use in the old generation (every space but the young one): what only a full
 * collection gives back. The young generation is left out, as its size varies with the Node
 * version (V8 12 lets it grow to 64 MiB, V8 11 to 32) and a scavenge empties it anyway.
 */
function oldGenerationInUse(): number {
  let used = 0;
  for (const s of getHeapSpaceStatistics()) if (!s.space_name.startsWith('new_')) used += s.space_used_size;
  return used;
}

/** Whether V8's young generation has been stopped from growing (once per process). */
let youngCapped = false;

/** The young generation's size, in bytes. */
function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * A function to call after each unit (or file read): every `checkEvery` calls, it collects if
 * the old generation in use is past `collectAt` bytes. At every call until then, it stops the
 * young generation from growing once it has reached `HEAP_LIMIT.youngGenerationCap`: V8 12 (Node
 * 22 and 24) doubles it up to 128 MiB while a long run keeps allocating, which alone would take
 * a 10,000-spec run past its memory target; V8 11 (Node 20) stops at 32 MiB.
 * @returns whether it collected
 */
export function heapKeeper(collectAt: number = HEAP_LIMIT.collectAt, checkEvery: number = HEAP_LIMIT.checkEvery): () => boolean {
  let calls = 0;
  return () => {
    if (!youngCapped && youngGenerationSize() >= HEAP_LIMIT.youngGenerationCap) {
      setFlagsFromString('--semi-space-growth-factor=1');
      youngCapped = true;
    }
    if (++calls % checkEvery) return false;
    if (oldGenerationInUse() < collectAt) return false;
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
    return true;
  };
}
