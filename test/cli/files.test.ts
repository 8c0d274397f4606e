/** What `-f` reads and what the output folder looks like on disk. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { main } from '../../src/cli';
import { specFiles } from '../../src/input/load';
import { Problem } from '../../src/input/problems';
import { specDoc } from '../support/specs';

const BIN = join(__dirname, '..', '..', 'bin', 'gha-rs.js');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gha-rs-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (path: string, text = stringify(specDoc({}, path.replace(/\W/g, '-').replace(/-ya?ml$/, '').toLowerCase()))) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

function filesOf(...paths: string[]) {
  const problems: Problem[] = [];
  const files = specFiles(paths.map((p) => join(dir, p)), problems).map((f) => f.slice(dir.length + 1));
  return { files, problems: problems.map((p) => `${p.file.slice(dir.length + 1)}: ${p.message}`) };
}

describe('-f DIR', () => {
  test('reads .yaml and .yml files in every folder, in path order; hidden entries and node_modules are left out', () => {
    for (const f of ['b.yaml', 'a/z.yml', 'a.yaml', 'a/b/c.yaml', 'notes.txt', '.hidden.yaml', '.git/x.yaml', 'a/.cache/y.yaml', 'node_modules/pkg/s.yaml', 'a/node_modules/t.yaml']) put(f);
    expect(filesOf('.')).toEqual({ files: ['a/b/c.yaml', 'a/z.yml', 'a.yaml', 'b.yaml'], problems: [] });
  });

  test('regular files only: a FIFO named .yaml is not opened', () => {
    put('a.yaml');
    expect(spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status).toBe(0);
    expect(filesOf('.')).toEqual({ files: ['a.yaml'], problems: [] });
  });

  test('symlinks to files and folders are followed', () => {
    put('real/a.yaml');
    put('other/b.yaml');
    symlinkSync(join(dir, 'real', 'a.yaml'), join(dir, 'other', 'link.yaml'));
    symlinkSync(join(dir, 'real'), join(dir, 'other', 'shared'));
    expect(filesOf('other')).toEqual({ files: ['other/b.yaml', 'other/link.yaml', 'other/shared/a.yaml'], problems: [] });
  });

  test('a symlink loop is one clear problem, not a crash', () => {
    put('specs/a.yaml');
    symlinkSync('..', join(dir, 'specs', 'up'));
    symlinkSync('self.yaml', join(dir, 'specs', 'self.yaml'));
    expect(filesOf('specs')).toEqual({
      files: ['specs/a.yaml'],
      problems: ['specs/self.yaml: is a symlink loop', `specs/up: is a symlink loop: it leads to ${realpathSync(dir)}, which holds it`],
    });
    const r = run('validate', '-f', join(dir, 'specs'));
    expect(r.status).toBe(1);
    expect(r.err.split('\n')).toEqual([
      `error: ${join(dir, 'specs', 'self.yaml')}: is a symlink loop`,
      `error: ${join(dir, 'specs', 'up')}: is a symlink loop: it leads to ${realpathSync(dir)}, which holds it`,
      '2 problems found.',
    ]);
  });

  test('two folders linking to each other: a loop, reported once', () => {
    put('a/x.yaml');
    put('b/y.yaml');
    symlinkSync(join(dir, 'b'), join(dir, 'a', 'to-b'));
    symlinkSync(join(dir, 'a'), join(dir, 'b', 'to-a'));
    const real = realpathSync(dir);
    expect(filesOf('a')).toEqual({ files: ['a/to-b/y.yaml', 'a/x.yaml'], problems: [`a/to-b/to-a: is a symlink loop: it leads to ${join(real, 'a')}, which holds it`] });
  });

  test('-f of a symlink loop itself', () => {
    symlinkSync('loop', join(dir, 'loop'));
    expect(run('validate', '-f', join(dir, 'loop')).err).toBe(`error: ${join(dir, 'loop')}: is a symlink loop\n1 problem found.`);
  });
});

test('a file without kind that looks like Helm values: a hint to use --helm-values', () => {
  put('values.yaml', 'githubConfigUrl: https://github.com/acme\ngithubConfigSecret: gh\nmaxRunners: 3\n');
  const f = join(dir, 'values.yaml');
  expect(run('validate', '-f', f).err).toBe(`error: ${f}: kind: is required; allowed: KubernetesGhaRunnerScaleSet, KubernetesGhaRunnerScaleSetController. `
    + 'It looks like values of ARC\'s gha-runner-scale-set chart (githubConfigUrl, githubConfigSecret, maxRunners): read it with --helm-values FILE --release NAME -n NAMESPACE, '
    + 'or turn it into a spec with gha-rs convert (line 1)\n1 problem found.');
  put('other.yaml', 'foo: 1\n');
  expect(run('validate', '-f', join(dir, 'other.yaml')).err).not.toContain('--helm-values');
});

test.each([['022', 0o755], ['027', 0o750]])('the output folder gets the mode umask %s gives', (umask, mode) => {
  const out = join(dir, 'out');
  put('a.yaml');
  for (let i = 0; i < 2; i++) { // created, then replaced
    const r = spawnSync('/bin/sh', ['-c', `umask ${umask} && exec "${process.execPath}" "${BIN}" synth -f "${join(dir, 'a.yaml')}" -o "${out}"`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect((statSync(out).mode & 0o777).toString(8)).toBe(mode.toString(8));
  }
});

describe('-o into a place that cannot hold a folder', () => {
  /**
   * The bundled CLI, killed after 20 s (a run that hangs never ends), and how much longer it took
   * than a `validate` of the same spec just before it: node's start-up and reading the spec, which
   * a busy machine slows down, are the same in both.
   */
  function timed(out: string) {
    put('specs/a.yaml');
    const run = (args: string[]) => {
      const started = Date.now();
      const r = spawnSync(process.execPath, [BIN, ...args, '-q', '-f', join(dir, 'specs')], { encoding: 'utf8', timeout: 20000 });
      return { ms: Date.now() - started, status: r.status, signal: r.signal, err: r.stderr };
    };
    const baseline = run(['validate']).ms;
    const r = run(['synth', '-o', out]);
    return { ...r, ms: r.ms - baseline };
  }

  test.each([
    ['/proc/gha-rs-test', '/proc/gha-rs-test cannot be created: /proc cannot hold folders'],
    ['/proc/gha-rs-test/a/b', '/proc/gha-rs-test/a/b cannot be created: /proc cannot hold folders'],
    ['/proc/self/gha-rs-test', '/proc/self/gha-rs-test cannot be created: /proc/self cannot hold folders'],
  ])('%s fails within a second with one line naming it (recursive mkdir loops there)', (out, message) => {
    const r = timed(out);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.err).toBe(`error: output folder ${message} (a virtual file system such as /proc or /sys?); choose another location\n`);
    expect(r.ms).toBeLessThan(1000);
  });

  test('a file, or a path under a file: one line naming the file', () => {
    writeFileSync(join(dir, 'file'), 'x');
    let r = timed(join(dir, 'file'));
    expect([r.status, r.err]).toEqual([1, `error: ${join(dir, 'file')} exists and is not a folder; remove it or choose another output folder\n`]);
    r = timed(join(dir, 'file', 'sub', 'out'));
    expect([r.status, r.err]).toEqual([1, `error: output folder ${join(dir, 'file', 'sub', 'out')} cannot be created: ${join(dir, 'file')} is not a folder; choose another location\n`]);
    expect(r.ms).toBeLessThan(1000);
  });

  test('a read-only mount: one line naming the folder (needs root and a tmpfs mount; skipped with a reason otherwise)', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]).status === 0;
    if (!mounted) {
      console.log('skipped: a read-only tmpfs cannot be mounted here (not root, or no mount permission)');
      return;
    }
    try {
      const r = timed(join(ro, 'out'));
      expect([r.status, r.err]).toEqual([1, `error: output folder ${join(ro, 'out')}: is on a read-only file system; choose a writable location (EROFS)\n`]);
      expect(r.ms).toBeLessThan(1000);
    } finally {
      spawnSync('umount', [ro]);
    }
  });
});
