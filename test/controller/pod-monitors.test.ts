/**
 * PodMonitors (opt-in): the controller's and the listeners', checked against the pods the output
 * makes: the manager pods of the Deployment, and the listener pods ARC 0.14.2's controller creates
 * for each AutoscalingRunnerSet of the output (labels as resourcebuilder.go sets them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { GhaRunnerScaleSetController } from '../../src/controller/gha-runner-scale-set-controller';
import { synthesizeFleet } from '../../src/synth/fleet';
import { Obj, parseYaml } from '../support/compare';
import { schemaErrors } from '../support/schema';
import { controller, load, scaleSet } from './support';

const synth = (...texts: string[]) => {
  const { result, errors, warnings } = load(...texts);
  if (errors.length) throw new Error(errors.join('\n'));
  const files = synthesizeFleet(result!.specs, result!.controllers);
  return { files, objects: files.flatMap((f) => parseYaml(f.content)), warnings };
};

/**
 * The labels ARC 0.14.2's controller gives the listener pod of an AutoscalingRunnerSet
 * (newAutoScalingListener, then newScaleSetListenerPod copies the listener's labels): the scale
 * set's labels, overridden by its own, then the labels of its GitHub URL.
 */
function listenerPodLabels(ars: Obj): Record<string, string> {
  const labels: Record<string, string> = {
    ...ars.metadata.labels,
    'actions.github.com/scale-set-namespace': ars.metadata.namespace,
    'actions.github.com/scale-set-name': ars.metadata.name,
    'app.kubernetes.io/part-of': 'gha-runner-scale-set',
    'app.kubernetes.io/component': 'runner-scale-set-listener',
    'app.kubernetes.io/version': ars.metadata.labels['app.kubernetes.io/version'],
  };
  const [, owner, repo] = new URL(ars.spec.githubConfigUrl).pathname.split('/');
  if (owner === 'enterprises') labels['actions.github.com/enterprise'] = repo;
  else {
    labels['actions.github.com/organization'] = owner;
    if (repo) labels['actions.github.com/repository'] = repo;
  }
  return labels;
}

const selects = (monitor: Obj, labels: Record<string, string>) => Object.entries(monitor.spec.selector.matchLabels as Record<string, string>).every(([k, v]) => labels[k] === v);

const METRICS = 'metrics:\n  controllerManagerAddr: ":8080"\n  listenerAddr: ":8081"\n  listenerEndpoint: /metrics';

describe('a controller with podMonitors and the two scale sets it runs', () => {
  const { objects, warnings } = synth(
    controller('arc', `namespace: arc-systems\n${METRICS}\npodMonitors:\n  enabled: true\n  labels:\n    release: kube-prometheus-stack\n  interval: 30s`),
    scaleSet('linux', 'namespace: arc-runners'),
    scaleSet('gpu', 'namespace: gpu-runners\nrunnerScaleSetName: gpu-large'),
  );
  const monitors = objects.filter((o) => o.kind === 'PodMonitor');
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const scaleSets = objects.filter((o) => o.kind === 'AutoscalingRunnerSet');

  test('two PodMonitors, in the controller\'s namespace, exactly', () => {
    const labels = {
      'app.kubernetes.io/name': 'gha-rs-controller', 'app.kubernetes.io/namespace': 'arc-systems', 'app.kubernetes.io/instance': 'arc',
      'app.kubernetes.io/version': '0.14.2', 'app.kubernetes.io/part-of': 'gha-rs-controller', release: 'kube-prometheus-stack',
    };
    expect(monitors).toEqual([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'arc-gha-rs-controller', namespace: 'arc-systems', labels },
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'gha-rs-controller', 'app.kubernetes.io/namespace': 'arc-systems', 'app.kubernetes.io/instance': 'arc', 'app.kubernetes.io/component': 'controller-manager' } },
          podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
        },
      },
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'arc-gha-rs-controller-listeners', namespace: 'arc-systems', labels },
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/component': 'runner-scale-set-listener', 'app.kubernetes.io/part-of': 'gha-runner-scale-set' } },
          podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', honorLabels: true, interval: '30s' }],
        },
      },
    ]);
    expect(warnings).toEqual([]);
  });

  test('they validate against the Prometheus Operator\'s schema', () => {
    expect(monitors.flatMap(schemaErrors)).toEqual([]);
  });

  test('the controller\'s selects the Deployment\'s pods, in its namespace, on the port the manager exposes', () => {
    const pod = deployment.spec.template;
    expect(selects(monitors[0], pod.metadata.labels)).toBe(true);
    expect(monitors[0].metadata.namespace).toBe(deployment.metadata.namespace);
    expect(pod.spec.containers[0].ports).toEqual([{ containerPort: 8080, protocol: 'TCP', name: monitors[0].spec.podMetricsEndpoints[0].port }]);
    expect(pod.spec.containers[0].args).toContain('--metrics-addr=:8080');
  });

  test('the listeners\' selects the listener pod of every scale set, which the controller makes in its own namespace', () => {
    expect(scaleSets.map((s) => s.metadata.name)).toEqual(['linux', 'gpu-large']);
    for (const ars of scaleSets) expect(selects(monitors[1], listenerPodLabels(ars))).toBe(true);
    expect(monitors[1].metadata.namespace).toBe(deployment.metadata.namespace);
    // the path and port are the controller's flags for its listeners
    expect(deployment.spec.template.spec.containers[0].args).toEqual(expect.arrayContaining(['--listener-metrics-addr=:8081', '--listener-metrics-endpoint=/metrics']));
  });

  test('neither selects what it should not: the listeners\' no manager pod, the controller\'s no listener', () => {
    expect(selects(monitors[1], deployment.spec.template.metadata.labels)).toBe(false);
    for (const ars of scaleSets) expect(selects(monitors[0], listenerPodLabels(ars))).toBe(false);
  });
});

describe('opt-in, and its checks', () => {
  test('off by default: no PodMonitor, metrics or not', () => {
    expect(synth(controller('arc', `namespace: arc-systems\n${METRICS}`)).objects.filter((o) => o.kind === 'PodMonitor')).toEqual([]);
    expect(synth(controller('arc', 'namespace: arc-systems\npodMonitors:\n  enabled: false')).objects.filter((o) => o.kind === 'PodMonitor')).toEqual([]);
  });

  test('without metrics there is nothing to scrape: an error', () => {
    expect(load(controller('arc', 'namespace: arc-systems\npodMonitors:\n  enabled: true')).errors).toEqual([
      'a.yaml: spec.podMonitors.enabled: needs spec.metrics: without it the controller and its listeners serve no metrics to scrape; set spec.metrics (e.g. controllerManagerAddr ":8080", listenerAddr ":8080", listenerEndpoint "/metrics") (line 8)',
    ]);
  });

  test('listener metrics off: only the controller\'s PodMonitor, with a warning', () => {
    const { objects, warnings } = synth(controller('arc', 'namespace: arc-systems\nmetrics:\n  controllerManagerAddr: ":8080"\n  listenerAddr: "0"\npodMonitors:\n  enabled: true'));
    expect(objects.filter((o) => o.kind === 'PodMonitor').map((o) => o.metadata.name)).toEqual(['arc-gha-rs-controller']);
    expect(warnings).toEqual(['a.yaml: spec.podMonitors.enabled: the listeners serve no metrics (spec.metrics.listenerAddr "0"): only the controller\'s PodMonitor is written (line 11)']);
  });

  test('a listener address without a port, and a bad interval, are errors', () => {
    expect(load(controller('arc', 'namespace: arc-systems\nmetrics:\n  controllerManagerAddr: ":8080"\n  listenerAddr: "localhost"\n  listenerEndpoint: /metrics\npodMonitors:\n  enabled: true\n  interval: 30 seconds')).errors).toEqual([
      'a.yaml: spec.podMonitors.enabled: metrics.listenerAddr "localhost" must end in :<port> (1-65535), e.g. ":8080", for the listeners\' PodMonitor to scrape it (line 12)',
      'a.yaml: spec.podMonitors.interval: "30 seconds" is not a Prometheus duration, such as "30s" or "1m30s" (line 13)',
    ]);
  });

  test('the construct refuses podMonitors without metrics', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GhaRunnerScaleSetController(chart, 'arc', { namespace: 'arc-systems', podMonitors: {} });
    expect(() => Testing.synth(chart)).toThrow(/podMonitors need metrics: without metrics.controllerManagerAddr the controller and its listeners serve none/);
  });

  test('the construct honours nameOverride in the controller\'s selector', () => {
    const chart = new Chart(Testing.app(), 'test');
    const c = new GhaRunnerScaleSetController(chart, 'arc', {
      namespace: 'arc-systems', nameOverride: 'ctl', podMonitors: {}, metrics: { controllerManagerAddr: ':8080', listenerAddr: ':8080', listenerEndpoint: '/metrics' },
    });
    const objects = Testing.synth(chart);
    const monitor = objects.find((o) => o.kind === 'PodMonitor' && o.metadata.name === 'arc-ctl')!;
    const pod = objects.find((o) => o.kind === 'Deployment')!.spec.template;
    expect(selects(monitor, pod.metadata.labels)).toBe(true);
    expect(c.podMonitors).toHaveLength(2);
  });
});

test('the PodMonitor example of docs/controller.md gives both PodMonitors', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'controller.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Prometheus: PodMonitors'));
  const snippet = /```yaml\nspec:\n([\s\S]*?)```/.exec(section)![1].replace(/^ {2}/gm, '');
  const { objects } = synth(controller('arc', `namespace: arc-systems\n${snippet}`));
  expect(objects.filter((o) => o.kind === 'PodMonitor').map((o) => `${o.metadata.name} ${o.metadata.labels.release}`)).toEqual([
    'arc-gha-rs-controller kube-prometheus-stack', 'arc-gha-rs-controller-listeners kube-prometheus-stack',
  ]);
});
