import { synthesizeFleet } from '../../src/synth/fleet';
import { parseYaml } from '../support/compare';
import { controller, load } from './support';

describe('KubernetesGhaRunnerScaleSetController spec checks', () => {
  test('pprof, the workqueue rate limiter and the health probe address: checked, then passed as the chart passes them', () => {
    const bad = load(controller('arc', `namespace: arc-systems
pprof:
  addr: localhost
flags:
  workqueueRateLimiter: fast
  healthProbeBindAddress: ":http"
`));
    expect(bad.errors).toEqual([
      'a.yaml: spec.pprof.addr: "localhost" must end in :<port> with a port from 1 to 65535, such as ":6060" (line 8)',
      'a.yaml: spec.flags.workqueueRateLimiter: "fast" is not a workqueue rate limiter the controller knows (it would exit at start-up); allowed: bucket_rate_limiter, typed_rate_limiter (line 10)',
      'a.yaml: spec.flags.healthProbeBindAddress: ":http" must end in :<port> with a port from 1 to 65535, such as ":8081" (line 11)',
    ]);
    const good = load(controller('arc', `namespace: arc-systems
imagePullSecrets: [regcred, ghcr-pull]
pprof:
  addr: ":6060"
flags:
  workqueueRateLimiter: typed_rate_limiter
  healthProbeBindAddress: ":8081"
`));
    expect(good.errors).toEqual([]);
    const objects = synthesizeFleet(good.result!.specs, good.result!.controllers).flatMap((f) => parseYaml(f.content));
    const c = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0];
    expect(c.args).toEqual(expect.arrayContaining([
      '--auto-scaler-image-pull-secrets=regcred', '--auto-scaler-image-pull-secrets=ghcr-pull',
      '--pprof-addr=:6060', '--workqueue-rate-limiter=typed_rate_limiter', '--health-probe-bind-address=:8081',
    ]));
    expect(c.args.filter((a: string) => a.includes(','))).toEqual([]);
    expect(c.ports).toEqual([{ containerPort: 6060, protocol: 'TCP', name: 'pprof' }]);
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8081 }, initialDelaySeconds: 15, periodSeconds: 20 });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/readyz', port: 8081 }, initialDelaySeconds: 5, periodSeconds: 10 });
  });

  test('unknown fields, at any depth, with did-you-mean; every problem at once', () => {
    const { errors } = load(controller('arc', `namespace: arc-systems
replicas: 2
container:
  imag:
    tag: 0.14.2
flags:
  logFormt: json
  logLevel: verbose
metrics:
  controllerManagerAdr: ":8080"
`));
    expect(errors).toEqual([
      'a.yaml: spec.replicas: unknown field; allowed: namespace, nameOverride, fullnameOverride, createNamespace, replicaCount, container, flags, metrics, pprof, podMonitors, imagePullSecrets, priorityClassName, serviceAccount, labels, podLabels, podAnnotations, podSecurityContext, nodeSelector, tolerations, affinity, topologySpreadConstraints, volumes, podSecurity (line 7)',
      'a.yaml: spec.container.imag: unknown field (did you mean "image"?); allowed: image, resources, securityContext, env, volumeMounts (line 9)',
      'a.yaml: spec.flags.logFormt: unknown field (did you mean "logFormat"?); allowed: logLevel, logFormat, watchSingleNamespace, runnerMaxConcurrentReconciles, updateStrategy, excludeLabelPropagationPrefixes, k8sClientRateLimiterQps, k8sClientRateLimiterBurst, workqueueRateLimiter, healthProbeBindAddress (line 12)',
      'a.yaml: spec.flags.logLevel: "verbose" is not allowed; allowed: debug, info, warn, error (line 13)',
      'a.yaml: spec.metrics.controllerManagerAddr: is required (the controller\'s metrics address, such as ":8080") (line 14)',
      'a.yaml: spec.metrics.listenerAddr: is required (the listeners\' metrics address, such as ":8080", or "0" for none) (line 14)',
      'a.yaml: spec.metrics.controllerManagerAdr: unknown field (did you mean "controllerManagerAddr"?); allowed: controllerManagerAddr, listenerAddr, listenerEndpoint (line 15)',
    ]);
  });

  test('values are checked with what is allowed', () => {
    const { errors } = load(controller('Arc_1', `namespace: {value: arc-systems}
flags:
  updateStrategy: later
  runnerMaxConcurrentReconciles: 0
  watchSingleNamespace: Team_A
metrics:
  controllerManagerAddr: "8080"
  listenerAddr: ":8080"
  listenerEndpoint: metrics
serviceAccount:
  name: default
labels:
  app.kubernetes.io/name: mine
container:
  image:
    repository: ghcr.io/actions/gha-runner-scale-set-controller:0.14.2
    pullPolicy: Sometimes
  volumeMounts:
    - name: certs
      mountPath: /etc/certs
`));
    expect(errors).toEqual([
      'a.yaml: metadata.name: "Arc_1" is not a valid release name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters) (line 4)',
      'a.yaml: spec.flags.updateStrategy: "later" is not allowed; allowed: immediate, eventual (line 8)',
      'a.yaml: spec.flags.runnerMaxConcurrentReconciles: must be a whole number greater than 0, found number 0 (line 9)',
      'a.yaml: spec.flags.watchSingleNamespace: "Team_A" is not a valid namespace (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters) (line 10)',
      'a.yaml: spec.metrics.controllerManagerAddr: "8080" must end in :<port> with a port from 1 to 65535, such as ":8080" (line 12)',
      'a.yaml: spec.metrics.listenerEndpoint: "metrics" must be a path starting with "/", such as "/metrics" (line 14)',
      'a.yaml: spec.serviceAccount.name: "default" is not allowed: the controller chart refuses the namespace\'s default ServiceAccount; choose another name (line 16)',
      'a.yaml: spec.labels.app.kubernetes.io/name: is a label the controller chart sets itself; reserved: app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version, app.kubernetes.io/part-of, app.kubernetes.io/component, app.kubernetes.io/namespace, actions.github.com/controller-service-account-name, actions.github.com/controller-service-account-namespace, actions.github.com/controller-watch-single-namespace (line 18)',
      'a.yaml: spec.container.image.repository: "ghcr.io/actions/gha-runner-scale-set-controller:0.14.2" must be a repository without tag or digest; put the tag in spec.container.image.tag (line 21)',
      'a.yaml: spec.container.image.pullPolicy: "Sometimes" is not allowed; allowed: Always, IfNotPresent, Never (line 22)',
      'a.yaml: spec.container.volumeMounts[0].name: "certs" names no volume; define it under spec.volumes (line 24)',
    ]);
  });

  test('serviceAccount.create false needs a name', () => {
    expect(load(controller('arc', 'namespace: arc-systems\nserviceAccount:\n  create: false\n')).errors).toEqual([
      'a.yaml: spec.serviceAccount.name: is required when serviceAccount.create is false (the name of the existing ServiceAccount the controller runs as) (line 7)',
    ]);
  });

  test('a tag that names no version is a warning; replicaCount 0 is read as 1, as the chart does', () => {
    const { result, warnings } = load(controller('arc', 'namespace: arc-systems\nreplicaCount: 0\ncontainer:\n  image:\n    tag: canary\n'));
    expect(result!.controllers[0].spec.replicaCount).toBe(1);
    expect(warnings).toEqual([
      'a.yaml: spec.replicaCount: is 0, which the controller chart reads as 1 (its `default 1`); one replica is written (line 7)',
      'a.yaml: spec.container.image.tag: "canary" names no version: assuming it runs ARC 0.14.x, the version of the CRDs and scale sets this tool writes; pin a 0.14.x tag to be sure (line 10)',
    ]);
  });

  test('the kinds this tool reads are listed for an unknown kind', () => {
    expect(load('apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesGhaRunnerScaleSetControler\nmetadata: {name: x}\nspec: {}\n').errors).toEqual([
      'a.yaml: kind: "KubernetesGhaRunnerScaleSetControler" is not a kind this tool reads; allowed: KubernetesGhaRunnerScaleSet, KubernetesGhaRunnerScaleSetController (line 2)',
    ]);
  });
});
