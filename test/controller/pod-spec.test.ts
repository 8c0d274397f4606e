import { ControllerPodInput, controllerArgs, controllerPodTemplate, metricsPort } from '../../src/controller/pod-spec';

const base: ControllerPodInput = {
  releaseName: 'arc',
  namespace: 'arc-systems',
  fullName: 'arc-gha-rs-controller',
  serviceAccountName: 'arc-gha-rs-controller',
  image: 'ghcr.io/actions/gha-runner-scale-set-controller:0.14.2',
  imagePullPolicy: 'IfNotPresent',
  replicas: 1,
  imagePullSecrets: [],
  flags: { logLevel: 'debug', logFormat: 'text', runnerMaxConcurrentReconciles: 2, updateStrategy: 'immediate' },
};

describe('controllerArgs', () => {
  test('defaults: metrics off is passed as zero addresses, not left out', () => {
    expect(controllerArgs(base)).toEqual([
      '--auto-scaling-runner-set-only',
      '--log-level=debug',
      '--log-format=text',
      '--runner-max-concurrent-reconciles=2',
      '--update-strategy=immediate',
      '--listener-metrics-addr=0',
      '--listener-metrics-endpoint=',
      '--metrics-addr=0',
    ]);
  });

  test('HA with eventual updates: leader election named after the full name', () => {
    expect(controllerArgs({ ...base, replicas: 3, flags: { ...base.flags, updateStrategy: 'eventual' } })).toEqual([
      '--auto-scaling-runner-set-only',
      '--enable-leader-election',
      '--leader-election-id=arc-gha-rs-controller',
      '--log-level=debug',
      '--log-format=text',
      '--runner-max-concurrent-reconciles=2',
      '--update-strategy=eventual',
      '--listener-metrics-addr=0',
      '--listener-metrics-endpoint=',
      '--metrics-addr=0',
    ]);
  });

  test('private registry: every pull secret reaches the listeners, one flag each (ARC appends each value as one name)', () => {
    const args = controllerArgs({ ...base, imagePullSecrets: ['dockerhub', 'ghcr'] });
    expect(args.slice(0, 4)).toEqual(['--auto-scaling-runner-set-only', '--auto-scaler-image-pull-secrets=dockerhub', '--auto-scaler-image-pull-secrets=ghcr', '--log-level=debug']);
  });

  test('single namespace, custom metrics, and the optional flags, in the chart order', () => {
    expect(controllerArgs({
      ...base,
      flags: {
        ...base.flags,
        watchSingleNamespace: 'team-a',
        excludeLabelPropagationPrefixes: ['example.com/', 'team.io/owner'],
        k8sClientRateLimiterQps: 50,
        k8sClientRateLimiterBurst: 100,
      },
      metrics: { controllerManagerAddr: ':9090', listenerAddr: ':9091', listenerEndpoint: '/prom' },
    })).toEqual([
      '--auto-scaling-runner-set-only',
      '--log-level=debug',
      '--log-format=text',
      '--watch-single-namespace=team-a',
      '--runner-max-concurrent-reconciles=2',
      '--update-strategy=immediate',
      '--listener-metrics-addr=:9091',
      '--listener-metrics-endpoint=/prom',
      '--metrics-addr=:9090',
      '--exclude-label-propagation-prefix=example.com/',
      '--exclude-label-propagation-prefix=team.io/owner',
      '--k8s-client-rate-limiter-qps=50',
      '--k8s-client-rate-limiter-burst=100',
    ]);
  });

  test('an unset flag is not passed (the chart\'s `with`)', () => {
    expect(controllerArgs({ ...base, flags: {} })).toEqual([
      '--auto-scaling-runner-set-only', '--listener-metrics-addr=0', '--listener-metrics-endpoint=', '--metrics-addr=0',
    ]);
  });
});

describe('controllerPodTemplate', () => {
  test('defaults: the chart\'s manager container, tmp volume and labels', () => {
    const t = controllerPodTemplate(base);
    expect(t.metadata).toEqual({
      annotations: { 'kubectl.kubernetes.io/default-container': 'manager' },
      labels: {
        'app.kubernetes.io/part-of': 'gha-rs-controller',
        'app.kubernetes.io/component': 'controller-manager',
        'app.kubernetes.io/version': '0.14.2',
        'app.kubernetes.io/name': 'gha-rs-controller',
        'app.kubernetes.io/namespace': 'arc-systems',
        'app.kubernetes.io/instance': 'arc',
      },
    });
    const c = t.spec!.containers![0];
    expect(c.env).toEqual([
      { name: 'CONTROLLER_MANAGER_CONTAINER_IMAGE', value: 'ghcr.io/actions/gha-runner-scale-set-controller:0.14.2' },
      { name: 'CONTROLLER_MANAGER_POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
    expect(c.ports).toBeUndefined();
    expect(t.spec!.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(t.spec!.imagePullSecrets).toBeUndefined();
    expect(t.spec!.terminationGracePeriodSeconds).toBe(10);
  });

  test('the container image env follows the image; pull secrets, user env, mounts and pod settings are added', () => {
    const t = controllerPodTemplate({
      ...base,
      image: 'registry.example.com/arc/controller:0.14.1',
      imagePullSecrets: ['regcred'],
      env: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }],
      volumes: [{ name: 'ca', configMap: { name: 'ca' } }],
      volumeMounts: [{ name: 'ca', mountPath: '/etc/ssl/custom' }],
      podLabels: { team: 'ci', 'app.kubernetes.io/name': 'ignored' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      priorityClassName: 'system-cluster-critical',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'ci', operator: 'Exists' }],
      metrics: { controllerManagerAddr: '0.0.0.0:8080', listenerAddr: ':8080', listenerEndpoint: '/metrics' },
    });
    const c = t.spec!.containers![0];
    expect(c.env![0]).toEqual({ name: 'CONTROLLER_MANAGER_CONTAINER_IMAGE', value: 'registry.example.com/arc/controller:0.14.1' });
    expect(c.env![2]).toEqual({ name: 'HTTPS_PROXY', value: 'http://proxy:3128' });
    expect(c.ports).toEqual([{ containerPort: 8080, protocol: 'TCP', name: 'metrics' }]);
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }, { name: 'ca', mountPath: '/etc/ssl/custom' }]);
    expect(t.spec!.volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'ca', configMap: { name: 'ca' } }]);
    expect(t.spec!.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(t.metadata!.labels!.team).toBe('ci');
    expect(t.metadata!.labels!['app.kubernetes.io/name']).toBe('gha-rs-controller');
    expect(t.metadata!.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'manager', 'prometheus.io/scrape': 'true' });
    expect(t.spec!.priorityClassName).toBe('system-cluster-critical');
    expect(t.spec!.tolerations).toEqual([{ key: 'ci', operator: 'Exists' }]);
  });
});

test('metricsPort reads the port of :p, host:p and [v6]:p', () => {
  expect(metricsPort(':8080')).toBe(8080);
  expect(metricsPort('0.0.0.0:9090')).toBe(9090);
  expect(metricsPort('[::]:7000')).toBe(7000);
  expect(metricsPort('0')).toBeUndefined();
  expect(metricsPort(':0')).toBeUndefined();
  expect(metricsPort(':70000')).toBeUndefined();
});
