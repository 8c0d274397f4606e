/**
 * The construct's chart features, each asserted on what it writes.
 */
import { Testing } from 'cdk8s';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerModes, GhaRunnerScaleSet, GhaRunnerScaleSetProps, GitHubAuth, RunnerCount } from '../../src';
import { specToProps } from '../../src/input/to-props';
import { load, specDoc } from '../support/specs';

type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [k: string]: any };

function synth(props: Partial<GhaRunnerScaleSetProps> = {}): Obj[] {
  const chart = Testing.chart();
  new GhaRunnerScaleSet(chart, 'rs', {
    namespace: 'runners',
    githubConfigUrl: 'https://github.com/acme',
    auth: GitHubAuth.personalAccessToken('t'),
    controllerServiceAccount: { name: 'ctl', namespace: 'arc' },
    ...props,
  });
  return Testing.synth(chart) as Obj[];
}
const find = (objs: Obj[], kind: string, name?: string) => objs.find((o) => o.kind === kind && (!name || o.metadata.name === name))!;
const ars = (objs: Obj[]) => find(objs, 'AutoscalingRunnerSet');
const pod = (objs: Obj[]) => ars(objs).spec.template.spec;
const runner = (objs: Obj[]) => pod(objs).containers.find((c: any) => c.name === 'runner');
const env = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value]));

describe('proxy', () => {
  test('is written to the AutoscalingRunnerSet as given', () => {
    const proxy = { http: { url: 'http://p:3128', credentialSecretRef: 'auth' }, noProxy: ['.svc'] };
    expect(ars(synth({ proxy })).spec.proxy).toEqual(proxy);
  });
  test('is left out by default', () => {
    expect(ars(synth()).spec.proxy).toBeUndefined();
  });
});

describe('githubServerTls', () => {
  const tls = { configMapName: 'ca', key: 'ca.crt' };

  test('without runnerMountPath: only the spec reference and the manager may read ConfigMaps', () => {
    const objs = synth({ githubServerTls: tls, containerMode: ContainerModes.dind() });
    expect(ars(objs).spec.githubServerTLS).toEqual({ certificateFrom: { configMapKeyRef: { name: 'ca', key: 'ca.crt' } } });
    expect(find(objs, 'Role', 'rs-gha-rs-manager').rules).toContainEqual({ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] });
    expect(pod(objs).volumes.map((v: any) => v.name)).not.toContain('github-server-tls-cert');
    expect(env(runner(objs)).NODE_EXTRA_CA_CERTS).toBeUndefined();
  });

  test('no ConfigMap rights for the manager without TLS', () => {
    expect(find(synth(), 'Role', 'rs-gha-rs-manager').rules.map((r: any) => r.resources[0])).not.toContain('configmaps');
  });

  test('with runnerMountPath: volume, mount at the cleaned path with subPath, and the two env vars', () => {
    const objs = synth({ githubServerTls: { ...tls, runnerMountPath: '/certs/./x/' }, containerMode: ContainerModes.kubernetesNoVolume() });
    expect(pod(objs).volumes).toContainEqual({ name: 'github-server-tls-cert', configMap: { name: 'ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    expect(runner(objs).volumeMounts).toContainEqual({ name: 'github-server-tls-cert', mountPath: '/certs/x/ca.crt', subPath: 'ca.crt' });
    expect(env(runner(objs))).toMatchObject({ NODE_EXTRA_CA_CERTS: '/certs/x/ca.crt', RUNNER_UPDATE_CA_CERTS: '1' });
  });

  test('a NODE_EXTRA_CA_CERTS the user set wins, in every mode', () => {
    for (const containerMode of [ContainerModes.default(), ContainerModes.dind(), ContainerModes.kubernetesNoVolume()]) {
      const objs = synth({ githubServerTls: { ...tls, runnerMountPath: '/certs' }, containerMode, runner: { env: [{ name: 'NODE_EXTRA_CA_CERTS', value: '/mine.pem' }] } });
      const vars = runner(objs).env.filter((e: any) => e.name === 'NODE_EXTRA_CA_CERTS');
      expect(vars).toEqual([{ name: 'NODE_EXTRA_CA_CERTS', value: '/mine.pem' }]);
      expect(env(runner(objs)).RUNNER_UPDATE_CA_CERTS).toBe('1');
    }
  });
});

describe('scaleSetLabels', () => {
  test('become runnerScaleSetLabels', () => {
    expect(ars(synth({ scaleSetLabels: ['linux', 'x64'] })).spec.runnerScaleSetLabels).toEqual(['linux', 'x64']);
  });
  test('an empty or 256-character label fails validation', () => {
    const error = () => synth({ scaleSetLabels: ['', 'x'.repeat(256)] });
    expect(error).toThrow(/scaleSetLabels\[0\]: is empty; each label must be a non-empty string of less than 256 characters/);
    expect(error).toThrow(/scaleSetLabels\[1\]: has 256 characters; each label must be a non-empty string of less than 256 characters/);
  });
});

test('listenerTemplate passes through unchanged', () => {
  const listenerTemplate = { spec: { containers: [{ name: 'listener', resources: { limits: { cpu: '500m' } } }], nodeSelector: { os: 'linux' } } };
  expect(ars(synth({ listenerTemplate })).spec.listenerTemplate).toEqual(listenerTemplate);
});

test('listenerMetrics are written to the spec', () => {
  const listenerMetrics = { gauges: { gha_busy_runners: { labels: ['name'] } }, histograms: { gha_job_startup_duration_seconds: { labels: ['repository'], buckets: [1, 5] } } };
  expect(ars(synth({ listenerMetrics })).spec.listenerMetrics).toEqual(listenerMetrics);
});

test('vaultConfig (keyVault) is written to the spec', () => {
  const vaultConfig = { type: 'azure_key_vault', azureKeyVault: { url: 'https://v', tenantId: 't', clientId: 'c', certificatePath: '/p' } };
  expect(ars(synth({ vaultConfig })).spec.vaultConfig).toEqual(vaultConfig);
});

describe('resourceMeta', () => {
  const m = (n: string) => ({ labels: { [`l-${n}`]: 'v' }, annotations: { [`a-${n}`]: 'v' } });
  const objectKeys = {
    githubConfigSecret: ['Secret', 'rs-gha-rs-github-secret'],
    managerRole: ['Role', 'rs-gha-rs-manager'],
    managerRoleBinding: ['RoleBinding', 'rs-gha-rs-manager'],
    kubernetesModeServiceAccount: ['ServiceAccount', 'rs-gha-rs-kube-mode'],
    kubernetesModeRole: ['Role', 'rs-gha-rs-kube-mode'],
    kubernetesModeRoleBinding: ['RoleBinding', 'rs-gha-rs-kube-mode'],
    autoscalingRunnerSet: ['AutoscalingRunnerSet', 'rs'],
  } as const;
  const specKeys = {
    autoscalingListener: 'autoscalingListener',
    listenerServiceAccount: 'listenerServiceAccountMetadata',
    listenerRole: 'listenerRoleMetadata',
    listenerRoleBinding: 'listenerRoleBindingMetadata',
    listenerConfigSecret: 'listenerConfigSecretMetadata',
    ephemeralRunnerSet: 'ephemeralRunnerSetMetadata',
    ephemeralRunner: 'ephemeralRunnerMetadata',
    ephemeralRunnerConfigSecret: 'ephemeralRunnerConfigSecretMetadata',
  } as const;
  const all = Object.fromEntries([...Object.keys(objectKeys), ...Object.keys(specKeys)].map((k) => [k, m(k)]));
  const objs = synth({ resourceMeta: all, containerMode: ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' } }) });

  test.each(Object.entries(objectKeys))('%s labels and annotates its object', (key, [kind, name]) => {
    const o = find(objs, kind, name);
    expect(o.metadata.labels![`l-${key}`]).toBe('v');
    expect(o.metadata.annotations![`a-${key}`]).toBe('v');
  });

  test.each(Object.entries(specKeys))('%s goes to spec.%s', (key, field) => {
    expect(ars(objs).spec[field]).toEqual(m(key));
  });

  test('noPermissionServiceAccount labels the runner ServiceAccount of dind mode', () => {
    const sa = find(synth({ resourceMeta: { noPermissionServiceAccount: m('np') }, containerMode: ContainerModes.dind() }), 'ServiceAccount');
    expect(sa.metadata.labels!['l-np']).toBe('v');
  });

  test('reserved keys are never overridden', () => {
    const o = ars(synth({ labels: { 'app.kubernetes.io/name': 'x', 'actions.github.com/scale-set-name': 'x', 'team': 'a' }, annotations: { 'actions.github.com/cleanup-manager-role-name': 'x' } }));
    expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'rs', 'actions.github.com/scale-set-name': 'rs', 'team': 'a' });
    expect(o.metadata.annotations!['actions.github.com/cleanup-manager-role-name']).toBe('rs-gha-rs-manager');
  });
});

describe('template merge rules', () => {
  test('a user "work" volume replaces the mode\'s', () => {
    const work = { name: 'work', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '9Gi' } } } } } };
    for (const containerMode of [ContainerModes.dind(), ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' } })]) {
      const vols = pod(synth({ containerMode, template: { spec: { volumes: [work] } } })).volumes.filter((v: any) => v.name === 'work');
      expect(vols).toEqual([work]);
    }
  });

  test('a user serviceAccountName: no runner ServiceAccount, Role or cleanup annotation', () => {
    for (const containerMode of [ContainerModes.dind(), ContainerModes.kubernetesNoVolume()]) {
      const objs = synth({ containerMode, template: { spec: { serviceAccountName: 'mine' } } });
      expect(pod(objs).serviceAccountName).toBe('mine');
      expect(objs.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
      expect(objs.filter((o) => o.kind === 'Role').map((o) => o.metadata.name)).toEqual(['rs-gha-rs-manager']);
      expect(Object.keys(ars(objs).metadata.annotations!).filter((k) => /service-account|kubernetes-mode/.test(k))).toEqual([]);
    }
  });

  test('restartPolicy is Never unless the user sets it', () => {
    expect(pod(synth()).restartPolicy).toBe('Never');
    expect(pod(synth({ template: { spec: { restartPolicy: 'OnFailure' } } })).restartPolicy).toBe('OnFailure');
  });

  test('user env and mounts override the injected ones of the same name', () => {
    const objs = synth({
      containerMode: ContainerModes.dind(),
      template: { spec: { containers: [{ name: 'runner', image: 'r:1', env: [{ name: 'DOCKER_HOST', value: 'tcp://x' }], volumeMounts: [{ name: 'dind-sock', mountPath: '/elsewhere' }] }] } },
    });
    expect(runner(objs).env.filter((e: any) => e.name === 'DOCKER_HOST')).toEqual([{ name: 'DOCKER_HOST', value: 'tcp://x' }]);
    expect(runner(objs).volumeMounts.filter((m: any) => m.name === 'dind-sock')).toEqual([{ name: 'dind-sock', mountPath: '/elsewhere' }]);
    expect(env(runner(objs)).RUNNER_WAIT_FOR_DOCKER_IN_SECONDS).toBe('120');
  });

  test('extra containers and init containers are kept, after the mode\'s', () => {
    const objs = synth({
      containerMode: ContainerModes.dind(),
      template: { spec: { containers: [{ name: 'runner', image: 'r:1' }, { name: 'side', image: 's' }, { name: 'dind', image: 'replaced' }], initContainers: [{ name: 'prep', image: 'p' }] } },
    });
    expect(pod(objs).containers.map((c: any) => c.name)).toEqual(['runner', 'side']);
    expect(pod(objs).initContainers.map((c: any) => c.name)).toEqual(['init-dind-externals', 'dind', 'prep']);
    expect(pod(objs).initContainers[1].image).toBe('docker:dind');
  });

  test('other pod spec fields and template metadata pass through', () => {
    const objs = synth({ template: { metadata: { labels: { a: 'b' } }, spec: { nodeSelector: { pool: 'ci' }, priorityClassName: 'high' } } });
    expect(ars(objs).spec.template.metadata).toEqual({ labels: { a: 'b' } });
    expect(pod(objs)).toMatchObject({ nodeSelector: { pool: 'ci' }, priorityClassName: 'high' });
  });
});

describe('kubeVersion', () => {
  test('before 1.29 DinD is a regular container after the runner', () => {
    const p = pod(synth({ containerMode: ContainerModes.dind(), kubeVersion: '1.28.5' }));
    expect(p.initContainers.map((c: any) => c.name)).toEqual(['init-dind-externals']);
    expect(p.containers.map((c: any) => c.name)).toEqual(['runner', 'dind']);
    expect(p.containers[1].restartPolicy).toBeUndefined();
    expect(p.containers[1].startupProbe).toBeUndefined();
  });
  test('from 1.29 (and by default) DinD is a native sidecar', () => {
    for (const kubeVersion of ['1.29.0', undefined]) {
      const p = pod(synth({ containerMode: ContainerModes.dind(), kubeVersion }));
      const dind = p.initContainers.find((c: any) => c.name === 'dind');
      expect(dind).toMatchObject({ restartPolicy: 'Always', startupProbe: { exec: { command: ['docker', 'info'] } } });
      expect(p.containers.map((c: any) => c.name)).toEqual(['runner']);
    }
  });
});

describe('kubernetes mode', () => {
  test('a raw claim spec and additional Role rules', () => {
    const claim = { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '4Gi' } }, volumeMode: 'Filesystem' };
    const rule = { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] };
    const objs = synth({ containerMode: ContainerModes.kubernetes({ workVolumeClaim: { spec: claim }, additionalRoleRules: [rule] }) });
    expect(pod(objs).volumes).toContainEqual({ name: 'work', ephemeral: { volumeClaimTemplate: { spec: claim } } });
    const rules = find(objs, 'Role', 'rs-gha-rs-kube-mode').rules;
    expect(rules[rules.length - 1]).toEqual(rule);
    expect(rules.map((r: any) => r.resources[0])).toEqual(['pods', 'pods/exec', 'pods/log', 'jobs', 'secrets', 'deployments']);
  });
  test('novolume has no jobs rule', () => {
    const rules = find(synth({ containerMode: ContainerModes.kubernetesNoVolume() }), 'Role', 'rs-gha-rs-kube-mode').rules;
    expect(rules.map((r: any) => r.resources[0])).toEqual(['pods', 'pods/exec', 'pods/log', 'secrets']);
  });
});

describe('runner limits and scale set name', () => {
  test('0 and 5 by default; null leaves them out', () => {
    expect(ars(synth()).spec).toMatchObject({ minRunners: 0, maxRunners: 5 });
    const spec = ars(synth({ minRunners: RunnerCount.unset(), maxRunners: RunnerCount.unset() })).spec;
    expect('minRunners' in spec || 'maxRunners' in spec).toBe(false);
  });
  test('runnerScaleSetName is written only when scaleSetName is given', () => {
    expect(ars(synth()).spec.runnerScaleSetName).toBeUndefined();
    expect(ars(synth({ scaleSetName: 'big' })).spec.runnerScaleSetName).toBe('big');
  });
  test('spec files always give it (Project Planton\'s modules pass the name to the chart): docs/constructs.md says why the two differ', () => {
    expect(specToProps(load([specDoc({}, 'rs')]).specs[0].spec).scaleSetName).toBe('rs');
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'constructs.md'), 'utf8')).toContain('`spec.runnerScaleSetName`: spec files always write it');
  });
  test('secretData writes every non-empty key, and an existing secret writes no Secret nor cleanup annotation', () => {
    const secret = find(synth({ auth: GitHubAuth.secretData({ github_token: 'tok', extra: 'x', empty: '' }) }), 'Secret');
    expect(Object.keys(secret.data).sort()).toEqual(['extra', 'github_token']);
    const objs = synth({ auth: GitHubAuth.existingSecret('mine') });
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(ars(objs).spec.githubConfigSecret).toBe('mine');
    expect(ars(objs).metadata.annotations!['actions.github.com/cleanup-github-secret-name']).toBeUndefined();
  });
});
