/**
 * Every object the constructs write is a typed readonly property: patched with `addJsonPatch`,
 * found without guessing construct ids.
 */
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { GhaRunnerScaleSet } from '../../src/constructs/gha-runner-scale-set';
import { GitHubAuth } from '../../src/constructs/github-auth';
import { ContainerModes } from '../../src/container-modes';
import { GhaRunnerScaleSetController } from '../../src/controller/gha-runner-scale-set-controller';

type Obj = { kind: string; metadata: { name: string; namespace?: string } };
const key = (o: Obj) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The ApiObjects among a construct's own properties, by property name. */
function hatches(c: Construct): Record<string, ApiObject> {
  const found: Record<string, ApiObject> = {};
  for (const [name, v] of Object.entries(c)) {
    if (v instanceof ApiObject) found[name] = v;
    else if (Array.isArray(v)) v.forEach((x, i) => { if (x instanceof ApiObject) found[`${name}[${i}]`] = x; });
  }
  return found;
}

/** Every synthesized object is reachable through exactly one property. */
function expectAllReachable(c: Construct, objects: Obj[]): Record<string, string> {
  const byProperty = Object.fromEntries(Object.entries(hatches(c)).map(([p, o]) => [p, key(o.toJson())]));
  expect(Object.values(byProperty).sort()).toEqual(objects.map(key).sort());
  return byProperty;
}

const base = { githubConfigUrl: 'https://github.com/acme', namespace: 'ci' };

describe('GhaRunnerScaleSet', () => {
  test('kube mode with a created Secret, a namespace and caches: every object is a property', () => {
    const chart = Testing.chart();
    const set = new GhaRunnerScaleSet(chart, 'linux', {
      ...base,
      createNamespace: true,
      auth: GitHubAuth.personalAccessToken('ghp_x'),
      containerMode: ContainerModes.kubernetes({ workVolumeClaim: { storageClass: 'fast', size: '1Gi' } }),
      persistentVolumes: [{ name: 'cache', size: '5Gi', mountPath: '/cache' }, { name: 'tools', size: '1Gi', mountPath: '/tools' }],
    });
    expect(expectAllReachable(set, Testing.synth(chart))).toEqual({
      runnerSet: 'AutoscalingRunnerSet ci/linux',
      namespaceObject: 'Namespace /ci',
      githubSecret: 'Secret ci/linux-gha-rs-github-secret',
      runnerServiceAccount: 'ServiceAccount ci/linux-gha-rs-kube-mode',
      kubeModeRole: 'Role ci/linux-gha-rs-kube-mode',
      kubeModeRoleBinding: 'RoleBinding ci/linux-gha-rs-kube-mode',
      managerRole: 'Role ci/linux-gha-rs-manager',
      managerRoleBinding: 'RoleBinding ci/linux-gha-rs-manager',
      'persistentVolumeClaims[0]': 'PersistentVolumeClaim ci/linux-cache',
      'persistentVolumeClaims[1]': 'PersistentVolumeClaim ci/linux-tools',
    });
  });

  test('objects not written are undefined: existing Secret, a user ServiceAccount, no namespace, no caches', () => {
    const chart = Testing.chart();
    const set = new GhaRunnerScaleSet(chart, 'linux', {
      ...base, auth: GitHubAuth.existingSecret('gh'), template: { spec: { serviceAccountName: 'mine', containers: [] } },
    });
    expect([set.namespaceObject, set.githubSecret, set.runnerServiceAccount, set.kubeModeRole, set.kubeModeRoleBinding]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(set.persistentVolumeClaims).toEqual([]);
    expectAllReachable(set, Testing.synth(chart));
  });

  test('patches through the properties land in the output, pod template included', () => {
    const chart = Testing.chart();
    const set = new GhaRunnerScaleSet(chart, 'linux', { ...base, auth: GitHubAuth.personalAccessToken('ghp_x'), containerMode: ContainerModes.dind() });
    set.githubSecret!.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'sealed-by': 'ops' }));
    set.runnerServiceAccount!.addJsonPatch(JsonPatch.add('/automountServiceAccountToken', false));
    set.managerRoleBinding.addJsonPatch(JsonPatch.add('/subjects/-', { kind: 'ServiceAccount', name: 'audit', namespace: 'ops' }));
    set.runnerSet.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'ci'));
    const out = Testing.synth(chart) as any[];
    const find = (kind: string) => out.find((o) => o.kind === kind && o.metadata.name.startsWith('linux'));
    expect(find('Secret').metadata.annotations).toEqual({ 'sealed-by': 'ops' });
    expect(find('ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(out.find((o) => o.kind === 'RoleBinding').subjects[1]).toEqual({ kind: 'ServiceAccount', name: 'audit', namespace: 'ops' });
    expect(find('AutoscalingRunnerSet').spec.template.spec.priorityClassName).toBe('ci');
  });
});

describe('GhaRunnerScaleSetController', () => {
  test('default: every object is a property', () => {
    const chart = Testing.chart();
    const c = new GhaRunnerScaleSetController(chart, 'arc', { namespace: 'arc-systems', createNamespace: true, replicaCount: 2 });
    expect(expectAllReachable(c, Testing.synth(chart))).toEqual({
      deployment: 'Deployment arc-systems/arc-gha-rs-controller',
      namespaceObject: 'Namespace /arc-systems',
      serviceAccountObject: 'ServiceAccount arc-systems/arc-gha-rs-controller',
      clusterRole: 'ClusterRole /arc-gha-rs-controller',
      clusterRoleBinding: 'ClusterRoleBinding /arc-gha-rs-controller',
      listenerRole: 'Role arc-systems/arc-gha-rs-controller-listener',
      listenerRoleBinding: 'RoleBinding arc-systems/arc-gha-rs-controller-listener',
      leaderElectionRole: 'Role arc-systems/arc-gha-rs-controller-leader-election',
      leaderElectionRoleBinding: 'RoleBinding arc-systems/arc-gha-rs-controller-leader-election',
    });
  });

  test('watching one namespace, with an existing ServiceAccount: the Roles instead of the ClusterRole', () => {
    const chart = Testing.chart();
    const c = new GhaRunnerScaleSetController(chart, 'arc', {
      namespace: 'arc-systems', serviceAccount: { create: false, name: 'ctl' }, flags: { watchSingleNamespace: 'team-a' },
    });
    const byProperty = expectAllReachable(c, Testing.synth(chart));
    expect(Object.keys(byProperty).sort()).toEqual([
      'deployment', 'listenerRole', 'listenerRoleBinding', 'singleNamespaceRole', 'singleNamespaceRoleBinding',
      'singleNamespaceWatchRole', 'singleNamespaceWatchRoleBinding',
    ]);
    expect(byProperty.singleNamespaceWatchRole).toBe('Role team-a/arc-gha-rs-controller-single-namespace-watch');
    expect([c.clusterRole, c.clusterRoleBinding, c.serviceAccountObject, c.leaderElectionRole]).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('patches through the properties land in the output', () => {
    const chart = Testing.chart();
    const c = new GhaRunnerScaleSetController(chart, 'arc', { namespace: 'arc-systems' });
    c.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'system-cluster-critical'));
    c.clusterRole!.addJsonPatch(JsonPatch.add('/metadata/labels', { audit: 'yes' }));
    const out = Testing.synth(chart) as any[];
    expect(out.find((o) => o.kind === 'Deployment').spec.template.spec.priorityClassName).toBe('system-cluster-critical');
    expect(out.find((o) => o.kind === 'ClusterRole').metadata.labels).toEqual({ audit: 'yes' });
  });
});
