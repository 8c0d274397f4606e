/**
 * Hook templates on the construct: the KUBERNETES and KUBERNETES_NO_VOLUME modes write the hook
 * extension as ARC 0.14.2's experimental chart writes it (ConfigMap, volume, mount, env), and
 * spec files reach it through `containerMode.hookTemplate` / `hookTemplateConfigMap`.
 */
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ContainerModes, HookTemplate } from '../../src/container-modes';
import { GhaRunnerScaleSet } from '../../src/constructs/gha-runner-scale-set';
import { GitHubAuth } from '../../src/constructs/github-auth';
import { problemsOf, specDoc } from '../support/specs';

const base = { githubConfigUrl: 'https://github.com/my-org', auth: GitHubAuth.existingSecret('gh'), namespace: 'ci' };
const TEMPLATE = { spec: { nodeSelector: { pool: 'jobs' }, containers: [{ name: '$job', resources: { requests: { cpu: '1' } } }] } };

function synth(mode: ReturnType<typeof ContainerModes.kubernetes>) {
  const chart = Testing.chart();
  new GhaRunnerScaleSet(chart, 'linux', { ...base, containerMode: mode });
  const objects = Testing.synth(chart);
  const pod = objects.find((o) => o.kind === 'AutoscalingRunnerSet').spec.template.spec;
  return { objects, pod, runner: pod.containers.find((c: any) => c.name === 'runner') };
}

describe('KUBERNETES mode with an inline hook template', () => {
  const { objects, pod, runner } = synth(ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' }, hookTemplate: HookTemplate.fromPodTemplate(TEMPLATE) }));

  test('the ConfigMap: <name>-hook-extension, the common labels and component hook-extension, no finalizer, the template under extension', () => {
    const cm = objects.find((o) => o.kind === 'ConfigMap');
    expect(cm.metadata).toEqual({
      name: 'linux-hook-extension',
      namespace: 'ci',
      labels: {
        'app.kubernetes.io/name': 'linux', 'app.kubernetes.io/instance': 'linux', 'app.kubernetes.io/version': '0.14.2', 'app.kubernetes.io/part-of': 'gha-rs',
        'actions.github.com/scale-set-name': 'linux', 'actions.github.com/scale-set-namespace': 'ci', 'app.kubernetes.io/component': 'hook-extension',
      },
    });
    expect(Object.keys(cm.data)).toEqual(['extension']);
    expect(parse(cm.data.extension)).toEqual(TEMPLATE);
  });

  test('the runner: the env after the hooks\' own, the read-only mount beside the hook script; the volume after work', () => {
    expect(runner.env.map((e: any) => e.name)).toEqual(['ACTIONS_RUNNER_CONTAINER_HOOKS', 'ACTIONS_RUNNER_POD_NAME', 'ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER', 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE']);
    expect(runner.env[3].value).toBe('/home/runner/k8s/hook-template.yaml');
    expect(runner.volumeMounts).toEqual([
      { name: 'work', mountPath: '/home/runner/_work' },
      { name: 'hook-extension', mountPath: '/home/runner/k8s/hook-template.yaml', subPath: 'extension', readOnly: true },
    ]);
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['work', 'hook-extension']);
    expect(pod.volumes[1]).toEqual({ name: 'hook-extension', configMap: { name: 'linux-hook-extension' } });
  });
});

test('KUBERNETES_NO_VOLUME: the template file sits beside the novolume hooks', () => {
  const { objects, pod, runner } = synth(ContainerModes.kubernetesNoVolume({ hookTemplate: HookTemplate.fromPodTemplate(TEMPLATE) }));
  expect(runner.env).toContainEqual({ name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/home/runner/k8s-novolume/hook-template.yaml' });
  expect(runner.volumeMounts).toEqual([{ name: 'hook-extension', mountPath: '/home/runner/k8s-novolume/hook-template.yaml', subPath: 'extension', readOnly: true }]);
  expect(pod.volumes).toEqual([{ name: 'hook-extension', configMap: { name: 'linux-hook-extension' } }]);
  expect(objects.filter((o) => o.kind === 'ConfigMap')).toHaveLength(1);
});

test('an existing ConfigMap: mounted, not written', () => {
  const { objects, pod } = synth(ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' }, hookTemplate: HookTemplate.fromConfigMap('team-hooks') }));
  expect(objects.filter((o) => o.kind === 'ConfigMap')).toEqual([]);
  expect(pod.volumes).toContainEqual({ name: 'hook-extension', configMap: { name: 'team-hooks' } });
});

test('no hook template: nothing of the hook extension', () => {
  const { objects, runner, pod } = synth(ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' } }));
  expect(objects.filter((o) => o.kind === 'ConfigMap')).toEqual([]);
  expect(runner.env.map((e: any) => e.name)).not.toContain('ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE');
  expect(pod.volumes.map((v: any) => v.name)).toEqual(['work']);
});

test('the user\'s own ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE wins, as in the chart', () => {
  const chart = Testing.chart();
  new GhaRunnerScaleSet(chart, 'linux', {
    ...base,
    containerMode: ContainerModes.kubernetes({ workVolumeClaim: { size: '1Gi' }, hookTemplate: HookTemplate.fromConfigMap('h') }),
    runner: { env: [{ name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/etc/mine.yaml' }] },
  } as any);
  const runner = Testing.synth(chart).find((o) => o.kind === 'AutoscalingRunnerSet').spec.template.spec.containers[0];
  expect(runner.env.filter((e: any) => e.name === 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE')).toEqual([{ name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/etc/mine.yaml' }]);
});

describe('spec files: containerMode.hookTemplate and hookTemplateConfigMap', () => {
  const kube = { type: 'KUBERNETES', workVolumeClaim: { size: '1Gi' } };

  test('every problem at once, at its field path', () => {
    expect(problemsOf([specDoc({
      containerMode: {
        ...kube,
        hookTemplate: {
          spec: {
            nodeSelector: 'pool-a',
            containers: [{ name: '$job', resources: { limits: { cpu: [1] } } }, { name: 'sidecar' }],
            volumes: [{ name: 'work', emptyDir: {} }],
          },
        },
        hookTemplateConfigMap: 'Not_A_Name',
      },
    })])).toEqual(expect.arrayContaining([
      expect.stringMatching(/^F: spec\.containerMode\.hookTemplate\.spec\.nodeSelector: .*map/),
      expect.stringMatching(/^F: spec\.containerMode\.hookTemplate\.spec\.containers\[0\]\.resources\.limits\.cpu: /),
      expect.stringMatching(/^F: spec\.containerMode\.hookTemplate\.spec\.containers\[1\]: "sidecar" is added to every job pod as a container of its own, so it needs an image; to change the job container, name it "\$job"/),
      expect.stringMatching(/^F: spec\.containerMode\.hookTemplate\.spec\.volumes\[0\]\.name: "work" is a volume the container hooks give every job pod \(work\)/),
      expect.stringMatching(/^F: spec\.containerMode\.hookTemplateConfigMap: "Not_A_Name" /),
    ]));
  });

  test('both at once is an error', () => {
    expect(problemsOf([specDoc({ containerMode: { ...kube, hookTemplate: TEMPLATE, hookTemplateConfigMap: 'h' } })])).toEqual([
      'F: spec.containerMode.hookTemplateConfigMap: cannot be combined with spec.containerMode.hookTemplate: give the template, or the ConfigMap holding it (line 26)',
    ]);
  });
});
