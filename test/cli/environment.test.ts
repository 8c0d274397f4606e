/**
 * What the environment does (permissions, a full or read-only disk, a mount point, symlink loops,
 * a file where a folder is expected) is one line naming the path and what to do, exit status 1;
 * never an internal failure, and the output folder is left as it was.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentError } from '../../src/errors';
import { OUTPUT } from '../../src/constants';
import { binFor } from '../support/cli';
import { tempDir } from '../support/temp';

const BIN = join(__dirname, '..', '..', 'bin', 'gha-rs.js');
const EXAMPLE = join(__dirname, '..', '..', 'specs', 'example.yaml');
const CONTROLLER = join(__dirname, '..', '..', 'examples', 'helm-free-arc');
const ROOT = process.getuid?.() === 0;

function run(args: string[], uid?: number, bin = BIN) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', ...(uid === undefined ? {} : { uid, gid: uid }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

/** Root may read and write anywhere: as root, runs that need a denial are started as user 65534. */
const UNPRIVILEGED = ROOT ? 65534 : undefined;

describe('file-system errors', () => {
  test.each([
    ['ENOSPC', '/out/x', '/out/x: no space left on the device; free some space and run again (ENOSPC)'],
    ['EROFS', '/out', '/out: is on a read-only file system; choose a writable location (EROFS)'],
    ['EMFILE', '/a.yaml', '/a.yaml: too many open files; raise the limit (ulimit -n) and run again (EMFILE)'],
    ['EBUSY', '/out', '/out: is busy (a mount point, or in use by another process); choose another path (EBUSY)'],
  ])('%s is one line with the path and what to do', (code, path, message) => {
    expect(environmentError(Object.assign(new Error('x'), { code, path }))?.message).toBe(message);
  });

  test('anything else is no environment error (an internal failure: a bug)', () => {
    expect(environmentError(new TypeError('x is not iterable'))).toBeUndefined();
    expect(environmentError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }))).toBeUndefined();
  });

  test('an unreadable spec file: its path and what to do, other files still checked', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const f = join(dir, 'a.yaml');
    writeFileSync(f, readFileSync(EXAMPLE));
    chmodSync(f, 0o000);
    writeFileSync(join(dir, 'b.yaml'), 'kind: Foo\n');
    chmodSync(join(dir, 'b.yaml'), 0o644);
    const readable = UNPRIVILEGED === undefined ? { bin: BIN } : binFor(UNPRIVILEGED);
    if ('skip' in readable) {
      console.log(`skipped: ${readable.skip}`);
      return;
    }
    const r = run(['validate', '-f', dir], UNPRIVILEGED, readable.bin);
    expect(r.err).toBe([
      `error: ${f}: cannot be read: permission denied; check the permissions of the path and its folders (EACCES)`,
      `error: ${join(dir, 'b.yaml')}: kind: "Foo" is not a kind this tool reads; allowed: KubernetesGhaRunnerScaleSet, KubernetesGhaRunnerScaleSetController (line 1)`,
      '2 problems found.', '',
    ].join('\n'));
    expect(r.code).toBe(1);
  });

  test('an output path through a file: one line naming it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const out = join(dir, 'file', 'out');
    const r = run(['synth', '-q', '-f', EXAMPLE, '-o', out]);
    expect(r.err).toBe(`error: output folder ${out} cannot be created: ${join(dir, 'file')} is not a folder; choose another location\n`);
    expect(r.code).toBe(1);
  });

  test('a symlink loop as the output folder: one line naming it', () => {
    const dir = tempDir();
    symlinkSync('loop', join(dir, 'loop'));
    const out = join(dir, 'loop');
    const r = run(['synth', '-q', '-f', EXAMPLE, '-o', out]);
    expect(r.err).toBe(`error: output folder ${out}: too many levels of symbolic links (a link that points to itself or a loop of links); fix the links (ELOOP)\n`);
    expect(r.code).toBe(1);
  });
});

/**
 * Runs `fn` with an output folder that is a small tmpfs mount, unmounted afterwards; skipped with
 * a note where mounting is not allowed (it needs root with mount rights).
 */
function onTmpfs(size: string, what: string, fn: (out: string) => void): void {
  const out = join(tempDir(), 'out');
  mkdirSync(out);
  if (!ROOT || spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', out]).status !== 0) {
    console.warn(`skipped: ${what} needs a tmpfs mount (root with mount rights)`);
    return;
  }
  try {
    fn(out);
  } finally {
    spawnSync('umount', [out]);
  }
}

describe('a real small file system (needs root and mount; skipped with a note otherwise)', () => {
  test('a full disk: one line naming the folder, the output as it was, nothing left', () => {
    onTmpfs('256k', 'a full disk', (out) => {
      expect(run(['synth', '-q', '-f', EXAMPLE, '-o', out]).code).toBe(0);
      const before = snapshot(out);
      // the controller's CRDs (1 MB) do not fit in 256 KiB
      const r = run(['synth', '-q', '-f', CONTROLLER, '-o', out]);
      expect(r.err).toBe(`error: output folder ${out}: no space left on the device; free some space and run again (ENOSPC)\n`);
      expect(r.code).toBe(1);
      expect(snapshot(out)).toEqual(before);
      // and the output folder is a mount point: replaced in place, never renamed (EBUSY)
      expect(run(['synth', '-q', '-f', EXAMPLE, '-o', out]).code).toBe(0);
      expect(snapshot(out)).toEqual(before);
    });
  });

  test('a read-only file system: one line naming the folder, the output as it was', () => {
    onTmpfs('2m', 'a read-only file system', (out) => {
      expect(run(['synth', '-q', '-f', EXAMPLE, '-o', out]).code).toBe(0);
      const before = snapshot(out);
      expect(spawnSync('mount', ['-o', 'remount,ro', out]).status).toBe(0);
      const r = run(['synth', '-q', '-f', EXAMPLE, '-o', out]);
      expect(r.err).toBe(`error: output folder ${out}: ${join(out, OUTPUT.lock)}: is on a read-only file system; choose a writable location (EROFS)\n`);
      expect(r.code).toBe(1);
      expect(snapshot(out)).toEqual(before);
    });
  });
});
