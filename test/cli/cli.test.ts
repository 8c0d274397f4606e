/** The CLI as users run it: a separate process, exit codes, output folder safety, determinism, fleets. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../support/compare';
import { specDoc, tempDir, writeSpec } from '../support/specs';

const BIN = join(__dirname, '..', '..', 'bin', 'gha-rs.js');
const EXAMPLE = join(__dirname, '..', '..', 'specs', 'example.yaml');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file of a folder with its bytes. */
function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('gha-rs synth', () => {
  test('writes the example: a namespace file and one file per scale set', () => {
    const out = join(tempDir(), 'dist');
    const r = run('synth', '-f', EXAMPLE, '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`1 scale set written to ${out} (2 files)\n`);
    expect(readdirSync(out).sort()).toEqual(['.gha-rs-files', '00-namespaces.k8s.yaml', 'scale-set.arc-runners.arc-runner-set.k8s.yaml']);
    const kinds = parseYaml(readFileSync(join(out, 'scale-set.arc-runners.arc-runner-set.k8s.yaml'), 'utf8')).map((o) => o.kind);
    expect(kinds).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'AutoscalingRunnerSet']);
  });

  test('the same input gives the same bytes', () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    expect(run('synth', '-f', EXAMPLE, '-o', a).code).toBe(0);
    expect(run('synth', '-f', EXAMPLE, '-o', b).code).toBe(0);
    expect(snapshotDir(a)).toEqual(snapshotDir(b));
  });

  test('a bad spec: exit 1, every problem on stderr, no stack trace, previous output untouched', () => {
    const out = join(tempDir(), 'dist');
    expect(run('synth', '-f', EXAMPLE, '-o', out).code).toBe(0);
    const before = snapshotDir(out);
    const bad = writeSpec([specDoc({ scaling: { maxRunners: -1 }, containerMode: { type: 'DIN' } })]);
    const r = run('synth', '-f', bad, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: ${bad}: spec.scaling.maxRunners: -1 is negative; maxRunners must be 0 or more`);
    expect(r.err).toContain(`error: ${bad}: spec.containerMode.type: "DIN" is not allowed (did you mean "DIND"?)`);
    expect(r.err).toContain('2 problems found; nothing was written.');
    noStack(r.err);
    expect(snapshotDir(out)).toEqual(before);
  });

  test('a replaced output folder loses files of scale sets no longer in the specs', () => {
    const dir = tempDir();
    const out = join(dir, 'dist');
    const specs = join(dir, 'specs');
    mkdirSync(specs);
    writeSpec([specDoc({}, 'a')], 'a.yaml', specs);
    writeSpec([specDoc({}, 'b')], 'b.yaml', specs);
    expect(run('synth', '-f', specs, '-o', out).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.gha-rs-files', 'scale-set.ci.a.k8s.yaml', 'scale-set.ci.b.k8s.yaml']);
    writeFileSync(join(specs, 'b.yaml'), '# retired\n');
    expect(run('synth', '-f', specs, '-o', out).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.gha-rs-files', 'scale-set.ci.a.k8s.yaml']);
  });

  test('refuses to replace a folder holding files it did not write, and leaves it as it was', () => {
    const out = tempDir();
    writeFileSync(join(out, 'kustomization.yaml'), 'resources: []\n');
    const r = run('synth', '-f', EXAMPLE, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('holds files gha-rs did not write (kustomization.yaml)');
    expect(readdirSync(out)).toEqual(['kustomization.yaml']);
  });

  test('a fleet folder: each scale set once, each created namespace once', () => {
    const specs = tempDir();
    writeSpec([specDoc({ createNamespace: true }, 'a'), specDoc({ createNamespace: true }, 'b')], 'ab.yaml', specs);
    writeSpec([specDoc({ namespace: 'other', createNamespace: true }, 'c')], 'c.yaml', specs);
    const out = join(tempDir(), 'dist');
    expect(run('synth', '-f', specs, '-o', out).code).toBe(0);
    const ns = parseYaml(readFileSync(join(out, '00-namespaces.k8s.yaml'), 'utf8'));
    expect(ns.map((o) => o.metadata.name)).toEqual(['ci', 'other']);
    expect(readdirSync(out).filter((f) => f.startsWith('scale-set.')).sort()).toEqual(['scale-set.ci.a.k8s.yaml', 'scale-set.ci.b.k8s.yaml', 'scale-set.other.c.k8s.yaml']);
  });

  test('two specs writing the same object: an error naming both', () => {
    const specs = tempDir();
    const a = writeSpec([specDoc({ runnerScaleSetName: 'same' }, 'a')], 'a.yaml', specs);
    const b = writeSpec([specDoc({ runnerScaleSetName: 'same' }, 'b')], 'b.yaml', specs);
    const out = join(tempDir(), 'dist');
    const r = run('synth', '-f', specs, '-o', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: ${b}: writes AutoscalingRunnerSet ci/same, which ${a} writes too; each object may come from one spec only`);
    expect(existsSync(out)).toBe(false);
  });

  test('a missing file', () => {
    const r = run('synth', '-f', '/nonexistent/spec.yaml', '-o', join(tempDir(), 'o'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: /nonexistent/spec.yaml: no such file or folder');
  });
});

describe('gha-rs validate and usage', () => {
  test('validate checks and writes nothing', () => {
    const r = run('validate', '-f', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.out).toBe('1 spec valid\n');
  });

  test('warnings go to stderr, --quiet silences them', () => {
    const doc: any = specDoc({ scaling: { maxRunners: 0 } });
    const f = writeSpec([doc]);
    expect(run('validate', '-f', f).err).toContain(`warning: ${f}: spec.scaling.maxRunners: is 0: the scale set will never start a runner`);
    expect(run('validate', '-q', '-f', f).err).toBe('');
  });

  test('usage errors exit 2', () => {
    expect(run('frobnicate').code).toBe(2);
    expect(run('frobnicate').err).toContain('error: unknown command "frobnicate"; allowed: synth, validate');
    expect(run('synth', '--bogus').err).toContain('error: unknown option --bogus');
    expect(run('synth', '-f').err).toContain('error: -f needs a value');
    expect(run().code).toBe(2);
  });

  test('--help and --version', () => {
    expect(run('--help').out).toContain('Usage: gha-rs <command> [options]');
    expect(run('--version').out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run('version').out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // help wins over the version, as for every other command
    for (const args of [['version', '--help'], ['version', '-h'], ['help', 'version'], ['--version', '--help']]) {
      const r = run(...args);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage: gha-rs');
      expect(r.out).not.toMatch(/^\d+\.\d+\.\d+\s*$/);
    }
  });
});

test('the bundled CLI (with its code cache) and the plain compiled modules write the same bytes', () => {
  const a = join(tempDir(), 'a');
  const b = join(tempDir(), 'b');
  const examples = join(__dirname, '..', '..', 'examples');
  expect(run('synth', '-q', '-f', examples, '-o', a).code).toBe(0);
  const r = spawnSync(process.execPath, [BIN, 'synth', '-q', '-f', examples, '-o', b], { encoding: 'utf8', env: { ...process.env, GHA_RS_NO_BUNDLE: '1' } });
  expect(r.status).toBe(0);
  expect(existsSync(join(__dirname, '..', '..', 'lib', 'gha-rs.bundle.js'))).toBe(true);
  expect(snapshotDir(a)).toEqual(snapshotDir(b));
});

