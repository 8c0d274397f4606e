/**
 * Helm's habits: `--helm-values` repeated (merged as `helm -f a -f b`), `--set` and `--set-string`
 * (Helm's strvals syntax), and a list of values files in a release list. The same values however
 * given give the same objects and the chart's exact values-hash.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Obj, parseYaml } from '../support/compare';
import { runCli, writeIn } from '../support/cli';
import { tempDir } from '../support/temp';

const REF = join(__dirname, '..', 'fixtures', 'reference-helm', '01-proxy-tls-dind');
const expected = parseYaml(readFileSync(join(REF, 'expected.yaml'), 'utf8'));
const hashOf = (objects: Obj[]) => objects.find((o) => o.kind === 'AutoscalingRunnerSet')!.metadata.annotations['actions.github.com/values-hash'];
const release = ['--release', 'proxy-tls-dind', '-n', 'runners'];

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// the reference's values, split over two files and two --set arguments; the first file holds values the later ones change
const A = writeIn(dir, 'a.yaml', `githubConfigUrl: https://github.com/wrong
githubConfigSecret:
  github_token: ghp_test
proxy:
  http:
    url: http://proxy.acme.example:3128
    credentialSecretRef: proxy-auth
  noProxy: [stays-not]
containerMode:
  type: kubernetes
`);
const B = writeIn(dir, 'b.yaml', `githubConfigUrl: https://github.com/acme
proxy:
  https:
    url: http://proxy.acme.example:3128
  noProxy:
    - .svc.cluster.local
    - 10.0.0.0/8
githubServerTLS:
  certificateFrom:
    configMapKeyRef:
      name: acme-ca
      key: ca.crt
  runnerMountPath: /usr/local/share/ca-certificates/
`);
const SETS = ['--set', 'containerMode.type=dind,controllerServiceAccount.name=arc-gha-rs-controller', '--set-string', 'controllerServiceAccount.namespace=arc-systems'];

test('two values files and --set give the chart\'s render of the same values, values-hash included', async () => {
  const r = await runCli(['synth', '--helm-values', A, '--helm-values', B, ...SETS, ...release, '-o', '-']);
  expect(r.err).not.toMatch(/^error/m);
  expect(r.status).toBe(0);
  const actual = parseYaml(r.out);
  expect(hashOf(actual)).toBe(hashOf(expected));
  const spec = (objects: Obj[]) => objects.find((o) => o.kind === 'AutoscalingRunnerSet')!.spec;
  expect(spec(actual).proxy).toEqual(spec(expected).proxy);
  expect(spec(actual).template.spec.initContainers.map((c: Obj) => c.name)).toEqual(['init-dind-externals', 'dind']);
  expect(actual.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(expected.map((o) => `${o.kind}/${o.metadata.name}`).sort());
});

test('the order counts: the later file wins; a null in a later file removes the value', async () => {
  const r = await runCli(['synth', '--helm-values', B, '--helm-values', A, ...SETS, '--set', 'maxRunners=7', ...release, '-o', '-']);
  expect(r.status).toBe(0);
  const set = parseYaml(r.out).find((o) => o.kind === 'AutoscalingRunnerSet')!;
  expect(set.spec.githubConfigUrl).toBe('https://github.com/wrong');
  expect(set.spec.maxRunners).toBe(7);
  expect(hashOf([set])).not.toBe(hashOf(expected));
  const unset = writeIn(dir, 'unset.yaml', 'maxRunners: null\n');
  const n = await runCli(['synth', '--helm-values', A, '--helm-values', B, '--set', 'maxRunners=7', '--helm-values', unset, ...SETS, ...release, '-o', '-']);
  // every file first, then every --set: maxRunners is 7
  expect(parseYaml(n.out).find((o) => o.kind === 'AutoscalingRunnerSet')!.spec.maxRunners).toBe(7);
  const m = await runCli(['synth', '--helm-values', A, '--helm-values', B, ...SETS, '--set', 'maxRunners=7', '--set', 'maxRunners=null', ...release, '-o', '-']);
  expect(parseYaml(m.out).find((o) => o.kind === 'AutoscalingRunnerSet')!.spec.maxRunners).toBeUndefined();
});

test('--set is typed, --set-string is not: a number where the chart wants a string is the reader\'s error, at the value path, naming the --set', async () => {
  const r = await runCli(['validate', '--helm-values', A, ...SETS, '--set', 'runnerScaleSetName=123', ...release]);
  expect(r.status).toBe(1);
  expect(r.err).toBe([
    'error: --set runnerScaleSetName=…: runnerScaleSetName: must be a string, found number 123: YAML reads an unquoted name such as 012, 1e3 or true as a number; write the name in quotes',
    '1 problem found.',
  ].join('\n'));
  const ok = await runCli(['validate', '--helm-values', A, ...SETS, '--set-string', 'runnerScaleSetName=123', ...release]);
  expect(ok.err).not.toMatch(/runnerScaleSetName/);
  expect(ok.status).toBe(0);
});

test('a problem in a later file names that file and its line; nothing is written', async () => {
  const bad = writeIn(dir, 'bad.yaml', 'minRunners: 3\nmaxRunners: 2\n');
  const out = join(dir, 'out');
  const r = await runCli(['synth', '--helm-values', A, '--helm-values', bad, ...release, '-o', out]);
  expect(r.status).toBe(1);
  expect(r.err).toMatch(/bad\.yaml: (minRunners|maxRunners): .*\(line [12]\)/);
  expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  expect(() => readFileSync(join(out, '.gha-rs-files'))).toThrow();
});

test('--set that is not Helm\'s syntax: an error naming it, without its value', async () => {
  const r = await runCli(['validate', '--helm-values', A, '--set', 'proxy.http', '--set', 'githubConfigSecret.github_token[x]=ghp_secret', ...release]);
  expect(r.status).toBe(1);
  expect(r.err).toContain('--set proxy.http=…: is not Helm\'s --set syntax: key "http" has no value (expected http=VALUE)');
  expect(r.err).toContain('is not Helm\'s --set syntax: "x" is not a list index');
  expect(r.err).not.toContain('ghp_secret');
});

test('--set without --helm-values is a usage error', async () => {
  const r = await runCli(['synth', '--set', 'a=b']);
  expect(r.status).toBe(2);
  expect(r.err).toContain('--set only go with --helm-values');
});

test('a release list takes a list of values files, merged in order', async () => {
  const list = writeIn(dir, 'releases.yaml', `releases:
  - name: proxy-tls-dind
    namespace: runners
    values: [a.yaml, b.yaml, c.yaml]
`);
  writeIn(dir, 'c.yaml', 'containerMode: {type: dind}\ncontrollerServiceAccount: {name: arc-gha-rs-controller, namespace: arc-systems}\n');
  const r = await runCli(['synth', '--helm-releases', list, '-o', '-']);
  expect(r.err).not.toMatch(/^error/m);
  expect(hashOf(parseYaml(r.out))).toBe(hashOf(expected));
  const empty = writeIn(dir, 'empty.yaml', 'releases:\n  - {name: r, namespace: ns, values: []}\n');
  const e = await runCli(['validate', '--helm-releases', empty]);
  expect(e.status).toBe(1);
  expect(e.err).toContain('releases[0].values: is empty; list at least one values file');
});
