import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { ContainerModes, GhaRunnerScaleSet, GhaRunnerScaleSetProps, GitHubAuth } from '../../src';

type Obj = { apiVersion: string; kind: string; metadata: any; [k: string]: any };

function synth(props: Partial<GhaRunnerScaleSetProps> = {}, id = 'runners') {
  const chart = Testing.chart();
  const set = new GhaRunnerScaleSet(chart, id, {
    namespace: 'ci',
    githubConfigUrl: 'https://github.com/acme/',
    auth: GitHubAuth.personalAccessToken('ghp_secret'),
    ...props,
  });
  const objects = Testing.synth(chart) as Obj[];
  const find = (kind: string, name?: string) => objects.find((o) => o.kind === kind && (!name || o.metadata.name === name))!;
  return { set, objects, find, ars: find('AutoscalingRunnerSet'), chart };
}

describe('GhaRunnerScaleSet', () => {
  test('every object but the AutoscalingRunnerSet carries the cleanup finalizer', () => {
    const { objects } = synth({ containerMode: ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' } }) });
    for (const o of objects) {
      if (o.kind === 'AutoscalingRunnerSet') expect(o.metadata.finalizers).toBeUndefined();
      else expect(o.metadata.finalizers).toEqual(['actions.github.com/cleanup-protection']);
    }
  });

  test('trims a trailing slash from the config URL and names the created Secret', () => {
    const { ars, find } = synth();
    expect(ars.spec.githubConfigUrl).toBe('https://github.com/acme');
    expect(ars.spec.githubConfigSecret).toBe('runners-gha-rs-github-secret');
    expect(Buffer.from(find('Secret').data.github_token, 'base64').toString()).toBe('ghp_secret');
  });

  test('GitHub App auth writes the three keys, the private key as given', () => {
    const { find } = synth({ auth: GitHubAuth.app({ appId: '1', installationId: '2', privateKey: '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n' }) });
    const data = find('Secret').data;
    expect(Object.keys(data)).toEqual(['github_app_id', 'github_app_installation_id', 'github_app_private_key']);
    expect(Buffer.from(data.github_app_private_key, 'base64').toString()).toContain('BEGIN RSA PRIVATE KEY');
  });

  test('an existing Secret: no Secret object and no cleanup annotation for it', () => {
    const { objects, ars } = synth({ auth: GitHubAuth.existingSecret('gh') });
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(ars.spec.githubConfigSecret).toBe('gh');
    expect(ars.metadata.annotations['actions.github.com/cleanup-github-secret-name']).toBeUndefined();
  });

  test.each([
    ['dind', ContainerModes.dind(), 'runners-gha-rs-no-permission', ['ServiceAccount', 'Secret', 'Role', 'RoleBinding', 'AutoscalingRunnerSet']],
    ['default', ContainerModes.default(), 'runners-gha-rs-no-permission', ['ServiceAccount', 'Secret', 'Role', 'RoleBinding', 'AutoscalingRunnerSet']],
    ['kubernetes', ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' } }), 'runners-gha-rs-kube-mode', ['ServiceAccount', 'Role', 'RoleBinding', 'Secret', 'Role', 'RoleBinding', 'AutoscalingRunnerSet']],
    ['kubernetes-novolume', ContainerModes.kubernetesNoVolume(), 'runners-gha-rs-kube-mode', ['ServiceAccount', 'Role', 'RoleBinding', 'Secret', 'Role', 'RoleBinding', 'AutoscalingRunnerSet']],
  ])('%s mode: objects and the runner ServiceAccount', (_name, mode, sa, kinds) => {
    const { objects, ars } = synth({ containerMode: mode });
    expect(objects.map((o) => o.kind)).toEqual(kinds);
    expect(ars.spec.template.spec.serviceAccountName).toBe(sa);
    expect(objects.find((o) => o.kind === 'ServiceAccount')!.metadata.name).toBe(sa);
  });

  test('kube mode: the Role is bound to the runner ServiceAccount, cleanup annotations name all three', () => {
    const { find, ars } = synth({ containerMode: ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' } }) });
    expect(find('RoleBinding', 'runners-gha-rs-kube-mode').subjects).toEqual([{ kind: 'ServiceAccount', name: 'runners-gha-rs-kube-mode', namespace: 'ci' }]);
    expect(ars.metadata.annotations).toEqual({
      'actions.github.com/cleanup-github-secret-name': 'runners-gha-rs-github-secret',
      'actions.github.com/cleanup-manager-role-binding': 'runners-gha-rs-manager',
      'actions.github.com/cleanup-manager-role-name': 'runners-gha-rs-manager',
      'actions.github.com/cleanup-kubernetes-mode-role-binding-name': 'runners-gha-rs-kube-mode',
      'actions.github.com/cleanup-kubernetes-mode-role-name': 'runners-gha-rs-kube-mode',
      'actions.github.com/cleanup-kubernetes-mode-service-account-name': 'runners-gha-rs-kube-mode',
      'actions.github.com/values-hash': expect.stringMatching(/^[0-9a-f]{63}$/),
    });
  });

  test('the manager Role is bound to the controller ServiceAccount, by default ARC\'s documented install', () => {
    const d = synth();
    expect(d.find('RoleBinding', 'runners-gha-rs-manager').subjects).toEqual([{ kind: 'ServiceAccount', name: 'arc-gha-rs-controller', namespace: 'arc-systems' }]);
    expect(d.set.controllerServiceAccountDefaulted).toBe(true);
    const e = synth({ controllerServiceAccount: { name: 'ctl', namespace: 'arc' } });
    expect(e.find('RoleBinding', 'runners-gha-rs-manager').subjects).toEqual([{ kind: 'ServiceAccount', name: 'ctl', namespace: 'arc' }]);
    expect(e.find('Role', 'runners-gha-rs-manager').metadata.labels['app.kubernetes.io/component']).toBe('manager-role');
  });

  test('a GitHub server CA lets the manager read ConfigMaps and lands in the spec', () => {
    const { find, ars } = synth({ githubServerTls: { configMapName: 'ca', key: 'ca.crt' } });
    expect(find('Role', 'runners-gha-rs-manager').rules).toContainEqual({ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] });
    expect(ars.spec.githubServerTLS).toEqual({ certificateFrom: { configMapKeyRef: { name: 'ca', key: 'ca.crt' } } });
  });

  test('shared caches: one claim each, mounted into the runner and added to the pod', () => {
    const { set, find, ars } = synth({
      releaseName: 'rel',
      persistentVolumes: [{ name: 'npm', size: '5Gi', mountPath: '/home/runner/.npm', accessModes: ['ReadWriteMany'], storageClass: 'nfs', readOnly: true }],
    });
    expect(set.pvcNames).toEqual(['rel-npm']);
    expect(find('PersistentVolumeClaim').spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'nfs' });
    const runner = ars.spec.template.spec.containers[0];
    expect(runner.volumeMounts[0]).toEqual({ mountPath: '/home/runner/.npm', name: 'npm', readOnly: true });
    expect(ars.spec.template.spec.volumes).toContainEqual({ name: 'npm', persistentVolumeClaim: { claimName: 'rel-npm' } });
  });

  test('exposes the seed\'s outputs', () => {
    const { set } = synth({ scaleSetName: 'linux', minRunners: 1, maxRunners: 3, containerMode: ContainerModes.dind() });
    expect([set.namespace, set.scaleSetName, set.githubSecretName, set.minRunners, set.maxRunners, set.containerMode.type])
      .toEqual(['ci', 'linux', 'linux-gha-rs-github-secret', 1, 3, 'DIND']);
  });

  test('createNamespace adds the Namespace, labelled with the Pod Security level its pods pass', () => {
    const { objects } = synth({ createNamespace: true });
    const level = 'baseline'; // the default mode's runner sets no securityContext
    expect(objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'ci',
        labels: { 'pod-security.kubernetes.io/audit': level, 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': level },
      },
    });
  });

  test('user labels and annotations go on every chart object, never over reserved keys', () => {
    const { objects } = synth({ labels: { 'team': 'x', 'app.kubernetes.io/version': '1.0.0' }, annotations: { owner: 'me', 'actions.github.com/cleanup-github-secret-name': 'evil' } });
    for (const o of objects) {
      expect(o.metadata.labels.team).toBe('x');
      expect(o.metadata.labels['app.kubernetes.io/version']).toBe('0.14.2');
      expect(o.metadata.annotations.owner).toBe('me');
    }
    const ars = objects.find((o) => o.kind === 'AutoscalingRunnerSet')!;
    expect(ars.metadata.annotations['actions.github.com/cleanup-github-secret-name']).toBe('runners-gha-rs-github-secret');
  });

  test('a user ServiceAccount in the template: none is created, and no cleanup annotation for it', () => {
    const { objects, ars } = synth({ containerMode: ContainerModes.kubernetesNoVolume(), template: { spec: { serviceAccountName: 'mine' } } });
    expect(objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    expect(objects.map((o) => o.metadata.name)).not.toContain('runners-gha-rs-kube-mode');
    expect(ars.spec.template.spec.serviceAccountName).toBe('mine');
    expect(Object.keys(ars.metadata.annotations).filter((k) => k.includes('kubernetes-mode'))).toEqual([]);
  });

  test('kubeVersion before 1.29 runs DinD as a regular container', () => {
    const { ars } = synth({ containerMode: ContainerModes.dind(), kubeVersion: '1.28.4' });
    expect(ars.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['runner', 'dind']);
  });

  test('JSON patches on the AutoscalingRunnerSet apply to the final object', () => {
    const chart = Testing.chart();
    const set = new GhaRunnerScaleSet(chart, 'r', { namespace: 'ci', githubConfigUrl: 'https://github.com/a', auth: GitHubAuth.existingSecret('s') });
    ApiObject.of(set.runnerSet).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'ci'));
    const ars = (Testing.synth(chart) as Obj[]).find((o) => o.kind === 'AutoscalingRunnerSet')!;
    expect(ars.spec.template.spec.priorityClassName).toBe('ci');
  });

  test.each([
    [{ scaleSetName: 'x'.repeat(46) }, `scaleSetName: "${'x'.repeat(46)}" has 46 characters; a scale set name has at most 45 (ARC's limit)`],
    [{ minRunners: 3, maxRunners: 2 }, 'minRunners: 3 is more than maxRunners (2); minRunners must be at most maxRunners'],
    [{ minRunners: -1 }, 'minRunners: -1 is negative; minRunners must be 0 or more'],
    [{ namespace: 'n'.repeat(64) }, `namespace: "${'n'.repeat(64)}" has 64 characters; a namespace has at most 63`],
    [{ kubeVersion: 'latest' }, 'kubeVersion: "latest" is not a Kubernetes version; allowed: a version such as 1.33.0'],
  ])('rejects invalid props at synth: %j', (props, message) => {
    const chart = Testing.chart();
    const set = new GhaRunnerScaleSet(chart, 'r', { namespace: 'ci', githubConfigUrl: 'https://github.com/a', auth: GitHubAuth.existingSecret('s'), ...props });
    expect(set.node.validate()).toEqual([message]);
  });
});
