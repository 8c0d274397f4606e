/**
 * Keeps a long run's memory near what is live: the spec files being read, then the output units
 * being built. Each file's document and each unit's constructs are garbage once checked or
 * written, so what is live stays flat however large the fleet (the libraries, the specs, one
 * unit); but V8 collects its old generation only when the heap has grown to several times what
 * was live at the last collection, and grows its young generation while allocation goes on, so
 * a fleet of thousands would grow its heap by hundreds of MiB of garbage first. Past
 * `HEAP_LIMIT.collectAt`, a full collection is asked for (through V8's `gc`, made available on
 * first need), and the young generation is kept at the size it has at the first look. A run of
 * fewer than `HEAP_LIMIT.checkEvery` files and units changes no V8 flag.
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

/** V8's young generation stops growing: set once per process, by the first keeper that looks at the heap. */
let youngCapped = false;

/**
 * A function to call after each unit (or file read): every `checkEvery` calls, it collects if
 * the old generation in use is past `collectAt` bytes. Its first look also stops the young
 * generation from growing further: V8 12 (Node 22 and 24) doubles it up to 128 MiB while a long
 * run keeps allocating, which alone would take a 10,000-spec run past its memory target; a run
 * of fewer than `checkEvery` units never looks, and keeps V8's defaults.
 * @returns whether it collected
 */
export function heapKeeper(collectAt: number = HEAP_LIMIT.collectAt, checkEvery: number = HEAP_LIMIT.checkEvery): () => boolean {
  let calls = 0;
  return () => {
    if (++calls % checkEvery) return false;
    if (!youngCapped) {
      setFlagsFromString('--semi-space-growth-factor=1');
      youngCapped = true;
    }
    if (oldGenerationInUse() < collectAt) return false;
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
    return true;
  };
}
