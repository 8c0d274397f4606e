/**
 * The controller chart's values, through `--helm-chart gha-runner-scale-set-controller`'s pipeline
 * in-process: the reference renders (../shared/reference-controller) from the equivalent values
 * files, the inputs of the chart's own Go template tests (tests/template_test.go, those that render)
 * with the objects they assert, and the chart's failures as errors naming the values path.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { HELM_CHART } from '../../../src/constants';
import { CONTROLLER_CHART_DEFAULT_VALUES, controllerInexpressible, controllerSpecDocument } from '../../../src/input/helm/controller';
import { loadHelmReleases } from '../../../src/input/helm/releases';
import { Problem, SpecError } from '../../../src/input/problems';
import { synthesizeWired } from '../../../src/synth/fleet';
import { Obj, parityTests, parseYaml } from '../../support/compare';
import { schemaErrors } from '../../support/schema';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'gha-rs-helm-controller-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function release(values: Record<string, unknown> | string, releaseName = 'test-arc', namespace = 'test-ns') {
  const file = join(dir, `values-${++n}.yaml`);
  writeFileSync(file, typeof values === 'string' ? values : stringify(values));
  return { chart: HELM_CHART.controller, valuesFile: file, releaseName, namespace };
}

function render(values: Record<string, unknown> | string, releaseName?: string, namespace?: string) {
  const loaded = loadHelmReleases([release(values, releaseName, namespace)]);
  const files = synthesizeWired(loaded.scaleSets, loaded.controllers);
  const objects = files.filter((f) => f.name !== '00-crds.k8s.yaml').flatMap((f) => parseYaml(f.content));
  const get = (kind: string, name?: string): Obj => {
    const o = objects.find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
    if (!o) throw new Error(`no ${kind} ${name ?? ''}`);
    return o;
  };
  return { files, objects, get, warnings: loaded.warnings.map((w) => `${w.path}: ${w.message}`), spec: loaded.controllers[0].spec };
}

function problems(values: Record<string, unknown> | string): string[] {
  try {
    loadHelmReleases([release(values)]);
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p: Problem) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error('no problem found');
}

const scenarios = readdirSync(join(FIXTURES, 'helm-controller')).sort();

describe.each(scenarios)('controller values equivalent to reference scenario %s', (scenario) => {
  const rel = parse(readFileSync(join(FIXTURES, 'helm-controller', scenario, 'release.yaml'), 'utf8'));
  // helm template writes no Namespace: the reference's comes from the spec's createNamespace.
  const expected = parseYaml(readFileSync(join(FIXTURES, 'reference-controller', scenario, 'expected.yaml'), 'utf8')).filter((o) => o.kind !== 'Namespace');
  const loaded = loadHelmReleases([{
    chart: HELM_CHART.controller, valuesFile: join(FIXTURES, 'helm-controller', scenario, 'values.yaml'), releaseName: rel.release, namespace: rel.namespace,
  }]);
  const files = synthesizeWired(loaded.scaleSets, loaded.controllers);
  const actual = files.filter((f) => f.name !== '00-crds.k8s.yaml').flatMap((f) => parseYaml(f.content));

  parityTests(expected, actual, schemaErrors);

  test('the Deployment spec matches the render exactly, args in order', () => {
    expect(actual.find((o) => o.kind === 'Deployment')!.spec).toEqual(expected.find((o) => o.kind === 'Deployment')!.spec);
  });

  test('the CRDs are written, in a file of their own', () => {
    expect(files.map((f) => f.name)).toEqual(['00-crds.k8s.yaml', `controller.${rel.namespace}.${rel.release}.k8s.yaml`]);
  });

  test('no warning', () => expect(loaded.warnings).toEqual([]));
});

test('there is one values file for each controller reference scenario', () => {
  expect(scenarios).toEqual(readdirSync(join(FIXTURES, 'reference-controller')).sort());
});

describe('the chart\'s Go template tests (tests/template_test.go), their inputs and assertions', () => {
  test('CreateServiceAccount: the ServiceAccount, named after the release, with its annotations', () => {
    const sa = render({ serviceAccount: { create: true, annotations: { foo: 'bar' } } }).get('ServiceAccount');
    expect(sa.metadata).toMatchObject({ namespace: 'test-ns', name: 'test-arc-gha-rs-controller', annotations: { foo: 'bar' } });
  });

  test('CreateServiceAccount_OverwriteName', () => {
    const r = render({ serviceAccount: { create: true, name: 'overwritten-name', annotations: { foo: 'bar' } } });
    expect(r.get('ServiceAccount').metadata).toMatchObject({ namespace: 'test-ns', name: 'overwritten-name', annotations: { foo: 'bar' } });
    expect(r.get('Deployment').spec.template.spec.serviceAccountName).toBe('overwritten-name');
  });

  test('CreateServiceAccount_CannotUseDefaultServiceAccount: the chart\'s failure, at the value\'s path', () => {
    expect(problems({ serviceAccount: { create: true, name: 'default', annotations: { foo: 'bar' } } })).toEqual([
      'serviceAccount.name: "default" is not allowed: the controller chart refuses the namespace\'s default ServiceAccount; choose another name',
    ]);
  });

  test('NotCreateServiceAccount: no ServiceAccount; the Deployment runs as the named one', () => {
    const r = render({ serviceAccount: { create: false, name: 'overwritten-name', annotations: { foo: 'bar' } } });
    expect(r.objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    expect(r.get('Deployment').spec.template.spec.serviceAccountName).toBe('overwritten-name');
    expect(r.get('ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'overwritten-name', namespace: 'test-ns' }]);
  });

  test('NotCreateServiceAccount_ServiceAccountNotSet: the chart\'s failure', () => {
    expect(problems({ serviceAccount: { create: false, annotations: { foo: 'bar' } } })).toEqual([
      'serviceAccount.name: is required when serviceAccount.create is false (the name of the existing ServiceAccount the controller runs as)',
    ]);
  });

  test('CreateManagerClusterRole and ManagerClusterRoleBinding: 16 rules, no single-namespace Roles', () => {
    const r = render({ serviceAccount: { create: true } });
    const role = r.get('ClusterRole');
    expect(role.metadata).toEqual({ name: 'test-arc-gha-rs-controller' });
    expect(role.rules).toHaveLength(16);
    const binding = r.get('ClusterRoleBinding');
    expect(binding.metadata).toEqual({ name: 'test-arc-gha-rs-controller' });
    expect(binding.roleRef.name).toBe('test-arc-gha-rs-controller');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'test-arc-gha-rs-controller', namespace: 'test-ns' }]);
    expect(r.objects.map((o) => o.metadata.name).filter((x) => x.includes('single-namespace'))).toEqual([]);
  });

  test('CreateManagerListenerRole and ManagerListenerRoleBinding', () => {
    const r = render({});
    const role = r.get('Role', 'test-arc-gha-rs-controller-listener');
    expect(role.metadata.namespace).toBe('test-ns');
    expect(role.rules.map((x: { resources: string[] }) => x.resources[0])).toEqual(['pods', 'pods/status', 'secrets', 'serviceaccounts']);
    const binding = r.get('RoleBinding', 'test-arc-gha-rs-controller-listener');
    expect(binding.metadata.namespace).toBe('test-ns');
    expect(binding.roleRef.name).toBe('test-arc-gha-rs-controller-listener');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'test-arc-gha-rs-controller', namespace: 'test-ns' }]);
  });

  test('ControllerDeployment_Defaults (image.tag dev)', () => {
    const r = render({ image: { tag: 'dev' } });
    const d = r.get('Deployment');
    expect(d.metadata).toEqual({
      name: 'test-arc-gha-rs-controller',
      namespace: 'test-ns',
      labels: {
        'app.kubernetes.io/name': 'gha-rs-controller',
        'app.kubernetes.io/namespace': 'test-ns',
        'app.kubernetes.io/instance': 'test-arc',
        'app.kubernetes.io/version': '0.14.2',
        'app.kubernetes.io/part-of': 'gha-rs-controller',
        'actions.github.com/controller-service-account-namespace': 'test-ns',
        'actions.github.com/controller-service-account-name': 'test-arc-gha-rs-controller',
      },
    });
    expect(d.spec.replicas).toBe(1);
    const pod = d.spec.template;
    expect(pod.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'manager' });
    expect(pod.spec.imagePullSecrets).toBeUndefined();
    expect(pod.spec.securityContext).toBeUndefined();
    expect(pod.spec.priorityClassName).toBeUndefined();
    expect(pod.spec.terminationGracePeriodSeconds).toBe(10);
    expect(pod.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    const c = pod.spec.containers[0];
    expect(pod.spec.containers).toHaveLength(1);
    expect(c).toMatchObject({ name: 'manager', image: 'ghcr.io/actions/gha-runner-scale-set-controller:dev', imagePullPolicy: 'IfNotPresent', command: ['/manager'] });
    expect([...c.args].sort()).toEqual([
      '--auto-scaling-runner-set-only', '--log-level=debug', '--log-format=text', '--update-strategy=immediate', '--metrics-addr=0',
      '--listener-metrics-addr=0', '--listener-metrics-endpoint=', '--runner-max-concurrent-reconciles=2',
    ].sort());
    expect(c.env).toEqual([
      { name: 'CONTROLLER_MANAGER_CONTAINER_IMAGE', value: 'ghcr.io/actions/gha-runner-scale-set-controller:dev' },
      { name: 'CONTROLLER_MANAGER_POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
    expect(c.resources).toBeUndefined();
    expect(c.securityContext).toBeUndefined();
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(r.warnings).toEqual(['image.tag: "dev" names no version: assuming it runs ARC 0.14.x, the version of the CRDs and scale sets this tool writes; pin a 0.14.x tag to be sure']);
  });

  test('ControllerDeployment_Customize: label values Kubernetes refuses (the chart writes them) are errors', () => {
    expect(problems({ labels: { foo: 'bar', team: 'GitHub Team', teamMail: 'team@github.com' } })).toEqual([
      'labels.team: "GitHub Team" is not a valid label value (at most 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit): the chart would write it, but the API server refuses every object carrying it (the chart puts it on the controller\'s objects); use a valid value or leave the label out',
      'labels.teamMail: "team@github.com" is not a valid label value (at most 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit): the chart would write it, but the API server refuses every object carrying it (the chart puts it on the controller\'s objects); use a valid value or leave the label out',
    ]);
  });

  test('ControllerDeployment_Customize: every other value the test sets, nameOverride and fullnameOverride included', () => {
    const r = render({
      labels: { foo: 'bar', github: 'actions', team: 'GitHub-Team', teamMail: 'team.github.com' },
      replicaCount: 1,
      image: { pullPolicy: 'Always', tag: 'dev' },
      imagePullSecrets: [{ name: 'dockerhub' }],
      nameOverride: 'gha-rs-controller-override',
      fullnameOverride: 'gha-rs-controller-fullname-override',
      env: [{ name: 'ENV_VAR_NAME_1', value: 'ENV_VAR_VALUE_1' }],
      serviceAccount: { name: 'gha-rs-controller-sa' },
      podAnnotations: { foo: 'bar' },
      podSecurityContext: { fsGroup: 1000 },
      securityContext: { runAsUser: 1000, runAsNonRoot: true },
      resources: { limits: { cpu: '500m' } },
      nodeSelector: { foo: 'bar' },
      tolerations: [{ key: 'foo' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'bar' }] }] } } },
      topologySpreadConstraints: [{ labelSelector: { matchLabels: { foo: 'bar' } }, maxSkew: 1, topologyKey: 'foo' }],
      priorityClassName: 'test-priority-class',
      flags: { updateStrategy: 'eventual', logLevel: 'info', logFormat: 'json' },
      volumes: [{ name: 'customMount', configMap: { name: 'my-configmap' } }],
      volumeMounts: [{ name: 'customMount', mountPath: '/my/mount/path' }],
    });
    const d = r.get('Deployment');
    expect(d.metadata.name).toBe('gha-rs-controller-fullname-override');
    expect(d.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'gha-rs-controller-override', 'app.kubernetes.io/instance': 'test-arc', 'app.kubernetes.io/version': '0.14.2',
      'app.kubernetes.io/part-of': 'gha-rs-controller', foo: 'bar', github: 'actions', team: 'GitHub-Team', teamMail: 'team.github.com',
    });
    expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'gha-rs-controller-override', 'app.kubernetes.io/namespace': 'test-ns', 'app.kubernetes.io/instance': 'test-arc' });
    const pod = d.spec.template;
    expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'gha-rs-controller-override', 'app.kubernetes.io/instance': 'test-arc' });
    expect(pod.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'manager', foo: 'bar' });
    expect(pod.spec).toMatchObject({
      imagePullSecrets: [{ name: 'dockerhub' }],
      serviceAccountName: 'gha-rs-controller-sa',
      securityContext: { fsGroup: 1000 },
      priorityClassName: 'test-priority-class',
      terminationGracePeriodSeconds: 10,
      volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'customMount', configMap: { name: 'my-configmap' } }],
      nodeSelector: { foo: 'bar' },
      tolerations: [{ key: 'foo' }],
      topologySpreadConstraints: [{ labelSelector: { matchLabels: { foo: 'bar' } }, maxSkew: 1, topologyKey: 'foo' }],
    });
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]).toEqual({ key: 'foo', operator: 'bar' });
    const c = pod.spec.containers[0];
    expect(c).toMatchObject({ image: 'ghcr.io/actions/gha-runner-scale-set-controller:dev', imagePullPolicy: 'Always', resources: { limits: { cpu: '500m' } }, securityContext: { runAsUser: 1000, runAsNonRoot: true } });
    expect([...c.args].sort()).toEqual([
      '--auto-scaling-runner-set-only', '--auto-scaler-image-pull-secrets=dockerhub', '--log-level=info', '--log-format=json', '--update-strategy=eventual',
      '--listener-metrics-addr=0', '--listener-metrics-endpoint=', '--metrics-addr=0', '--runner-max-concurrent-reconciles=2',
    ].sort());
    expect(c.env.map((e: { name: string }) => e.name)).toEqual(['CONTROLLER_MANAGER_CONTAINER_IMAGE', 'CONTROLLER_MANAGER_POD_NAMESPACE', 'ENV_VAR_NAME_1']);
    expect(c.env[2].value).toBe('ENV_VAR_VALUE_1');
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }, { name: 'customMount', mountPath: '/my/mount/path' }]);
    // Every object takes the full name override; the ServiceAccount its own name.
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/gha-rs-controller-fullname-override', 'ClusterRoleBinding/gha-rs-controller-fullname-override',
      'Deployment/gha-rs-controller-fullname-override', 'Role/gha-rs-controller-fullname-override-listener',
      'RoleBinding/gha-rs-controller-fullname-override-listener', 'ServiceAccount/gha-rs-controller-sa',
    ]);
    expect(r.warnings).toEqual([
      'image.tag: "dev" names no version: assuming it runs ARC 0.14.x, the version of the CRDs and scale sets this tool writes; pin a 0.14.x tag to be sure',
      'volumes[0].name: "customMount" is not a DNS label (lowercase letters, digits and "-"): the chart writes it, but Kubernetes will refuse the controller\'s pods',
    ]);
  });

  test('EnableLeaderElection, its Role and RoleBinding (replicaCount 2)', () => {
    const r = render({ replicaCount: 2, image: { tag: 'dev' } });
    const d = r.get('Deployment');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.template.spec.containers[0].args).toEqual(expect.arrayContaining(['--enable-leader-election', '--leader-election-id=test-arc-gha-rs-controller']));
    expect(r.get('Role', 'test-arc-gha-rs-controller-leader-election').metadata.namespace).toBe('test-ns');
    const binding = r.get('RoleBinding', 'test-arc-gha-rs-controller-leader-election');
    expect(binding.roleRef.name).toBe('test-arc-gha-rs-controller-leader-election');
    expect(binding.subjects[0].name).toBe('test-arc-gha-rs-controller');
  });

  test('ControllerDeployment_ForwardImagePullSecrets', () => {
    const d = render({ imagePullSecrets: [{ name: 'dockerhub' }, { name: 'ghcr' }] }).get('Deployment');
    // one flag per Secret: ARC appends each value as one name (a comma-joined value would name one Secret "dockerhub,ghcr")
    const args: string[] = d.spec.template.spec.containers[0].args;
    expect(args.filter((a) => a.startsWith('--auto-scaler-image-pull-secrets'))).toEqual(['--auto-scaler-image-pull-secrets=dockerhub', '--auto-scaler-image-pull-secrets=ghcr']);
    expect([...args].sort()).toEqual([
      '--auto-scaling-runner-set-only', '--auto-scaler-image-pull-secrets=dockerhub', '--auto-scaler-image-pull-secrets=ghcr', '--log-level=debug', '--log-format=text',
      '--update-strategy=immediate', '--listener-metrics-addr=0', '--listener-metrics-endpoint=', '--metrics-addr=0', '--runner-max-concurrent-reconciles=2',
    ].sort());
    expect(d.spec.template.spec.imagePullSecrets).toEqual([{ name: 'dockerhub' }, { name: 'ghcr' }]);
  });

  test('ControllerDeployment_WatchSingleNamespace, and its two Roles and bindings instead of the ClusterRole', () => {
    const r = render({ image: { tag: 'dev' }, flags: { watchSingleNamespace: 'demo' } });
    const d = r.get('Deployment');
    expect(d.metadata.labels['actions.github.com/controller-watch-single-namespace']).toBe('demo');
    expect(d.spec.template.spec.containers[0].args).toContain('--watch-single-namespace=demo');
    expect(r.objects.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
    const own = r.get('Role', 'test-arc-gha-rs-controller-single-namespace');
    expect(own.metadata.namespace).toBe('test-ns');
    expect(own.rules).toHaveLength(10);
    const watch = r.get('Role', 'test-arc-gha-rs-controller-single-namespace-watch');
    expect(watch.metadata.namespace).toBe('demo');
    expect(watch.rules).toHaveLength(14);
    const watchBinding = r.get('RoleBinding', 'test-arc-gha-rs-controller-single-namespace-watch');
    expect(watchBinding.metadata.namespace).toBe('demo');
    expect(watchBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'test-arc-gha-rs-controller', namespace: 'test-ns' }]);
  });

  test('ControllerContainerEnvironmentVariables: entries written as given (capitalized keys too, with a warning)', () => {
    const env = [
      { Name: 'ENV_VAR_NAME_1', Value: 'ENV_VAR_VALUE_1' },
      { Name: 'ENV_VAR_NAME_2', ValueFrom: { SecretKeyRef: { Key: 'ENV_VAR_NAME_2', Name: 'secret-name', Optional: true } } },
      { Name: 'ENV_VAR_NAME_3', Value: '' },
      { Name: 'ENV_VAR_NAME_4' },
    ];
    const r = render({ env });
    expect(r.get('Deployment').spec.template.spec.containers[0].env.slice(2)).toEqual(env);
    expect(r.warnings).toHaveLength(4);
    expect(r.warnings[0]).toBe('env[0]: has no name (keys: Name, Value): the chart writes it as is, and so does gha-rs, but Kubernetes will refuse the controller\'s pods; field names are lowercase (name, value, valueFrom)');
  });

  test('ControllerDeployment_MetricsPorts', () => {
    const c = render({ image: { tag: 'dev' }, metrics: { controllerManagerAddr: ':8080', listenerAddr: ':8081', listenerEndpoint: '/metrics' } })
      .get('Deployment').spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ containerPort: 8080, protocol: 'TCP', name: 'metrics' }]);
    expect(c.args.filter((a: string) => /metrics/.test(a))).toEqual(['--listener-metrics-addr=:8081', '--listener-metrics-endpoint=/metrics', '--metrics-addr=:8080']);
  });

  test('Deployment_excludeLabelPropagationPrefixes', () => {
    const c = render({ flags: { excludeLabelPropagationPrefixes: ['prefix.com/', 'complete.io/label'] } }).get('Deployment').spec.template.spec.containers[0];
    expect(c.args).toEqual(expect.arrayContaining(['--exclude-label-propagation-prefix=prefix.com/', '--exclude-label-propagation-prefix=complete.io/label']));
  });

  test('NamespaceOverride: every namespaced object, and the subjects, in the override', () => {
    const r = render({ namespaceOverride: 'other-ns', replicaCount: 2 }, 'test', 'release-ns');
    expect(r.objects.filter((o) => !o.kind.startsWith('Cluster')).map((o) => o.metadata.namespace)).toEqual(r.objects.filter((o) => !o.kind.startsWith('Cluster')).map(() => 'other-ns'));
    expect(r.get('ClusterRoleBinding').subjects[0].namespace).toBe('other-ns');
    expect(r.files.map((f) => f.name)).toEqual(['00-crds.k8s.yaml', 'controller.other-ns.test.k8s.yaml']);
  });
});

describe('Helm\'s merge and the chart\'s template logic', () => {
  test('flags: null leaves every flag out, as the chart does (the construct\'s defaults do not fill them in)', () => {
    const args = render({ flags: null }).get('Deployment').spec.template.spec.containers[0].args;
    expect(args).toEqual(['--auto-scaling-runner-set-only', '--listener-metrics-addr=0', '--listener-metrics-endpoint=', '--metrics-addr=0']);
  });

  test('numbers in quotes print as the chart prints them', () => {
    const d = render({ replicaCount: '2', flags: { runnerMaxConcurrentReconciles: '4', k8sClientRateLimiterQPS: '20' } }).get('Deployment');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.template.spec.containers[0].args).toEqual(expect.arrayContaining([
      '--enable-leader-election', '--runner-max-concurrent-reconciles=4', '--k8s-client-rate-limiter-qps=20',
    ]));
  });

  test('replicaCount 0 is 1 (the chart\'s default 1)', () => {
    expect(render({ replicaCount: 0 }).get('Deployment').spec.replicas).toBe(1);
  });

  test('an empty metrics map is no metrics (Go templates read an empty map as false)', () => {
    expect(render({ metrics: {} }).get('Deployment').spec.template.spec.containers[0].ports).toBeUndefined();
  });

  test('the defaults are the chart\'s values.yaml', () => {
    expect(CONTROLLER_CHART_DEFAULT_VALUES.flags).toEqual({ logLevel: 'debug', logFormat: 'text', runnerMaxConcurrentReconciles: 2, updateStrategy: 'immediate' });
    expect(CONTROLLER_CHART_DEFAULT_VALUES.image).toEqual({ repository: 'ghcr.io/actions/gha-runner-scale-set-controller', pullPolicy: 'IfNotPresent', tag: '' });
  });
});

describe('0.14.2\'s newest values: pprof, the workqueue rate limiter, the health probes', () => {
  test('each is passed as the chart passes it, with the pprof port and the two probes', () => {
    const r = render({ pprof: { addr: ':6060' }, flags: { rateLimiter: { name: 'bucket_rate_limiter' }, healthProbeBindAddress: '0.0.0.0:9440' } });
    const c = r.get('Deployment').spec.template.spec.containers[0];
    expect(c.args.slice(-2)).toEqual(['--workqueue-rate-limiter=bucket_rate_limiter', '--health-probe-bind-address=0.0.0.0:9440']);
    expect(c.args).toEqual(expect.arrayContaining(['--pprof-addr=:6060', '--workqueue-rate-limiter=bucket_rate_limiter', '--health-probe-bind-address=0.0.0.0:9440']));
    expect(c.args.indexOf('--pprof-addr=:6060')).toBe(c.args.indexOf('--metrics-addr=0') + 1);
    expect(c.ports).toEqual([{ containerPort: 6060, protocol: 'TCP', name: 'pprof' }]);
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 9440 }, initialDelaySeconds: 15, periodSeconds: 20 });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/readyz', port: 9440 }, initialDelaySeconds: 5, periodSeconds: 10 });
    expect(r.warnings).toEqual([]);
  });

  test('unset or empty: no flag, no port, no probe (the chart\'s `with`)', () => {
    const c = render({ pprof: { addr: '' }, flags: { rateLimiter: { name: '' }, healthProbeBindAddress: '' } }).get('Deployment').spec.template.spec.containers[0];
    expect(c.args.filter((a: string) => /pprof|workqueue|health/.test(a))).toEqual([]);
    expect(c.ports).toBeUndefined();
    expect(c.livenessProbe).toBeUndefined();
    expect(c.readinessProbe).toBeUndefined();
  });

  test('values the chart or the manager refuses are errors at their paths, all at once', () => {
    expect(problems({ pprof: { addr: 'localhost' }, flags: { rateLimiter: { name: 'fast' }, healthProbeBindAddress: ':http' } })).toEqual([
      'flags.rateLimiter.name: "fast" is not a workqueue rate limiter the controller knows (it would exit at start-up); allowed: bucket_rate_limiter, typed_rate_limiter',
      'flags.healthProbeBindAddress: ":http" must end in :<port> with a port from 1 to 65535, such as ":8081": the chart makes the liveness and readiness probes\' port of it',
      'pprof.addr: "localhost" must end in :<port> with a port from 1 to 65535, such as ":6060": the chart makes the container port pprof of it',
    ]);
    expect(problems({ pprof: ':6060' })).toEqual(['pprof: must be a map, found ":6060"']);
  });

  test('convert writes them into the spec, which gives the same Deployment', () => {
    const r = render({ pprof: { addr: ':6060' }, flags: { rateLimiter: { name: 'typed_rate_limiter' }, healthProbeBindAddress: ':8081' } });
    const doc = controllerSpecDocument(r.spec) as any;
    expect(doc.spec.pprof).toEqual({ addr: ':6060' });
    expect(doc.spec.flags).toMatchObject({ workqueueRateLimiter: 'typed_rate_limiter', healthProbeBindAddress: ':8081' });
  });
});

describe('values the chart or the controller would refuse, and values it ignores', () => {
  test('all problems at once, each at its values path', () => {
    expect(problems({
      flags: { logLevel: 'verbose', updateStrategy: 'later', runnerMaxConcurrentReconciles: -1 },
      metrics: { controllerManagerAddr: '8080', listenerAddr: ':8080' },
      image: { pullPolicy: 'Sometimes' },
      replicaCount: 'two',
    })).toEqual([
      'replicaCount: must be a whole number of 0 or more, found "two"',
      'image.pullPolicy: "Sometimes" is not a pull policy Kubernetes accepts; allowed: Always, IfNotPresent, Never',
      'metrics.controllerManagerAddr: "8080" must end in :<port> with a port from 1 to 65535, such as ":8080": the chart makes the container port of it',
      'flags.logLevel: "verbose" is not one the controller accepts (it would exit at start-up); allowed: debug, info, warn, error, or empty to leave the flag out',
      'flags.runnerMaxConcurrentReconciles: must be a whole number of 0 or more (0 leaves the flag out), found number -1',
      'flags.updateStrategy: "later" is not one the controller accepts (it would exit at start-up); allowed: immediate, eventual, or empty to leave the flag out',
    ]);
  });

  test('a release name Helm would refuse is an error', () => {
    expect(() => loadHelmReleases([release({}, 'Arc_1')])).toThrow(/: the release name "Arc_1" is not a valid release name \(lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters\)/);
  });

  test('unknown keys are warnings with a suggestion; a non-list env is a warning (the chart ignores it)', () => {
    const r = render({ replicaCont: 2, flags: { loglevel: 'info' }, env: { A: 'b' } });
    expect(r.warnings).toEqual([
      'replicaCont: is not a value the controller chart 0.14.2 reads; ignored (did you mean "replicaCount"?)',
      'env: is a map, not a list: the chart ignores it (it reads env only when it is a list), so no extra variable is written',
      'flags.loglevel: is not a value the controller chart 0.14.2 reads; ignored (did you mean "logLevel"?)',
    ]);
  });

  test('the default-container annotation in podAnnotations is a warning; the given value is written', () => {
    const r = render({ podAnnotations: { 'kubectl.kubernetes.io/default-container': 'sidecar' } });
    expect(r.get('Deployment').spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'sidecar' });
    expect(r.warnings).toEqual(['podAnnotations.kubectl.kubernetes.io/default-container: is an annotation the chart sets itself (to "manager"): the chart would write the key twice; yours is written']);
  });

  test('numbers in annotation and node selector maps are written as strings, with a warning; in labels (which the chart quotes), without', () => {
    const r = render({ podAnnotations: { replicas: 3 }, labels: { tier: 1 } });
    expect(r.get('Deployment').spec.template.metadata.annotations.replicas).toBe('3');
    expect(r.get('Deployment').metadata.labels.tier).toBe('1');
    expect(r.warnings).toEqual(['podAnnotations.replicas: is number 3, which the chart writes unquoted and Kubernetes refuses (values here are strings): written as "3"']);
  });

  test('a label the chart sets itself is a warning; the chart\'s value is written', () => {
    const r = render({ labels: { 'app.kubernetes.io/name': 'x' } });
    expect(r.get('Deployment').metadata.labels['app.kubernetes.io/name']).toBe('gha-rs-controller');
    expect(r.warnings[0]).toMatch(/^labels\.app\.kubernetes\.io\/name: is a label the chart sets itself/);
  });
});

describe('convert for the controller chart', () => {
  test('the spec document reads back as a spec that gives the same objects', () => {
    const values = { replicaCount: 2, flags: { logLevel: 'info', watchSingleNamespace: 'runners' }, nameOverride: 'ctl', podLabels: { team: 'a' } };
    const r = render(values, 'arc', 'arc-systems');
    const doc = controllerSpecDocument(r.spec);
    expect(doc).toEqual({
      apiVersion: 'kubernetes.project-planton.org/v1',
      kind: 'KubernetesGhaRunnerScaleSetController',
      metadata: { name: 'arc' },
      spec: { namespace: 'arc-systems', nameOverride: 'ctl', replicaCount: 2, flags: { logLevel: 'info', watchSingleNamespace: 'runners' }, podLabels: { team: 'a' } },
    });
    const { loadSpecs } = require('../../../src/input/load') as typeof import('../../../src/input/load');
    const { synthesizeFleet } = require('../../../src/synth/fleet') as typeof import('../../../src/synth/fleet');
    const specFile = join(dir, 'converted.yaml');
    writeFileSync(specFile, stringify(doc));
    const { specs, controllers } = loadSpecs([specFile]);
    expect(synthesizeFleet(specs, controllers)).toEqual(r.files);
  });

  test('flags left out cannot be said in a spec file', () => {
    expect(controllerInexpressible(render({ flags: { logLevel: '', runnerMaxConcurrentReconciles: 0 } }).spec).map((x) => x.path)).toEqual(['flags.logLevel', 'flags.runnerMaxConcurrentReconciles']);
  });
});
