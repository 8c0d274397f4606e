import { Chart, Testing } from 'cdk8s';
import { GhaRunnerScaleSet } from '../../src/constructs/gha-runner-scale-set';
import { GitHubAuth } from '../../src/constructs/github-auth';
import { GhaRunnerScaleSetController } from '../../src/controller/gha-runner-scale-set-controller';
import { ArcCrds } from '../../src/controller/arc-crds';

const scaleSetProps = { githubConfigUrl: 'https://github.com/my-org', auth: GitHubAuth.existingSecret('gh') };

describe('the controller construct: 0.14.2\'s newest settings', () => {
  test('pprofAddr, workqueueRateLimiter, healthProbeBindAddress and one pull-secret flag per Secret', () => {
    const chart = Testing.chart();
    new GhaRunnerScaleSetController(chart, 'arc', {
      namespace: 'arc-systems', imagePullSecrets: ['regcred', 'ghcr-pull'], pprofAddr: ':6060',
      flags: { workqueueRateLimiter: 'typed_rate_limiter', healthProbeBindAddress: ':8081' },
    });
    const c = Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];
    expect(c.args.filter((a: string) => /pull-secrets|pprof|workqueue|health/.test(a))).toEqual([
      '--auto-scaler-image-pull-secrets=regcred', '--auto-scaler-image-pull-secrets=ghcr-pull',
      '--pprof-addr=:6060', '--workqueue-rate-limiter=typed_rate_limiter', '--health-probe-bind-address=:8081',
    ]);
    expect(c.ports).toEqual([{ containerPort: 6060, protocol: 'TCP', name: 'pprof' }]);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 8081 });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 8081 });
  });

  test('values the manager or the chart refuses fail synthesis, at their props', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new GhaRunnerScaleSetController(chart, 'arc', { namespace: 'arc-systems', pprofAddr: 'localhost', flags: { workqueueRateLimiter: 'fast', healthProbeBindAddress: 'x' } });
    expect(() => app.synth()).toThrow([
      'Validation failed with the following errors:',
      '  [c/arc] pprofAddr: "localhost" must end in :<port> with a port from 1 to 65535, such as ":6060"',
      '  [c/arc] flags.healthProbeBindAddress: "x" must end in :<port> with a port from 1 to 65535, such as ":8081"',
      '  [c/arc] flags.workqueueRateLimiter: "fast" is not a workqueue rate limiter the controller knows (it would exit at start-up); allowed: bucket_rate_limiter, typed_rate_limiter',
    ].join('\n'));
  });
});

describe('construct users wire a scale set to a controller', () => {
  test('`controller` binds the manager Role to the controller\'s ServiceAccount', () => {
    const chart = Testing.chart();
    const controller = new GhaRunnerScaleSetController(chart, 'arc', { namespace: 'arc-systems', serviceAccount: { name: 'ctl' } });
    const set = new GhaRunnerScaleSet(chart, 'linux', { ...scaleSetProps, namespace: 'arc-runners', controller });
    expect(set.controllerServiceAccount).toEqual({ name: 'ctl', namespace: 'arc-systems' });
    expect(set.controllerServiceAccountDefaulted).toBe(false);
    const binding = Testing.synth(chart).find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'linux-gha-rs-manager');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'ctl', namespace: 'arc-systems' }]);
  });

  test('outside the watched namespace, or another ARC minor, synthesis fails', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const controller = new GhaRunnerScaleSetController(chart, 'arc', {
      namespace: 'arc-systems', image: { tag: '0.13.0' }, flags: { watchSingleNamespace: 'team-a' },
    });
    new GhaRunnerScaleSet(chart, 'linux', { ...scaleSetProps, namespace: 'team-b', controller });
    expect(() => app.synth()).toThrow([
      'Validation failed with the following errors:',
      '  [c/arc] image.tag: "0.13.0" runs ARC 0.13, but the scale sets this library writes carry app.kubernetes.io/version 0.14.2 and the controller reconciles only scale sets of its own major.minor; the CRDs and RBAC written with it are 0.14.2\'s too. Use a 0.14.x tag, or leave the tag out for 0.14.2',
      '  [c/linux] namespace: "team-b" is outside the one namespace its controller "arc" watches: "team-a"',
    ].join('\n'));
  });

  test('existing props keep working: controllerServiceAccount, and the documented default', () => {
    const chart = Testing.chart();
    const a = new GhaRunnerScaleSet(chart, 'a', { ...scaleSetProps, namespace: 'x', controllerServiceAccount: { name: 'c', namespace: 'n' } });
    const b = new GhaRunnerScaleSet(chart, 'b', { ...scaleSetProps, namespace: 'x' });
    expect(a.controllerServiceAccount).toEqual({ name: 'c', namespace: 'n' });
    expect(b.controllerServiceAccount).toEqual({ name: 'arc-gha-rs-controller', namespace: 'arc-systems' });
    expect(b.controllerServiceAccountDefaulted).toBe(true);
  });

  test('the Deployment is the `Resource` child and every object has an explicit name and namespace', () => {
    const chart = Testing.chart();
    const c = new GhaRunnerScaleSetController(chart, 'arc', { namespace: 'arc-systems', replicaCount: 2, flags: { watchSingleNamespace: 'w' } });
    expect(c.node.defaultChild).toBe(c.deployment);
    for (const o of Testing.synth(chart)) {
      expect(o.metadata.name).toBeTruthy();
      expect(o.metadata.namespace).toBeTruthy();
    }
  });

  test('ArcCrds gives the four CRDs as objects', () => {
    const chart = Testing.chart();
    new ArcCrds(chart, 'crds');
    expect(Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'CustomResourceDefinition/autoscalingrunnersets.actions.github.com',
      'CustomResourceDefinition/autoscalinglisteners.actions.github.com',
      'CustomResourceDefinition/ephemeralrunnersets.actions.github.com',
      'CustomResourceDefinition/ephemeralrunners.actions.github.com',
    ]);
  });
});
