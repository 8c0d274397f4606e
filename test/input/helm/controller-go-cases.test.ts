/**
 * Every render of the controller chart's Go template tests (0.14.2, tests/template_test.go: 29
 * renders in its tests and the 9 cases of TestNamespaceOverride), given as the tests give them:
 * `--set` arguments (Helm's strvals syntax, typed as Helm types them) over no values file. Each
 * case asserts, in our output, what the Go test asserts of the chart's (Helm-only labels aside);
 * a template the test expects not to render is an object that is not written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELM_CHART } from '../../../src/constants';
import { loadHelmReleases } from '../../../src/input/helm/releases';
import { Problem, SpecError } from '../../../src/input/problems';
import { synthesizeWired } from '../../../src/synth/fleet';
import { Obj, parseYaml } from '../../support/compare';

const dir = mkdtempSync(join(tmpdir(), 'gha-rs-go-cases-'));
const EMPTY = join(dir, 'values.yaml');
writeFileSync(EMPTY, '{}\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NS = 'test-ns';
type SetValues = Record<string, string>;

function load(set: SetValues, release = 'test-arc', namespace = NS) {
  return loadHelmReleases([{
    chart: HELM_CHART.controller, valuesFile: EMPTY, releaseName: release, namespace,
    set: Object.entries(set).map(([k, v]) => ({ kind: 'set' as const, value: `${k}=${v}` })),
  }]);
}

function render(set: SetValues, release?: string, namespace?: string) {
  const loaded = load(set, release, namespace);
  const objects = synthesizeWired(loaded.scaleSets, loaded.controllers).filter((f) => f.name !== '00-crds.k8s.yaml').flatMap((f) => parseYaml(f.content));
  const find = (kind: string, name?: string): Obj | undefined => objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  const get = (kind: string, name?: string): Obj => {
    const o = find(kind, name);
    if (!o) throw new Error(`no ${kind} ${name ?? ''}`);
    return o;
  };
  return { objects, find, get, warnings: loaded.warnings };
}

function problems(set: SetValues): string[] {
  try {
    load(set);
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p: Problem) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

const FULL = 'test-arc-gha-rs-controller';
const deployment = (set: SetValues) => render(set).get('Deployment');
const manager = (set: SetValues) => deployment(set).spec.template.spec.containers[0];
const DEFAULT_ARGS = [
  '--auto-scaling-runner-set-only', '--log-level=debug', '--log-format=text', '--update-strategy=immediate',
  '--listener-metrics-addr=0', '--listener-metrics-endpoint=', '--metrics-addr=0', '--runner-max-concurrent-reconciles=2',
];
const sorted = (l: string[]) => [...l].sort();

const CASES: [string, () => void][] = [
  ['CreateServiceAccount', () => {
    const sa = render({ 'serviceAccount.create': 'true', 'serviceAccount.annotations.foo': 'bar' }).get('ServiceAccount');
    expect([sa.metadata.namespace, sa.metadata.name, sa.metadata.annotations.foo]).toEqual([NS, FULL, 'bar']);
  }],
  ['CreateServiceAccount_OverwriteName', () => {
    const sa = render({ 'serviceAccount.create': 'true', 'serviceAccount.name': 'overwritten-name', 'serviceAccount.annotations.foo': 'bar' }).get('ServiceAccount');
    expect([sa.metadata.namespace, sa.metadata.name, sa.metadata.annotations.foo]).toEqual([NS, 'overwritten-name', 'bar']);
  }],
  ['CreateServiceAccount_CannotUseDefaultServiceAccount', () => {
    expect(problems({ 'serviceAccount.create': 'true', 'serviceAccount.name': 'default', 'serviceAccount.annotations.foo': 'bar' }))
      .toEqual(['serviceAccount.name: "default" is not allowed: the controller chart refuses the namespace\'s default ServiceAccount; choose another name']);
  }],
  ['NotCreateServiceAccount (no serviceaccount.yaml)', () => {
    expect(render({ 'serviceAccount.create': 'false', 'serviceAccount.name': 'overwritten-name', 'serviceAccount.annotations.foo': 'bar' }).find('ServiceAccount')).toBeUndefined();
  }],
  ['NotCreateServiceAccount_ServiceAccountNotSet', () => {
    expect(problems({ 'serviceAccount.create': 'false', 'serviceAccount.annotations.foo': 'bar' }))
      .toEqual(['serviceAccount.name: is required when serviceAccount.create is false (the name of the existing ServiceAccount the controller runs as)']);
  }],
  ['CreateManagerClusterRole', () => {
    const role = render({}).get('ClusterRole');
    expect([role.metadata.namespace, role.metadata.name, role.rules.length]).toEqual([undefined, FULL, 16]);
  }],
  ['CreateManagerClusterRole: no single-namespace controller Role', () => {
    expect(render({}).find('Role', `${FULL}-single-namespace`)).toBeUndefined();
  }],
  ['CreateManagerClusterRole: no single-namespace watch Role', () => {
    expect(render({}).find('Role', `${FULL}-single-namespace-watch`)).toBeUndefined();
  }],
  ['ManagerClusterRoleBinding', () => {
    const b = render({ 'serviceAccount.create': 'true' }).get('ClusterRoleBinding');
    expect([b.metadata.namespace, b.metadata.name, b.roleRef.name, b.subjects[0].name, b.subjects[0].namespace]).toEqual([undefined, FULL, FULL, FULL, NS]);
  }],
  ['ManagerClusterRoleBinding: no single-namespace controller RoleBinding', () => {
    expect(render({ 'serviceAccount.create': 'true' }).find('RoleBinding', `${FULL}-single-namespace`)).toBeUndefined();
  }],
  ['ManagerClusterRoleBinding: no single-namespace watch RoleBinding', () => {
    expect(render({ 'serviceAccount.create': 'true' }).find('RoleBinding', `${FULL}-single-namespace-watch`)).toBeUndefined();
  }],
  ['CreateManagerListenerRole', () => {
    const role = render({}).get('Role', `${FULL}-listener`);
    expect(role.metadata.namespace).toBe(NS);
    expect(role.rules.map((r: Obj) => r.resources[0])).toEqual(['pods', 'pods/status', 'secrets', 'serviceaccounts']);
  }],
  ['ManagerListenerRoleBinding', () => {
    const b = render({ 'serviceAccount.create': 'true' }).get('RoleBinding', `${FULL}-listener`);
    expect([b.metadata.namespace, b.roleRef.name, b.subjects[0].name, b.subjects[0].namespace]).toEqual([NS, `${FULL}-listener`, FULL, NS]);
  }],
  ['ControllerDeployment_Defaults', () => {
    const d = deployment({ 'image.tag': 'dev' });
    expect([d.metadata.namespace, d.metadata.name, d.spec.replicas]).toEqual([NS, FULL, 1]);
    expect(d.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'gha-rs-controller', 'app.kubernetes.io/instance': 'test-arc', 'app.kubernetes.io/version': '0.14.2', 'app.kubernetes.io/part-of': 'gha-rs-controller',
      'actions.github.com/controller-service-account-namespace': NS, 'actions.github.com/controller-service-account-name': FULL,
    });
    expect(d.metadata.labels['actions.github.com/controller-watch-single-namespace']).toBeUndefined();
    const pod = d.spec.template.spec;
    expect([pod.imagePullSecrets, pod.securityContext, pod.priorityClassName, pod.terminationGracePeriodSeconds]).toEqual([undefined, undefined, undefined, 10]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    const c = pod.containers[0];
    expect([c.name, c.image, c.imagePullPolicy, c.command]).toEqual(['manager', 'ghcr.io/actions/gha-runner-scale-set-controller:dev', 'IfNotPresent', ['/manager']]);
    expect(sorted(c.args)).toEqual(sorted(DEFAULT_ARGS));
    expect(c.env.map((e: Obj) => e.name)).toEqual(['CONTROLLER_MANAGER_CONTAINER_IMAGE', 'CONTROLLER_MANAGER_POD_NAMESPACE']);
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
  }],
  ['ControllerDeployment_Customize: the two label values Kubernetes refuses (which the chart writes) are errors here, by design', () => {
    expect(problems({ 'labels.foo': 'bar', 'labels.team': 'GitHub Team', 'labels.teamMail': 'team@github.com' })).toEqual([
      'labels.team: "GitHub Team" is not a valid label value (at most 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit): the chart would write it, but the API server refuses every object carrying it (the chart puts it on the controller\'s objects); use a valid value or leave the label out',
      'labels.teamMail: "team@github.com" is not a valid label value (at most 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit): the chart would write it, but the API server refuses every object carrying it (the chart puts it on the controller\'s objects); use a valid value or leave the label out',
    ]);
  }],
  ['ControllerDeployment_Customize: every other value', () => {
    const r = render({
      'labels.foo': 'bar', 'labels.github': 'actions', 'replicaCount': '1',
      'image.pullPolicy': 'Always', 'image.tag': 'dev', 'imagePullSecrets[0].name': 'dockerhub', 'nameOverride': 'gha-rs-controller-override',
      'fullnameOverride': 'gha-rs-controller-fullname-override', 'env[0].name': 'ENV_VAR_NAME_1', 'env[0].value': 'ENV_VAR_VALUE_1',
      'serviceAccount.name': 'gha-rs-controller-sa', 'podAnnotations.foo': 'bar', 'podSecurityContext.fsGroup': '1000',
      'securityContext.runAsUser': '1000', 'securityContext.runAsNonRoot': 'true', 'resources.limits.cpu': '500m', 'nodeSelector.foo': 'bar',
      'tolerations[0].key': 'foo',
      'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key': 'foo',
      'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator': 'bar',
      'topologySpreadConstraints[0].labelSelector.matchLabels.foo': 'bar', 'topologySpreadConstraints[0].maxSkew': '1', 'topologySpreadConstraints[0].topologyKey': 'foo',
      'priorityClassName': 'test-priority-class', 'flags.updateStrategy': 'eventual', 'flags.logLevel': 'info', 'flags.logFormat': 'json',
      'volumes[0].name': 'customMount', 'volumes[0].configMap.name': 'my-configmap', 'volumeMounts[0].name': 'customMount', 'volumeMounts[0].mountPath': '/my/mount/path',
    });
    const d = r.get('Deployment');
    expect([d.metadata.namespace, d.metadata.name]).toEqual([NS, 'gha-rs-controller-fullname-override']);
    expect(d.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'gha-rs-controller-override', 'app.kubernetes.io/instance': 'test-arc', 'app.kubernetes.io/part-of': 'gha-rs-controller',
      foo: 'bar', github: 'actions',
    });
    const pod = d.spec.template;
    expect(pod.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'manager', foo: 'bar' });
    expect(pod.spec).toMatchObject({
      imagePullSecrets: [{ name: 'dockerhub' }], serviceAccountName: 'gha-rs-controller-sa', securityContext: { fsGroup: 1000 },
      priorityClassName: 'test-priority-class', terminationGracePeriodSeconds: 10, nodeSelector: { foo: 'bar' }, tolerations: [{ key: 'foo' }],
      topologySpreadConstraints: [{ labelSelector: { matchLabels: { foo: 'bar' } }, maxSkew: 1, topologyKey: 'foo' }],
      volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'customMount', configMap: { name: 'my-configmap' } }],
    });
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]).toEqual({ key: 'foo', operator: 'bar' });
    const c = pod.spec.containers[0];
    expect(c).toMatchObject({ image: 'ghcr.io/actions/gha-runner-scale-set-controller:dev', imagePullPolicy: 'Always', resources: { limits: { cpu: '500m' } }, securityContext: { runAsUser: 1000, runAsNonRoot: true } });
    expect(sorted(c.args)).toEqual(sorted([
      '--auto-scaling-runner-set-only', '--auto-scaler-image-pull-secrets=dockerhub', '--log-level=info', '--log-format=json', '--update-strategy=eventual',
      '--listener-metrics-addr=0', '--listener-metrics-endpoint=', '--metrics-addr=0', '--runner-max-concurrent-reconciles=2',
    ]));
    expect(c.env.slice(2)).toEqual([{ name: 'ENV_VAR_NAME_1', value: 'ENV_VAR_VALUE_1' }]);
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }, { name: 'customMount', mountPath: '/my/mount/path' }]);
  }],
  ['EnableLeaderElectionRole', () => {
    expect(render({ replicaCount: '2' }).get('Role', `${FULL}-leader-election`).metadata.namespace).toBe(NS);
  }],
  ['EnableLeaderElectionRoleBinding', () => {
    const b = render({ replicaCount: '2' }).get('RoleBinding', `${FULL}-leader-election`);
    expect([b.metadata.namespace, b.roleRef.name, b.subjects[0].name]).toEqual([NS, `${FULL}-leader-election`, FULL]);
  }],
  ['EnableLeaderElection', () => {
    const d = deployment({ 'replicaCount': '2', 'image.tag': 'dev' });
    expect(d.spec.replicas).toBe(2);
    expect(sorted(d.spec.template.spec.containers[0].args)).toEqual(sorted([...DEFAULT_ARGS, '--enable-leader-election', `--leader-election-id=${FULL}`]));
  }],
  ['ControllerDeployment_ForwardImagePullSecrets', () => {
    expect(sorted(manager({ 'imagePullSecrets[0].name': 'dockerhub', 'imagePullSecrets[1].name': 'ghcr' }).args))
      .toEqual(sorted([...DEFAULT_ARGS, '--auto-scaler-image-pull-secrets=dockerhub', '--auto-scaler-image-pull-secrets=ghcr']));
  }],
  ['ControllerDeployment_WatchSingleNamespace', () => {
    const d = deployment({ 'image.tag': 'dev', 'flags.watchSingleNamespace': 'demo' });
    expect(d.metadata.labels['actions.github.com/controller-watch-single-namespace']).toBe('demo');
    expect(sorted(d.spec.template.spec.containers[0].args)).toEqual(sorted([...DEFAULT_ARGS, '--watch-single-namespace=demo']));
  }],
  ['ControllerContainerEnvironmentVariables', () => {
    const env = manager({
      'env[0].Name': 'ENV_VAR_NAME_1', 'env[0].Value': 'ENV_VAR_VALUE_1', 'env[1].Name': 'ENV_VAR_NAME_2',
      'env[1].ValueFrom.SecretKeyRef.Key': 'ENV_VAR_NAME_2', 'env[1].ValueFrom.SecretKeyRef.Name': 'secret-name', 'env[1].ValueFrom.SecretKeyRef.Optional': 'true',
      'env[2].Name': 'ENV_VAR_NAME_3', 'env[2].Value': '', 'env[3].Name': 'ENV_VAR_NAME_4',
    }).env;
    expect(env.slice(2)).toEqual([
      { Name: 'ENV_VAR_NAME_1', Value: 'ENV_VAR_VALUE_1' },
      { Name: 'ENV_VAR_NAME_2', ValueFrom: { SecretKeyRef: { Key: 'ENV_VAR_NAME_2', Name: 'secret-name', Optional: true } } },
      { Name: 'ENV_VAR_NAME_3', Value: '' },
      { Name: 'ENV_VAR_NAME_4' },
    ]);
  }],
  ['WatchSingleNamespace_NotCreateManagerClusterRole', () => {
    expect(render({ 'flags.watchSingleNamespace': 'demo' }).find('ClusterRole')).toBeUndefined();
  }],
  ['WatchSingleNamespace_NotManagerClusterRoleBinding', () => {
    expect(render({ 'serviceAccount.create': 'true', 'flags.watchSingleNamespace': 'demo' }).find('ClusterRoleBinding')).toBeUndefined();
  }],
  ['CreateManagerSingleNamespaceRole: the controller Role', () => {
    const role = render({ 'flags.watchSingleNamespace': 'demo' }).get('Role', `${FULL}-single-namespace`);
    expect([role.metadata.namespace, role.rules.length]).toEqual([NS, 10]);
  }],
  ['CreateManagerSingleNamespaceRole: the watch Role', () => {
    const role = render({ 'flags.watchSingleNamespace': 'demo' }).get('Role', `${FULL}-single-namespace-watch`);
    expect([role.metadata.namespace, role.rules.length]).toEqual(['demo', 14]);
  }],
  ['ManagerSingleNamespaceRoleBinding: the controller RoleBinding', () => {
    const b = render({ 'flags.watchSingleNamespace': 'demo' }).get('RoleBinding', `${FULL}-single-namespace`);
    expect([b.metadata.namespace, b.roleRef.name, b.subjects[0].name, b.subjects[0].namespace]).toEqual([NS, `${FULL}-single-namespace`, FULL, NS]);
  }],
  ['ManagerSingleNamespaceRoleBinding: the watch RoleBinding', () => {
    const b = render({ 'flags.watchSingleNamespace': 'demo' }).get('RoleBinding', `${FULL}-single-namespace-watch`);
    expect([b.metadata.namespace, b.roleRef.name, b.subjects[0].name, b.subjects[0].namespace]).toEqual(['demo', `${FULL}-single-namespace-watch`, FULL, NS]);
  }],
  ['ControllerDeployment_MetricsPorts', () => {
    const c = manager({ 'image.tag': 'dev', 'metrics.controllerManagerAddr': ':8080', 'metrics.listenerAddr': ':8081', 'metrics.listenerEndpoint': '/metrics' });
    expect(c.ports).toEqual([{ containerPort: 8080, protocol: 'TCP', name: 'metrics' }]);
    expect(c.args.filter((a: string) => /metrics/.test(a))).toEqual(['--listener-metrics-addr=:8081', '--listener-metrics-endpoint=/metrics', '--metrics-addr=:8080']);
  }],
  ['Deployment_excludeLabelPropagationPrefixes', () => {
    expect(manager({ 'flags.excludeLabelPropagationPrefixes[0]': 'prefix.com/', 'flags.excludeLabelPropagationPrefixes[1]': 'complete.io/label' }).args)
      .toEqual(expect.arrayContaining(['--exclude-label-propagation-prefix=prefix.com/', '--exclude-label-propagation-prefix=complete.io/label']));
  }],
];

/** TestNamespaceOverride: the object's namespace, release "test" in namespace "release-ns". */
const OVERRIDE: [string, SetValues, string, string | undefined, string][] = [
  ['deployment', {}, 'Deployment', undefined, 'other-ns'],
  ['leader_election_role_binding', { replicaCount: '2' }, 'RoleBinding', 'test-gha-rs-controller-leader-election', 'other-ns'],
  ['leader_election_role', { replicaCount: '2' }, 'Role', 'test-gha-rs-controller-leader-election', 'other-ns'],
  ['manager_listener_role_binding', { replicaCount: '2' }, 'RoleBinding', 'test-gha-rs-controller-listener', 'other-ns'],
  ['manager_listener_role', { replicaCount: '2' }, 'Role', 'test-gha-rs-controller-listener', 'other-ns'],
  ['manager_single_namespace_controller_role', { 'flags.watchSingleNamespace': 'true' }, 'Role', 'test-gha-rs-controller-single-namespace', 'other-ns'],
  ['manager_single_namespace_controller_role_binding', { 'flags.watchSingleNamespace': 'true' }, 'RoleBinding', 'test-gha-rs-controller-single-namespace', 'other-ns'],
  ['manager_single_namespace_watch_role', { 'flags.watchSingleNamespace': 'target-ns' }, 'Role', 'test-gha-rs-controller-single-namespace-watch', 'target-ns'],
  ['manager_single_namespace_watch_role_binding', { 'flags.watchSingleNamespace': 'target-ns' }, 'RoleBinding', 'test-gha-rs-controller-single-namespace-watch', 'target-ns'],
];
for (const [name, set, kind, objectName, want] of OVERRIDE) {
  CASES.push([`NamespaceOverride/${name}`, () => {
    expect(render({ namespaceOverride: 'other-ns', ...set }, 'test', 'release-ns').get(kind, objectName).metadata.namespace).toBe(want);
  }]);
}

test.each(CASES)('%s', (_name, check) => check());

test('every render of the Go tests is a case here: 29 (Customize in two) and the 9 of TestNamespaceOverride', () => {
  expect(CASES).toHaveLength(39);
});
