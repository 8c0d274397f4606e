/**
 * The experimental charts' readers beyond their helm-unittest inputs: wrong shapes are errors at
 * their values paths, and behaviours of the charts the suites do not show.
 */
import { Checker } from '../../../src/input/checker';
import { Problem } from '../../../src/input/problems';
import { experimentalValuesToProps } from '../../../src/input/helm/experimental-scale-set';
import { withExperimentalChartDefaults } from '../../../src/input/helm/experimental-values';
import { experimentalScaleSetObjects } from '../../../src/constructs/experimental-scale-set';
import { experimentalControllerValuesToProps, withExperimentalControllerChartDefaults } from '../../../src/input/helm/experimental-controller';
import { experimentalControllerObjects, experimentalManagerArgs } from '../../../src/controller/experimental';

const BASE = {
  auth: { url: 'https://github.com/org', githubToken: 'ghp_x' },
  controllerServiceAccount: { name: 'arc', namespace: 'arc-systems' },
};
const release = { releaseName: 'linux', namespace: 'runners' };

function scaleSet(values: Record<string, unknown>) {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const c = new Checker('values.yaml', undefined, problems, warnings);
  const props = experimentalValuesToProps(c, withExperimentalChartDefaults({ ...BASE, ...values }), release, 'hash');
  return { props, problems: problems.map((p) => `${p.path}: ${p.message}`), warnings: warnings.map((p) => `${p.path}: ${p.message}`) };
}

test.each([['scaleset'], ['auth'], ['runner'], ['secretResolution']])('%s as a string is an error at its path', (key) => {
  expect(scaleSet({ [key]: 'x' }).problems.some((p) => p.startsWith(`${key}: must be a map`))).toBe(true);
});

test('dind mode: a non-list dind env, and dind volumes, are errors at their paths', () => {
  const { problems } = scaleSet({ runner: { mode: 'dind', dind: { container: { env: 'A=b', volumes: [] } } } });
  expect(problems).toEqual(expect.arrayContaining([
    'runner.dind.container.env: must be a list, found "A=b"',
    'runner.dind.container.volumes: is not supported; use runner.pod.spec.volumes',
  ]));
});

test('the empty mode gives the pod the dind volumes as soon as it has any volume (as the chart does)', () => {
  const { props, problems } = scaleSet({ runner: { pod: { spec: { volumes: [{ name: 'x', emptyDir: {} }] } } } });
  expect(problems).toEqual([]);
  const ars = experimentalScaleSetObjects(props).find((o) => o.kind === 'AutoscalingRunnerSet') as any;
  expect(ars.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['work', 'dind-sock', 'dind-externals', 'x']);
});

test('kubernetes mode with a ServiceAccount named writes no kube-mode RBAC and no cleanup annotations for it', () => {
  const { props } = scaleSet({ runner: { mode: 'kubernetes', kubernetesMode: { serviceAccountName: 'mine' } } });
  const objects = experimentalScaleSetObjects(props);
  expect(objects.map((o) => `${o.kind}/${(o.metadata as any).name}`)).not.toContain('Role/linux-kube-mode');
  const ars = objects.find((o) => o.kind === 'AutoscalingRunnerSet') as any;
  expect(ars.spec.template.spec.serviceAccountName).toBe('mine');
  expect(Object.keys(ars.metadata.annotations).filter((k) => k.includes('kubernetes-mode'))).toEqual([]);
});

test('a key vault without auth.secretName is an error there; azureKeyVault writes vaultConfig and no Secret', () => {
  expect(scaleSet({ secretResolution: { type: 'azureKeyVault', azureKeyVault: { url: 'u', tenantId: 't', clientId: 'c', certificatePath: '/p' } } }).problems)
    .toContain('auth.secretName: is required when secretResolution.type is not "kubernetes": name the Secret (or key vault entry) holding the GitHub credentials');
  const { props, problems } = scaleSet({
    auth: { ...BASE.auth, secretName: 'vault-entry' },
    secretResolution: { type: 'azureKeyVault', azureKeyVault: { url: 'u', tenantId: 't', clientId: 'c', certificatePath: '/p' } },
  });
  expect(problems).toEqual([]);
  const objects = experimentalScaleSetObjects(props);
  expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  expect((objects.find((o) => o.kind === 'AutoscalingRunnerSet') as any).spec.vaultConfig.type).toBe('azureKeyVault');
});

test('an unknown key vault type is an error naming the allowed ones', () => {
  expect(scaleSet({ auth: { ...BASE.auth, secretName: 's' }, secretResolution: { type: 'hashicorp' } }).problems)
    .toEqual(['secretResolution.type: Unsupported keyVault type: "hashicorp"; allowed: kubernetes, azureKeyVault']);
});

function controller(values: Record<string, unknown>) {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const c = new Checker('values.yaml', undefined, problems, warnings);
  const props = experimentalControllerValuesToProps(c, withExperimentalControllerChartDefaults(values), { releaseName: 'arc', namespace: 'arc-systems' });
  return { props, problems: problems.map((p) => `${p.path}: ${p.message}`), warnings: warnings.map((p) => `${p.path}: ${p.message}`) };
}

test('controller: each image-pull secret is its own flag; metrics and the health probe address add ports and probes', () => {
  const { props, problems } = controller({
    imagePullSecrets: [{ name: 'a' }, { name: 'b' }],
    controller: { metrics: { controllerManagerAddr: ':8080', listenerAddr: ':8081', listenerEndpoint: '/metrics' }, manager: { config: { healthProbeBindAddress: ':9000' } } },
  });
  expect(problems).toEqual([]);
  const args = experimentalManagerArgs(props);
  expect(args.filter((a) => a.startsWith('--auto-scaler-image-pull-secrets='))).toEqual(['--auto-scaler-image-pull-secrets=a', '--auto-scaler-image-pull-secrets=b']);
  expect(args).toContain('--health-probe-bind-address=:9000');
  const deployment = experimentalControllerObjects(props).find((o) => o.kind === 'Deployment') as any;
  const manager = deployment.spec.template.spec.containers[0];
  expect(manager.ports).toEqual([{ containerPort: 8080, protocol: 'TCP', name: 'metrics' }]);
  expect(manager.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 9000 });
});

test('controller: a ServiceAccount named default, a non-map section, and an image of another ARC minor are errors at their paths', () => {
  expect(controller({ controller: { serviceAccount: { name: 'default' } } }).problems)
    .toContain('controller.serviceAccount.name: cannot be "default": the controller needs a ServiceAccount of its own');
  expect(controller({ controller: { manager: 'x' } }).problems).toContain('controller.manager: must be a map, found "x"');
  expect(controller({ controller: { manager: { container: { image: 'ghcr.io/actions/gha-runner-scale-set-controller:0.13.0' } } } }).problems
    .some((p) => p.startsWith('controller.manager.container.image: '))).toBe(true);
});

test('controller: a volume mount naming no volume of the pod is written as the chart writes it, with a warning (the API server refuses the Deployment)', () => {
  const { props, problems, warnings } = controller({
    controller: { pod: { volumeMounts: [{ name: 'my-config', mountPath: '/etc/c' }, { name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/t2' }], spec: { volumes: [{ name: 'data', emptyDir: {} }] } } },
  });
  expect(problems).toEqual([]);
  expect(props.volumeMounts.map((m) => m.name)).toEqual(['my-config', 'data', 'tmp']);
  expect(warnings).toEqual([
    'controller.pod.volumeMounts[0].name: "my-config" names no volume of the pod ("tmp", "data"; add it under controller.pod.spec.volumes): the chart writes the mount as is, and so does gha-rs, but the API server refuses the controller Deployment',
  ]);
});
