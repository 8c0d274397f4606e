/**
 * `gha-rs convert` of ARC's experimental charts: for every case of their helm-unittest suites
 * that renders (test/fixtures/reference-experimental), convert prints a spec holding no
 * credential, and `gha-rs synth` of that spec (the variables convert names set) writes exactly
 * what `gha-rs synth --helm-chart ... --helm-values` writes for the values: the same files, the
 * same objects, the chart's values-hash included. No case is refused: the spec carries every value.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, writeIn } from '../support/cli';
import { tempDir } from '../support/temp';

const ROOT = join(__dirname, '..', 'fixtures', 'reference-experimental');
const SUITES = [
  { dir: 'scale-set', chart: 'gha-runner-scale-set-experimental', kind: 'KubernetesGhaRunnerScaleSet', rendering: 60 },
  { dir: 'controller', chart: 'gha-runner-scale-set-controller-experimental', kind: 'KubernetesGhaRunnerScaleSetController', rendering: 15 },
];

/** Every output file under `dir`, by name. */
function files(dir: string): Record<string, string> {
  return Object.fromEntries((readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** The credential values of a values file (auth.githubToken, auth.app.*), which the printed spec must not hold. */
function credentialValues(values: any): string[] {
  const auth = values?.auth ?? {};
  return [auth.githubToken, auth.app?.privateKey].filter((x) => typeof x === 'string' && x.length > 3);
}

describe.each(SUITES)('convert --helm-chart $chart', ({ dir, chart, kind, rendering }) => {
  const root = join(ROOT, dir);
  const scenarios = readdirSync(root).filter((d) => existsSync(join(root, d, 'expected.yaml'))).sort();

  test(`every rendering case is converted (${rendering})`, () => {
    expect(scenarios).toHaveLength(rendering);
  });

  test.each(scenarios)('%s: synth of the printed spec writes what the values give', async (scenario) => {
    const caseDir = join(root, scenario);
    const rel = parse(readFileSync(join(caseDir, 'release.yaml'), 'utf8'));
    const values = parse(readFileSync(join(caseDir, 'values.yaml'), 'utf8'));
    const release = ['--release', rel.release, '--namespace', rel.namespace, '--kube-version', rel.kubeVersion];
    const helmArgs = ['--helm-chart', chart, '--helm-values', join(caseDir, 'values.yaml'), ...release];
    const tmp = tempDir();

    const converted = await runCli(['convert', ...helmArgs]);
    expect(converted.status).toBe(0);
    const doc = parse(converted.out);
    expect(doc).toMatchObject({ apiVersion: 'kubernetes.project-planton.org/v1', kind, metadata: { name: rel.release }, spec: { namespace: rel.namespace, kubeVersion: rel.kubeVersion } });
    for (const secret of credentialValues(values)) {
      expect(converted.out).not.toContain(secret);
      expect(converted.err).not.toContain(secret);
    }
    // the variables stderr names, with the values they stand for
    const env: Record<string, string> = {};
    for (const m of converted.err.matchAll(/([A-Z0-9_]+) \(the value of ([\w.]+)\)/g)) {
      env[m[1]] = String(m[2].split('.').reduce((o: any, k) => o?.[k], values));
    }
    const moved = Object.keys(env).length;
    expect(moved).toBe(dir === 'controller' ? 0 : [values?.auth?.githubToken, values?.auth?.app?.clientId, values?.auth?.app?.installationId, values?.auth?.app?.privateKey].filter((x) => x !== undefined && x !== null && x !== '').length);
    // the spec keeps the chart's values-hash: no listener restart to announce
    expect(converted.err).not.toContain('restarts the listener');

    const spec = writeIn(tmp, 'spec.yaml', converted.out);
    const fromSpec = join(tmp, 'from-spec');
    const fromValues = join(tmp, 'from-values');
    Object.assign(process.env, env);
    let a;
    try {
      a = await runCli(['synth', '-q', '-f', spec, '-o', fromSpec]);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
    const b = await runCli(['synth', '-q', ...helmArgs, '-o', fromValues]);
    expect([a.status, b.status]).toEqual([0, 0]);
    // what is said beyond -q (a Secret in plain text) is said of both
    expect(a.err.split(fromSpec).join('OUT')).toBe(b.err.split(fromValues).join('OUT'));
    const written = files(fromSpec);
    expect(Object.keys(written).length).toBeGreaterThan(0);
    expect(written).toEqual(files(fromValues));
  });
});

test('convert --helm-releases of both experimental charts: one spec per release, and synth of them writes what the releases give', async () => {
  const tmp = tempDir();
  const scaleSetValues = join(ROOT, 'scale-set', '001-autoscaling_runner_set_annotations_test-should-render-values-hash-annotation', 'values.yaml');
  writeIn(tmp, 'controller.yaml', 'controller:\n  manager:\n    config: {logLevel: info}\n');
  writeIn(tmp, 'linux.yaml', readFileSync(scaleSetValues, 'utf8').replace('name: arc\n', 'name: arc-gha-rs-controller\n'));
  const releases = writeIn(tmp, 'releases.yaml', `releases:
  - {name: arc, namespace: arc-system, chart: gha-runner-scale-set-controller-experimental, values: controller.yaml}
  - {name: test-name, namespace: test-namespace, chart: gha-runner-scale-set-experimental, values: linux.yaml}
`);
  const converted = await runCli(['convert', '--helm-releases', releases]);
  expect(converted.status).toBe(0);
  const docs = converted.out.split('\n---\n').map((d) => parse(d));
  expect(docs.map((d) => [d.kind, d.metadata.name, d.spec.namespace])).toEqual([
    ['KubernetesGhaRunnerScaleSetController', 'arc', 'arc-system'],
    ['KubernetesGhaRunnerScaleSet', 'test-name', 'test-namespace'],
  ]);
  expect(converted.out).not.toContain('gh_token12345');
  const spec = writeIn(tmp, 'specs.yaml', converted.out);
  process.env.TEST_NAME_GITHUB_TOKEN = 'gh_token12345';
  let a;
  try {
    a = await runCli(['synth', '-q', '-f', spec, '-o', join(tmp, 'a')]);
  } finally {
    delete process.env.TEST_NAME_GITHUB_TOKEN;
  }
  const b = await runCli(['synth', '-q', '--helm-releases', releases, '-o', join(tmp, 'b')]);
  expect([a.status, b.status]).toEqual([0, 0]);
  const written = files(join(tmp, 'a'));
  expect(Object.keys(written)).toEqual(expect.arrayContaining(['00-crds.k8s.yaml', 'scale-set.test-namespace.test-name.k8s.yaml']));
  expect(written).toEqual(files(join(tmp, 'b')));
  // the scale set is bound to the run's controller: its manager RoleBinding names the controller's ServiceAccount
  expect(written['scale-set.test-namespace.test-name.k8s.yaml']).toMatch(/kind: ServiceAccount\n\s+name: arc-gha-rs-controller\n\s+namespace: arc-system/);
});

test('App credentials: each from its own variable; IDs given as numbers read back as strings, so the note says the listener restarts once', async () => {
  const tmp = tempDir();
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIBexperimentalConvertKey\n-----END RSA PRIVATE KEY-----\n';
  const f = writeIn(tmp, 'app.yaml', `scaleset: {name: linux}
auth:
  url: https://github.com/org
  app: {clientId: 123, installationId: "456", privateKey: ${JSON.stringify(pem)}}
controllerServiceAccount: {name: arc, namespace: arc-systems}
`);
  const args = ['--helm-chart', 'gha-runner-scale-set-experimental', '--helm-values', f, '--release', 'my-rel', '--namespace', 'ns'];
  const r = await runCli(['convert', ...args]);
  expect(r.status).toBe(0);
  expect(r.out).not.toContain('MIIBexperimentalConvertKey');
  expect(r.err).not.toContain('MIIBexperimentalConvertKey');
  expect(parse(r.out).spec.experimentalChartValues.auth.app).toEqual({
    clientId: { fromEnv: 'MY_REL_GITHUB_APP_ID' }, installationId: { fromEnv: 'MY_REL_GITHUB_APP_INSTALLATION_ID' }, privateKey: { fromEnv: 'MY_REL_GITHUB_APP_PRIVATE_KEY' },
  });
  expect(r.err).toContain('set MY_REL_GITHUB_APP_ID (the value of auth.app.clientId), MY_REL_GITHUB_APP_INSTALLATION_ID (the value of auth.app.installationId), MY_REL_GITHUB_APP_PRIVATE_KEY (the value of auth.app.privateKey)');
  expect(r.err).toContain('note: the first apply of what gha-rs synth writes from the spec of "my-rel" restarts the listener once: a credential read back from the environment is not the values\' text');
  expect((await runCli(['convert', '-q', ...args])).err).not.toContain('restarts the listener');

  const spec = writeIn(tmp, 'spec.yaml', r.out);
  Object.assign(process.env, { MY_REL_GITHUB_APP_ID: '123', MY_REL_GITHUB_APP_INSTALLATION_ID: '456', MY_REL_GITHUB_APP_PRIVATE_KEY: pem });
  try {
    expect((await runCli(['synth', '-q', '-f', spec, '-o', join(tmp, 'a')])).status).toBe(0);
  } finally {
    for (const k of ['MY_REL_GITHUB_APP_ID', 'MY_REL_GITHUB_APP_INSTALLATION_ID', 'MY_REL_GITHUB_APP_PRIVATE_KEY']) delete process.env[k];
  }
  expect((await runCli(['synth', '-q', ...args, '-o', join(tmp, 'b')])).status).toBe(0);
  const hashless = (x: Record<string, string>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v.replace(/actions\.github\.com\/values-hash: \S+/, 'HASH')]));
  const [a, b] = [files(join(tmp, 'a')), files(join(tmp, 'b'))];
  expect(a).not.toEqual(b);
  expect(hashless(a)).toEqual(hashless(b));
});
