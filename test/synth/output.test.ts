/**
 * The output folder: replaced as a whole or not at all, never absent, only ever holding what
 * gha-rs wrote, under concurrent runs, interrupts, kills, permission problems and symlinks.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { OUTPUT } from '../../src/constants';
import { OutputFolder, replaceOutputDir } from '../../src/synth/output';
import { tempDir } from '../support/temp';
import { binFor } from '../support/cli';

const BIN = join(__dirname, '..', '..', 'bin', 'gha-rs.js');
const LIST = OUTPUT.ownedList;

/** Every entry of a folder with its bytes (folders as `<dir>`). */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => {
    const p = join(dir, f);
    return [f, statSync(p).isDirectory() ? '<dir>' : readFileSync(p, 'utf8')];
  }));
}

const files = (...names: string[]) => names.map((name) => ({ name, content: `# ${name}\n` }));

/** A process id that is no longer running. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('OutputFolder', () => {
  test('a new folder gets the files and the list of them, and nothing else', async () => {
    const out = join(tempDir(), 'out');
    expect(await replaceOutputDir(out, files('a.k8s.yaml', 'b.k8s.yaml'))).toBe(2);
    expect(snapshot(out)).toEqual({
      [LIST]: `# Files gha-rs wrote here; it replaces and removes only these. Do not edit.\na.k8s.yaml\nb.k8s.yaml\n`,
      'a.k8s.yaml': '# a.k8s.yaml\n',
      'b.k8s.yaml': '# b.k8s.yaml\n',
    });
  });

  test('a second run replaces files in place: same folder, retired files gone', async () => {
    const out = join(tempDir(), 'out');
    await replaceOutputDir(out, files('a.k8s.yaml', 'b.k8s.yaml'));
    const inode = statSync(out).ino;
    await replaceOutputDir(out, [{ name: 'a.k8s.yaml', content: 'new\n' }, ...files('c.k8s.yaml')]);
    expect(statSync(out).ino).toBe(inode);
    expect(readdirSync(out).sort()).toEqual([LIST, 'a.k8s.yaml', 'c.k8s.yaml']);
    expect(readFileSync(join(out, 'a.k8s.yaml'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(out, LIST), 'utf8')).toMatch(/\na\.k8s\.yaml\nc\.k8s\.yaml\n$/);
  });

  test('a file that already holds the new bytes, mode, owner and group is left in place; any other is replaced', async () => {
    const out = join(tempDir(), 'out');
    const secret = { name: 's.k8s.yaml', content: 'kind: Secret\n', plainCredentials: ['ci/s'] };
    await replaceOutputDir(out, [...files('a.k8s.yaml', 'b.k8s.yaml', 'c.k8s.yaml', 'd.k8s.yaml'), secret]);
    const ino = (f: string) => statSync(join(out, f)).ino;
    const before = Object.fromEntries(['a', 'b', 'c', 'd', 's'].map((f) => [f, ino(`${f}.k8s.yaml`)]));
    chmodSync(join(out, 'c.k8s.yaml'), 0o640); // another mode: replaced, with the mode a new file gets
    chmodSync(join(out, 's.k8s.yaml'), 0o644); // a credentials file readable by others: back to owner-only
    linkSync(join(out, 'd.k8s.yaml'), join(tempDir(), 'elsewhere')); // a second link: replaced, the link keeps the old file
    await replaceOutputDir(out, [...files('a.k8s.yaml', 'c.k8s.yaml', 'd.k8s.yaml'), { name: 'b.k8s.yaml', content: 'new\n' }, secret]);
    expect(ino('a.k8s.yaml')).toBe(before.a);
    expect([ino('b.k8s.yaml'), ino('c.k8s.yaml'), ino('d.k8s.yaml'), ino('s.k8s.yaml')]).not.toContain(before.b);
    for (const f of ['c', 'd', 's']) expect(ino(`${f}.k8s.yaml`)).not.toBe(before[f]);
    expect(statSync(join(out, 'c.k8s.yaml')).mode & 0o777).toBe(statSync(join(out, 'a.k8s.yaml')).mode & 0o777);
    expect(statSync(join(out, 's.k8s.yaml')).mode & 0o777).toBe(0o600);
    expect(snapshot(out)).toEqual({
      [LIST]: `# Files gha-rs wrote here; it replaces and removes only these. Do not edit.\na.k8s.yaml\nb.k8s.yaml\nc.k8s.yaml\nd.k8s.yaml\ns.k8s.yaml\n`,
      'a.k8s.yaml': '# a.k8s.yaml\n', 'b.k8s.yaml': 'new\n', 'c.k8s.yaml': '# c.k8s.yaml\n', 'd.k8s.yaml': '# d.k8s.yaml\n', 's.k8s.yaml': 'kind: Secret\n',
    });
  });

  test('a *.k8s.yaml it did not write is foreign: refused, folder untouched, nothing left', async () => {
    const out = join(tempDir(), 'dist');
    await replaceOutputDir(out, files('a.k8s.yaml'));
    writeFileSync(join(out, 'other-app.k8s.yaml'), 'kind: ConfigMap\n');
    const before = snapshot(out);
    await expect(replaceOutputDir(out, files('b.k8s.yaml'))).rejects.toThrow(
      `output folder ${out} holds files gha-rs did not write (other-app.k8s.yaml); gha-rs replaces the folder as a whole and keeps the names of the files it wrote in ${LIST}, `
      + 'so choose an empty folder or one only gha-rs writes (move those files away to let it take this one over)');
    expect(snapshot(out)).toEqual(before);
  });

  test('a folder of manifests without the list (hand-made, or another tool\'s) is refused', async () => {
    const out = tempDir();
    for (let i = 0; i < 5; i++) writeFileSync(join(out, `x${i}.k8s.yaml`), '{}\n');
    await expect(replaceOutputDir(out, files('a.k8s.yaml'))).rejects.toThrow('holds files gha-rs did not write (x0.k8s.yaml, x1.k8s.yaml, x2.k8s.yaml, and 2 more)');
    expect(readdirSync(out)).toHaveLength(5);
  });

  test('a listed name that is now a folder is foreign', async () => {
    const out = tempDir();
    await replaceOutputDir(out, files('a.k8s.yaml'));
    const { unlinkSync } = require('node:fs');
    unlinkSync(join(out, 'a.k8s.yaml'));
    mkdirSync(join(out, 'a.k8s.yaml'));
    await expect(replaceOutputDir(out, files('a.k8s.yaml'))).rejects.toThrow('holds files gha-rs did not write (a.k8s.yaml)');
  });

  test('-o through a symlink writes into the target and keeps the link', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'target'));
    symlinkSync('target', join(dir, 'link'));
    await replaceOutputDir(join(dir, 'link'), files('a.k8s.yaml'));
    await replaceOutputDir(join(dir, 'link'), files('b.k8s.yaml'));
    expect(statSync(join(dir, 'link'), { bigint: false }).isDirectory()).toBe(true);
    expect(require('node:fs').readlinkSync(join(dir, 'link'))).toBe('target');
    expect(readdirSync(join(dir, 'target')).sort()).toEqual([LIST, 'b.k8s.yaml']);
  });

  test('a symlink to a missing folder, or a file, is a clear error', async () => {
    const dir = tempDir();
    symlinkSync('nowhere', join(dir, 'dangling'));
    writeFileSync(join(dir, 'file'), 'x');
    await expect(replaceOutputDir(join(dir, 'dangling'), files('a.k8s.yaml'))).rejects.toThrow(`${join(dir, 'dangling')} is a symbolic link to a missing folder; create the folder it points to, or remove the link`);
    await expect(replaceOutputDir(join(dir, 'file'), files('a.k8s.yaml'))).rejects.toThrow(`${join(dir, 'file')} exists and is not a folder; remove it or choose another output folder`);
    await expect(replaceOutputDir(join(dir, 'file', 'out'), files('a.k8s.yaml'))).rejects.toThrow(/^output folder .*file\/out cannot be created: .*\/file is not a folder; choose another location$/);
    expect(readdirSync(dir).sort()).toEqual(['dangling', 'file']);
  });

  test('a symlink loop is a clear error', async () => {
    const dir = tempDir();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    await expect(replaceOutputDir(join(dir, 'a'), files('x.k8s.yaml'))).rejects.toThrow(/too many levels of symbolic links .* \(ELOOP\)$/);
  });

  test('an abort leaves the folder exactly as it was, without staging or lock', async () => {
    const out = tempDir();
    await replaceOutputDir(out, files('a.k8s.yaml'));
    const before = snapshot(out);
    const f = OutputFolder.open(out);
    f.write('b.k8s.yaml', 'b');
    expect(readdirSync(out).filter((e) => e.startsWith(OUTPUT.stagingPrefix))).toHaveLength(1);
    expect(readFileSync(join(out, OUTPUT.lock), 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    // the lock is linked into place with its text: no other file of the lock's is left beside it
    expect(readdirSync(out).filter((n) => n.startsWith(`${OUTPUT.lock}.`))).toEqual([]);
    f.abort();
    expect(snapshot(out)).toEqual(before);
  });

  test('a failure while files are made leaves the folder as it was; a folder it created goes again', async () => {
    const dir = tempDir();
    function* failing() {
      yield* files('a.k8s.yaml');
      throw new Error('boom');
    }
    await expect(replaceOutputDir(join(dir, 'new', 'out'), failing())).rejects.toThrow('boom');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a run holding the lock: "another run is writing OUT", folder untouched', async () => {
    const out = tempDir();
    await replaceOutputDir(out, files('a.k8s.yaml'));
    const before = snapshot(out);
    const holder = OutputFolder.open(out);
    // this process holds it: a second open is refused as any other run would be
    expect(() => OutputFolder.open(out)).toThrow(`another run is writing ${out} (process ${process.pid}); run again when it has finished (if no run is, remove ${join(out, OUTPUT.lock)})`);
    holder.abort();
    expect(snapshot(out)).toEqual(before);
  });

  test('what a killed run left (its lock and staging folder) is removed by the next run', async () => {
    const out = tempDir();
    await replaceOutputDir(out, files('a.k8s.yaml'));
    writeFileSync(join(out, OUTPUT.lock), `${deadPid()} ${hostname()}\n`);
    mkdirSync(join(out, `${OUTPUT.stagingPrefix}abc123`));
    writeFileSync(join(out, `${OUTPUT.stagingPrefix}abc123`, 'secret.k8s.yaml'), 'kind: Secret\n');
    // killed while taking the lock: its id written, not yet linked into place
    writeFileSync(join(out, `${OUTPUT.lock}.${deadPid()}`), `${deadPid()} ${hostname()}\n`);
    await replaceOutputDir(out, files('b.k8s.yaml'));
    expect(readdirSync(out).sort()).toEqual([LIST, 'b.k8s.yaml']);
  });

  test('a killed run in the middle of its commit leaves a list that still covers every file', async () => {
    const out = tempDir();
    await replaceOutputDir(out, files('a.k8s.yaml'));
    // as the commit leaves it after listing old and new names and moving one new file in
    writeFileSync(join(out, LIST), 'a.k8s.yaml\nb.k8s.yaml\n');
    writeFileSync(join(out, 'b.k8s.yaml'), 'b');
    await replaceOutputDir(out, files('c.k8s.yaml'));
    expect(readdirSync(out).sort()).toEqual([LIST, 'c.k8s.yaml']);
  });
});

/** The CLI as a separate process. */
function cli(args: string[], opts: { uid?: number; bin?: string } = {}) {
  const ids = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid };
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], { encoding: 'utf8', ...ids });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A spec folder of `n` scale sets named `<prefix>-<i>`. */
function fleet(n: number, prefix: string): string {
  const dir = tempDir();
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, `${prefix}-${i}.yaml`), [
      'apiVersion: kubernetes.project-planton.org/v1', 'kind: KubernetesGhaRunnerScaleSet', `metadata: {name: ${prefix}-${i}}`,
      'spec:', '  namespace: ci', '  github: {configUrl: "https://github.com/acme", existingSecretName: gh}',
      '  controllerServiceAccount: {namespace: arc-systems, name: arc-gha-rs-controller}', '',
    ].join('\n'));
  }
  return dir;
}

/** The files a fleet of `fleet(n, prefix)` writes. */
const fleetFiles = (n: number, prefix: string) => [LIST, ...Array.from({ length: n }, (_, i) => `scale-set.ci.${prefix}-${i}.k8s.yaml`)].sort();

describe('gha-rs synth into one folder', () => {
  test('concurrent runs: each ends with 0 or "another run is writing OUT", and the folder holds one run\'s complete output', async () => {
    const out = join(tempDir(), 'out');
    const runs = ['p', 'q', 'r', 's', 't', 'u'].map((prefix) => ({ prefix, specs: fleet(20, prefix) }));
    const results = await Promise.all(runs.map(({ specs }) => new Promise<{ code: number | null; err: string }>((done) => {
      const child = spawn(process.execPath, [BIN, 'synth', '-q', '-f', specs, '-o', out]);
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => done({ code, err }));
    })));
    for (const r of results) {
      if (r.code === 0) continue;
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^error: another run is writing ${out} \\(process \\d+\\); run again when it has finished`));
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    const names = readdirSync(out).sort();
    expect(runs.some(({ prefix }) => JSON.stringify(fleetFiles(20, prefix)) === JSON.stringify(names))).toBe(true);
  });

  /** Starts a run of a fleet big enough to be caught while staging; resolves once its staging folder exists. */
  async function caughtWhileStaging(out: string): Promise<ChildProcess> {
    const specs = fleet(1500, 'big');
    const child = spawn(process.execPath, [BIN, 'synth', '-q', '-f', specs, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    for (let i = 0; i < 3000; i++) {
      if (readdirSync(out).some((e) => e.startsWith(OUTPUT.stagingPrefix) && readdirSync(join(out, e)).length > 5)) return child;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('the run never staged a file');
  }

  test.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s while files are staged: exit %d, the folder as it was, nothing left', async (signal, status) => {
    const out = tempDir();
    expect(cli(['synth', '-q', '-f', fleet(2, 'old'), '-o', out]).code).toBe(0);
    const before = snapshot(out);
    const child = await caughtWhileStaging(out);
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.kill(signal);
    expect(await exited).toBe(status);
    expect(err).toBe(`error: interrupted (${signal}); the output was left as it was\n`);
    expect(snapshot(out)).toEqual(before);
  });

  test('SIGKILL while files are staged: the next run removes what it left', async () => {
    const out = tempDir();
    const child = await caughtWhileStaging(out);
    const exited = new Promise((r) => child.on('close', r));
    child.kill('SIGKILL');
    await exited;
    expect(readdirSync(out).some((e) => e.startsWith(OUTPUT.stagingPrefix))).toBe(true);
    const r = cli(['synth', '-q', '-f', fleet(2, 'next'), '-o', out]);
    expect(r.err).toBe('');
    expect(readdirSync(out).sort()).toEqual(fleetFiles(2, 'next'));
  });

  // Root may write anywhere: as root, the run is started as the unprivileged user 65534 instead.
  const uid = process.getuid?.() === 0 ? 65534 : undefined;
  /** The CLI as that user (a copy it can read); undefined, the reason printed, where it cannot run. */
  const asUser = (args: string[]) => {
    if (uid === undefined) return cli(args);
    const readable = binFor(uid);
    if ('skip' in readable) {
      console.log(`skipped: ${readable.skip}`);
      return undefined;
    }
    return cli(args, { uid, bin: readable.bin });
  };
  /** A folder the unprivileged user can enter and read. */
  const openDir = () => {
    const d = tempDir();
    chmodSync(d, 0o755);
    return d;
  };

  test('an output folder without write permission: a clear error naming it, output untouched, nothing left', () => {
    const dir = openDir();
    const specs = fleet(1, 'x');
    chmodSync(specs, 0o755);
    const out = join(dir, 'out');
    expect(cli(['synth', '-q', '-f', specs, '-o', out]).code).toBe(0);
    const before = snapshot(out);
    chmodSync(out, 0o555);
    const r = asUser(['synth', '-q', '-f', specs, '-o', out]);
    if (!r) return;
    expect(r.err).toBe(`error: output folder ${out}: ${join(out, OUTPUT.lock)}: permission denied; check the permissions of the path and its folders (EACCES)\n`);
    expect(r.code).toBe(1);
    chmodSync(out, 0o755);
    expect(snapshot(out)).toEqual(before);
  });

  test('an output folder that cannot be created (read-only parent): a clear error, nothing left', () => {
    const dir = openDir();
    const specs = fleet(1, 'x');
    chmodSync(specs, 0o755);
    chmodSync(dir, 0o555);
    const out = join(dir, 'out');
    const r = asUser(['synth', '-q', '-f', specs, '-o', out]);
    if (!r) return;
    expect(r.err).toBe(`error: output folder ${out}: permission denied; check the permissions of the path and its folders (EACCES)\n`);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});
