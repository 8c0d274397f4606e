/**
 * What gha-rs reads is bounded, so that no input can hang a run or exhaust the machine: regular
 * files only (a FIFO or a device never ends), at most `INPUT_LIMIT.fileBytes` each, and at most
 * `INPUT_LIMIT.nesting` levels of maps and lists per document.
 */
import { closeSync, constants, fstatSync, openSync, readSync, Stats } from 'node:fs';
import { INPUT_LIMIT } from '../constants';
import { environmentProblem } from '../errors';

/** What a path is, when it is no regular file. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The text of a spec or values file (or of a file a credential field reads), or why it cannot be
 * read (a message to put after the file's name). Opened without blocking, so that a FIFO is
 * refused rather than waited on.
 */
export function readInputFile(path: string, what: InputKind = 'spec'): { text: string } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { problem: cannotRead(e) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: `is ${kindOf(st)}, not a regular file (gha-rs reads regular files only)` };
    const limit = INPUT_LIMIT.fileBytes;
    if (st.size > limit) return { problem: tooBig(what, st.size) };
    // read at most one byte past the limit: the file may grow while it is read
    const buf = Buffer.allocUnsafe(Math.min(st.size, limit) + 1);
    let got = 0;
    for (let n; got < buf.length && (n = readSync(fd, buf, got, buf.length - got, null)) > 0;) got += n;
    if (got > limit) return { problem: tooBig(what) };
    return { text: buf.toString('utf8', 0, got) };
  } catch (e) {
    return { problem: cannotRead(e) };
  } finally {
    closeSync(fd);
  }
}

/** What a file read by gha-rs holds: a spec or values file, or a credential (`fromFile`). */
type InputKind = 'spec' | 'credential';

/** @param bytes the size, or undefined when only known to be over the limit */
function tooBig(what: InputKind, bytes?: number): string {
  const limit = INPUT_LIMIT.fileBytes;
  const over = `is ${bytes === undefined ? 'larger than' : `${bytes} bytes,`} over the limit of ${limit / 1024 / 1024} MiB (${limit} bytes)`;
  return what === 'spec' ? `${over} for a spec or values file; split it into several files` : `${over} for a credential file`;
}

function cannotRead(e: unknown): string {
  const problem = environmentProblem(e);
  if (problem) return `cannot be read: ${problem}`;
  throw e;
}

/** The message for a document nested deeper than the limit. */
export const TOO_DEEP = `is nested more than ${INPUT_LIMIT.nesting} levels deep (maps and lists); no spec or values file needs that many`;

/** Whether a parser's message is its stack running out on deep nesting. */
export const isStackOverflow = (message: string) => message.includes('Maximum call stack size exceeded');

/**
 * The path to the first value nested deeper than `limit` maps and lists in `json`, or undefined
 * when none is. Walks without recursion, so that any depth can be measured.
 */
export function tooDeep(json: unknown, limit: number = INPUT_LIMIT.nesting): (string | number)[] | undefined {
  interface Frame { readonly value: unknown; readonly depth: number; readonly parent?: Frame; readonly key?: string | number }
  const stack: Frame[] = [{ value: json, depth: 0 }];
  while (stack.length) {
    const f = stack.pop()!;
    if (!f.value || typeof f.value !== 'object') continue;
    if (f.depth >= limit) {
      const path: (string | number)[] = [];
      for (let p: Frame | undefined = f; p?.parent; p = p.parent) path.unshift(p.key!);
      return path;
    }
    if (Array.isArray(f.value)) f.value.forEach((value, key) => stack.push({ value, depth: f.depth + 1, parent: f, key }));
    else for (const [key, value] of Object.entries(f.value)) stack.push({ value, depth: f.depth + 1, parent: f, key });
  }
  return undefined;
}
