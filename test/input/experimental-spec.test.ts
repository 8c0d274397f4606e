/**
 * Spec files of the experimental charts (`spec.experimentalChartValues`): read as the charts'
 * values are, problems at the spec's paths (with lines), credentials from outside, and the run's
 * wiring and commands (validate, synth) take them like any spec.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecs } from '../../src/input/load';
import { SpecError } from '../../src/input/problems';
import { runCli, writeIn } from '../support/cli';
import { tempDir } from '../support/temp';

const dir = tempDir();
const TOKEN = 'ghp_experimentalSpecSecret123';

const scaleSet = (values: string, extra = '') => `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesGhaRunnerScaleSet
metadata:
  name: linux
spec:
  namespace: arc-runners
${extra}  experimentalChartValues:
${values.split('\n').map((l) => `    ${l}`).join('\n')}
`;
const GOOD = `scaleset: {name: linux}
auth:
  url: https://github.com/org
  githubToken: {fromEnv: LINUX_GITHUB_TOKEN}
controllerServiceAccount: {name: arc, namespace: arc-systems}`;

function problems(text: string): string[] {
  try {
    loadSpecs([writeIn(dir, `s${Math.random().toString(36).slice(2)}.yaml`, text)]);
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p) => `${p.line ?? '-'} ${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

beforeEach(() => { process.env.LINUX_GITHUB_TOKEN = TOKEN; });
afterEach(() => { delete process.env.LINUX_GITHUB_TOKEN; });

test('a spec of the experimental chart loads into the experimental construct\'s props, the token read from the environment', () => {
  const r = loadSpecs([writeIn(dir, 'good.yaml', scaleSet(GOOD))]);
  expect(r.specs).toEqual([]);
  expect(r.experimental).toHaveLength(1);
  const [s] = r.experimental;
  expect(s.spec).toEqual({ name: 'linux', namespace: 'arc-runners', releaseNamespace: 'arc-runners', controllerServiceAccount: { name: 'arc', namespace: 'arc-systems' } });
  expect(s.experimental.githubSecret).toEqual({ data: { github_token: TOKEN } });
  expect(s.experimental.runnerScaleSetName).toBe('linux');
});

test('the chart\'s failures are errors at the spec\'s paths, with lines; release fields map to metadata.name and spec.namespace', () => {
  const bad = scaleSet(`scaleset: {name: linux, labels: [""]}
auth: {url: "", githubToken: {fromEnv: LINUX_GITHUB_TOKEN}}
controllerServiceAccount: {name: arc, namespace: arc-systems}`).replace('name: linux\nspec', `name: ${'x'.repeat(46)}\nspec`);
  expect(problems(bad)).toEqual([
    `4 metadata.name: the scale set name "${'x'.repeat(46)}" has 46 characters; the chart takes 1 to 45 characters: use a shorter release name or set runnerScaleSetName`,
    expect.stringMatching(/^8 spec\.experimentalChartValues\.scaleset\.labels\[0\]: /),
    expect.stringMatching(/^9 spec\.experimentalChartValues\.auth\.url: is required/),
  ]);
});

test('a credential variable that is not set is an error naming the variable, never a value', () => {
  delete process.env.LINUX_GITHUB_TOKEN;
  const p = problems(scaleSet(GOOD));
  expect(p).toEqual(['11 spec.experimentalChartValues.auth.githubToken: environment variable LINUX_GITHUB_TOKEN is not set (auth.githubToken reads a GitHub token from it)']);
});

test('other spec fields are not read beside the chart\'s values: an error with a did-you-mean', () => {
  expect(problems(scaleSet(GOOD, '  minRunners: 1\n'))).toEqual([expect.stringMatching(/^\d+ spec\.minRunners: /)]);
});

test('a token written in the spec itself is a warning (the spec cannot be committed)', () => {
  const r = loadSpecs([writeIn(dir, 'inline.yaml', scaleSet(GOOD.replace('{fromEnv: LINUX_GITHUB_TOKEN}', TOKEN)))]);
  expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
    'spec.experimentalChartValues.auth: auth.githubToken is written in the spec file itself; to commit the spec, read it from outside with {fromEnv: NAME} or {fromFile: PATH}',
  ]);
  expect(JSON.stringify(r.warnings)).not.toContain(TOKEN);
});

test('an experimental controller spec and a scale set spec: validated and written together, wired as Helm releases are', async () => {
  const controller = `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesGhaRunnerScaleSetController
metadata:
  name: arc
spec:
  namespace: arc-systems
  experimentalChartValues:
    controller:
      manager:
        config: {logLevel: info}
`;
  const specs = join(dir, 'fleet');
  mkdirSync(specs, { recursive: true });
  writeIn(specs, 'arc.yaml', controller);
  writeIn(specs, 'linux.yaml', scaleSet(GOOD.replace('{name: arc, namespace: arc-systems}', '{name: arc-gha-rs-controller, namespace: arc-systems}')));
  const v = await runCli(['validate', '-f', specs]);
  expect(v.err).toBe('');
  expect(v.out).toBe('2 specs valid');
  const out = join(dir, 'fleet-out');
  const s = await runCli(['synth', '-q', '-f', specs, '-o', out]);
  expect(s.status).toBe(0);
  const written = readdirSync(out).sort();
  expect(written).toEqual(expect.arrayContaining(['00-crds.k8s.yaml', 'scale-set.arc-runners.linux.k8s.yaml']));
  const manager = readFileSync(join(out, written.find((f) => f.startsWith('controller'))!), 'utf8');
  expect(manager).toContain('--log-level=info');
  // a scale set outside the one namespace its controller watches is refused, as in a releases file
  writeIn(specs, 'arc.yaml', controller.replace('{logLevel: info}', '{logLevel: info, watchSingleNamespace: other}'));
  const bad = await runCli(['validate', '-f', specs]);
  expect(bad.status).toBe(1);
  expect(bad.err).toMatch(/linux\.yaml: spec\.namespace: "arc-runners" is outside the one namespace its controller "arc" .* \(line 6\)/);
});
