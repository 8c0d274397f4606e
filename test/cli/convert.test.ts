import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli as run, writeIn } from '../support/cli';
import { tempDir } from '../support/temp';

const dir = tempDir();
const values = (name: string, text: string) => writeIn(dir, name, text);

test('convert prints a spec; exit 0 when everything is expressible', async () => {
  const f = values('ok.yaml', 'githubConfigUrl: https://github.com/a\ngithubConfigSecret: gh\nmaxRunners: 4\ncontrollerServiceAccount: {name: c, namespace: n}\n');
  const r = await run(['convert', '--helm-values', f, '--release', 'rel', '--namespace', 'ns']);
  expect(r.status).toBe(0);
  const doc = parse(r.out);
  expect(doc).toMatchObject({ kind: 'KubernetesGhaRunnerScaleSet', metadata: { name: 'rel' }, spec: { namespace: 'ns', github: { existingSecretName: 'gh' }, scaling: { maxRunners: 4 } } });
});

test('convert of values holding a token writes no token: the spec reads it from a variable, and stderr names the variable, never the value', async () => {
  const f = values('pat.yaml', 'githubConfigUrl: https://github.com/a\ngithubConfigSecret: {github_token: ghp_convertTestSecret123}\nmaxRunners: 4\ncontrollerServiceAccount: {name: c, namespace: n}\n');
  const r = await run(['convert', '--helm-values', f, '--release', 'my-rel', '--namespace', 'ns']);
  expect(r.status).toBe(0);
  expect(r.out).not.toContain('ghp_convertTestSecret123');
  expect(r.err).not.toContain('ghp_convertTestSecret123');
  expect(parse(r.out).spec.github).toEqual({ configUrl: 'https://github.com/a', patToken: { token: { fromEnv: 'MY_REL_GITHUB_TOKEN' } } });
  expect(r.err).toContain(`pat.yaml: the spec of release "my-rel" reads its credentials from the environment, not from the file: before gha-rs synth or validate, set MY_REL_GITHUB_TOKEN (the value of githubConfigSecret.github_token)`);
  expect(r.err).toContain('note: the first apply of what gha-rs synth writes from this spec restarts the listener of "my-rel" once');
  // -q hides the restart note, not what to set
  const quiet = await run(['convert', '--helm-values', f, '--release', 'my-rel', '--namespace', 'ns', '-q']);
  expect(quiet.err).toContain('set MY_REL_GITHUB_TOKEN');
  expect(quiet.err).not.toContain('restarts the listener');
  // and the spec, with the variable set, synthesizes the same Secret
  const spec = writeIn(dir, 'converted.yaml', r.out);
  process.env.MY_REL_GITHUB_TOKEN = 'ghp_convertTestSecret123';
  try {
    const out = join(dir, 'converted-out');
    expect((await run(['synth', '-q', '-f', spec, '-o', out])).status).toBe(0);
    const written = readdirSync(out).map((x) => readFileSync(join(out, x), 'utf8')).join('\n');
    expect(written).toContain(`github_token: ${Buffer.from('ghp_convertTestSecret123').toString('base64')}`);
  } finally {
    delete process.env.MY_REL_GITHUB_TOKEN;
  }
});

test('convert says which values it cannot express, on stderr, and exits 1', async () => {
  const f = values('nomax.yaml', 'githubConfigUrl: https://github.com/a\ngithubConfigSecret: gh\n');
  const r = await run(['convert', '--helm-values', f, '--release', 'rel', '--namespace', 'ns', '-q']);
  expect(r.status).toBe(1);
  expect(r.err).toContain('maxRunners: cannot be expressed in a spec file');
  expect(parse(r.out).kind).toBe('KubernetesGhaRunnerScaleSet');
});

test('synth --helm-values writes nothing on errors and needs --release and --namespace', async () => {
  const out = join(dir, 'out');
  const f = values('bad.yaml', 'githubConfigSecret: {github_token: ""}\n');
  const r = await run(['synth', '--helm-values', f, '--release', 'rel', '--namespace', 'ns', '-o', out]);
  expect(r.status).toBe(1);
  expect(r.err).toContain('githubConfigUrl: is required');
  expect(existsSync(out)).toBe(false);
  expect(await run(['synth', '--helm-values', f, '-o', out])).toMatchObject({ status: 2, err: expect.stringContaining('--helm-values needs --release and --namespace') });
});

test('synth --helm-values writes one file named after the namespace and release', async () => {
  const out = join(dir, 'out2');
  const f = values('good.yaml', 'githubConfigUrl: https://github.com/a\ngithubConfigSecret: gh\n');
  const r = await run(['synth', '--helm-values', f, '--release', 'rel', '--namespace', 'ns', '-o', out]);
  expect(r.status).toBe(0);
  expect(r.err).toContain('warning:');
  expect(readdirSync(out).sort()).toEqual(['.gha-rs-files', 'scale-set.ns.rel.k8s.yaml']);
});

describe('--helm-chart gha-runner-scale-set-controller', () => {
  const controller = ['--helm-chart', 'gha-runner-scale-set-controller', '--release', 'arc', '--namespace', 'arc-systems'];

  test('synth writes the controller and the CRDs', async () => {
    const out = join(dir, 'ctl-out');
    const f = values('ctl.yaml', 'flags:\n  logLevel: info\n');
    const r = await run(['synth', '--helm-values', f, ...controller, '-o', out]);
    expect(r).toMatchObject({ status: 0, err: '' });
    expect(r.out).toBe(`release arc (with the CRDs) written to ${out} (2 files)`);
    expect(readdirSync(out).sort()).toEqual(['.gha-rs-files', '00-crds.k8s.yaml', 'controller.arc-systems.arc.k8s.yaml']);
  });

  test('validate checks the values against the controller chart; its failures name the values path', async () => {
    const f = values('ctl-bad.yaml', 'serviceAccount:\n  create: false\n');
    const r = await run(['validate', '--helm-values', f, ...controller]);
    expect(r.status).toBe(1);
    expect(r.err).toContain('ctl-bad.yaml: serviceAccount.name: is required when serviceAccount.create is false');
    expect(await run(['validate', '--helm-values', values('ctl-ok.yaml', '{}\n'), ...controller])).toMatchObject({ status: 0, out: expect.stringMatching(/ctl-ok.yaml: values of release arc valid$/) });
  });

  test('convert prints the controller spec', async () => {
    const f = values('ctl2.yaml', 'replicaCount: 2\n');
    const r = await run(['convert', '--helm-values', f, ...controller]);
    expect(r.status).toBe(0);
    expect(parse(r.out)).toEqual({
      apiVersion: 'kubernetes.project-planton.org/v1', kind: 'KubernetesGhaRunnerScaleSetController', metadata: { name: 'arc' }, spec: { namespace: 'arc-systems', replicaCount: 2 },
    });
  });

  test('an unknown chart, or --helm-chart without --helm-values, is a usage error', async () => {
    const f = values('ctl3.yaml', '{}\n');
    expect(await run(['synth', '--helm-values', f, '--helm-chart', 'arc', '--release', 'a', '--namespace', 'b'])).toMatchObject({
      status: 2, err: 'error: --helm-chart "arc" is not one of ARC\'s charts; allowed: gha-runner-scale-set, gha-runner-scale-set-controller, gha-runner-scale-set-experimental, gha-runner-scale-set-controller-experimental',
    });
    expect(await run(['synth', '--helm-chart', 'gha-runner-scale-set'])).toMatchObject({ status: 2, err: 'error: --helm-chart only go with --helm-values' });
  });
});

describe('--helm-releases: a whole Helm install in one run', () => {
  const list = join(__dirname, '..', 'fixtures', 'helm-releases', 'releases.yaml');

  test('synth writes every release, wired, with the CRDs', async () => {
    const out = join(dir, 'install');
    const r = await run(['synth', '--helm-releases', list, '-o', out, '-q']);
    expect(r.status).toBe(0);
    // the one warning -q does not hide: a release with github_token writes it in a Secret
    expect(r.err.split('\n')).toEqual([expect.stringMatching(/^warning: .*\/scale-set\.runners\.proxy-tls-dind\.k8s\.yaml: Secret runners\/proxy-tls-dind-gha-rs-github-secret holds GitHub credentials in plain text/)]);
    expect(r.out).toBe(`releases arc, proxy-tls-dind, listener-metrics-labels (with the CRDs) written to ${out} (4 files)`);
    expect(readdirSync(out).sort()).toEqual([
      '.gha-rs-files', '00-crds.k8s.yaml', 'controller.arc-systems.arc.k8s.yaml', 'scale-set.runners.listener-metrics-labels.k8s.yaml', 'scale-set.runners.proxy-tls-dind.k8s.yaml',
    ]);
  });

  test('validate and convert take the list too: one spec document per release', async () => {
    expect(await run(['validate', '--helm-releases', list, '-q'])).toMatchObject({ status: 0, out: '3 releases valid, wired to each other' });
    const r = await run(['convert', '--helm-releases', list, '-q']);
    const docs = r.out.split('\n---\n').map((d) => parse(d));
    expect(docs.map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([
      'KubernetesGhaRunnerScaleSetController arc', 'KubernetesGhaRunnerScaleSet proxy-tls-dind', 'KubernetesGhaRunnerScaleSet listener-metrics-labels',
    ]);
  });

  test('it lists everything: release options beside it are a usage error', async () => {
    expect(await run(['synth', '--helm-releases', list, '--release', 'x'])).toMatchObject({
      status: 2, err: 'error: --helm-releases lists every release with its chart, name, namespace and values; --release cannot be added to it',
    });
  });
});
