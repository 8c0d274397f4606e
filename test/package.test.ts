/** The package as npm ships it: what is in the tarball, one construct tree, a license that matches. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const app = JSON.parse(readFileSync(join(ROOT, 'test', 'consumer-app', 'package.json'), 'utf8'));

/** `^a.b.c` (or exact) allows `v`: same major, not older. */
function allows(range: string, v: string): boolean {
  const [want, have] = [range.replace(/^\^/, ''), v].map((s) => s.split('.').map(Number));
  if (!range.startsWith('^')) return want.join('.') === have.join('.');
  if (want[0] !== have[0]) return false;
  for (let i = 1; i < 3; i++) if (have[i] !== want[i]) return have[i] > want[i];
  return true;
}

test('the tarball holds what runs and what users read, the jsii assembly and the bundled dependencies, nothing else', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
  const files: string[] = packed.files.map((f: { path: string }) => f.path);
  // jsii: runtime dependencies that are not jsii libraries travel inside the package
  const bundled = /^node_modules\/(yaml|@linode\/kubeseal-encrypt)\//;
  const outside = files.filter((f) => !bundled.test(f) && !/^(lib\/(src|imports)\/.+\.(js|d\.ts)|lib\/gha-rs\.bundle\.(js|cache|json)|bin\/gha-rs\.js|crds\/actions\.github\.com_\w+\.yaml)$/.test(f));
  expect(outside.sort()).toEqual(['.jsii', 'LICENSE', 'README.md', 'package.json']);
  expect(packed.bundled.sort()).toEqual(['@linode/kubeseal-encrypt', 'yaml']);
  expect(files).toEqual(expect.arrayContaining(['node_modules/yaml/package.json', 'node_modules/@linode/kubeseal-encrypt/package.json']));
  expect(files).toEqual(expect.arrayContaining(['lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/cli/index.js', 'lib/gha-rs.bundle.js', 'bin/gha-rs.js']));
  expect(files.filter((f) => /main\.|tsbuildinfo|^test\/|^src\//.test(f))).toEqual([]);
  expect(files.filter((f) => f.startsWith('crds/'))).toHaveLength(4);
});

test('cdk8s and constructs are peer dependencies, pinned for our own build, allowing what cdk8s init writes', () => {
  for (const name of ['cdk8s', 'constructs']) {
    expect(pkg.dependencies[name]).toBeUndefined();
    expect(allows(pkg.peerDependencies[name], pkg.devDependencies[name])).toBe(true);
    expect(allows(pkg.peerDependencies[name], app.dependencies[name])).toBe(true);
  }
  expect(app.dependencies.constructs).toMatch(/^10\.8\./);
  expect(app.dependencies.constructs).not.toBe(pkg.devDependencies.constructs);
  expect(allows('^2.68.12', '2.68.11')).toBe(false);
  expect(allows('^10.3.0', '11.0.0')).toBe(false);
});

test('engines names the Node lines CI tests, each admitting the version scripts/node-dist.mjs pins for it', () => {
  const lines = pkg.engines.node.split('||').map((r: string) => r.trim());
  const pins = execFileSync(process.execPath, [join(ROOT, 'scripts', 'node-dist.mjs'), '--list'], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split(' '));
  expect(pins.map(([line]) => line)).toEqual(['20', '22', '24']);
  expect(lines.map((r: string) => r.replace(/^\^/, '').split('.')[0])).toEqual(['20', '22', '24']);
  for (const [line, version] of pins) expect(lines.filter((r: string) => allows(r, version))).toEqual([lines[pins.findIndex(([l]) => l === line)]]);
  expect(lines.some((r: string) => allows(r, '20.11.1'))).toBe(false);
  expect(lines.some((r: string) => allows(r, '23.0.0'))).toBe(false);
  // the CI script runs every line
  expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^test_on 20 .*\ntest_on 22 .*\ntest_on 24 /m);
});

test('every package npm ci installs admits every Node line CI tests: npm ci prints no EBADENGINE, and .ci/run allows none', () => {
  const pins: string[] = execFileSync(process.execPath, [join(ROOT, 'scripts', 'node-dist.mjs'), '--list'], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split(' ')[1]);
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const refusing = Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)
    .flatMap(([path, p]) => pins.filter((v) => p.engines?.node && !satisfies(v, p.engines.node)).map((v) => `${path || '.'} (node ${p.engines!.node}) refuses ${v}`));
  expect(refusing).toEqual([]);
  // the check can see one: a package wanting Node 22 refuses 20
  expect(satisfies(pins[0], '>=22')).toBe(false);
  // the test-only schema packages that wanted Node 22 are gone: SealedSecret and ExternalSecret are checked against their CRDs
  expect(Object.keys(lock.packages).filter((k) => /@kubernetes-models\/(sealed-secrets|external-secrets)/.test(k))).toEqual([]);
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  expect(ci).toContain('EBADENGINE');
  expect(ci).not.toMatch(/ALLOWED|allowed on/i);
});

test('cdk8s-plus-28 stays a dependency: the runner egress NetworkPolicy is built with it, loaded only when used', () => {
  expect(pkg.dependencies['cdk8s-plus-28']).toMatch(/^\d+\.\d+\.\d+$/);
});

test('LICENSE is the text of the license field', () => {
  expect(pkg.license).toBe('Apache-2.0');
  const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  expect(text).toMatch(/^\s*Apache License\n\s*Version 2\.0, January 2004\n/);
  expect(text).toContain('END OF TERMS AND CONDITIONS');
});
