import { parse } from 'yaml';
import {
  applyHookTemplate, hookExtensionConfigMap, hookExtensionMount, hookExtensionName, hookExtensionVolume, hookExtensionYaml,
  HookTemplate, hookTemplateEnv, hookTemplatePath, withHookTemplate,
} from '../../src/container-modes/hook-template';
import { PodTemplate } from '../../src/k8s';

// Facts from ARC 0.14.2's gha-runner-scale-set-experimental render (helm-unittest inputs
// "should mount hook extension ConfigMap when inline extension.yaml is set" / "... when extensionRef is set"
// and "should render ConfigMap with data.extension from extension.yaml").
describe('hook extension, as the experimental chart writes it', () => {
  test('the template file sits beside the hook script', () => {
    expect(hookTemplatePath('/home/runner/k8s/index.js')).toBe('/home/runner/k8s/hook-template.yaml');
    expect(hookTemplatePath('/home/runner/k8s-novolume/index.js')).toBe('/home/runner/k8s-novolume/hook-template.yaml');
    expect(hookTemplatePath('/opt/hooks//x/../index.js')).toBe('/opt/hooks/hook-template.yaml');
    expect(hookTemplatePath('index.js')).toBe('hook-template.yaml');
  });

  test('env, mount and volume', () => {
    expect(hookTemplateEnv('/home/runner/k8s/index.js')).toEqual({ name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/home/runner/k8s/hook-template.yaml' });
    expect(hookExtensionMount('/home/runner/k8s/index.js')).toEqual({
      name: 'hook-extension', mountPath: '/home/runner/k8s/hook-template.yaml', subPath: 'extension', readOnly: true,
    });
    expect(hookExtensionVolume('existing-hook-extension')).toEqual({ name: 'hook-extension', configMap: { name: 'existing-hook-extension' } });
  });

  test('the default ConfigMap name is cut to 63 characters without a trailing dash', () => {
    expect(hookExtensionName('test-name')).toBe('test-name-hook-extension');
    const long = 'a'.repeat(49);
    expect(hookExtensionName(long)).toBe(`${long}-hook-extensio`);
    expect(hookExtensionName('b'.repeat(47))).toBe(`${'b'.repeat(47)}-hook-extension`);
    expect(hookExtensionName('c'.repeat(62))).toBe('c'.repeat(62));
  });

  test('the ConfigMap holds the template under `extension`, with no finalizer', () => {
    const cm = hookExtensionConfigMap({ name: 'my-hook-extension', namespace: 'test-namespace', labels: { a: 'b' }, extension: 'foo: bar' });
    expect(cm).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'my-hook-extension', namespace: 'test-namespace', labels: { a: 'b' } },
      data: { extension: 'foo: bar' },
    });
    expect(hookExtensionConfigMap({ name: 'n', namespace: 'ns', labels: {}, annotations: { x: 'y' }, extension: '' }).metadata.annotations).toEqual({ x: 'y' });
  });

  test('the template text is toYaml\'s: keys sorted, lists at their key\'s indent, no final newline', () => {
    expect(hookExtensionYaml({ nested: { a: 1 }, foo: 'bar' })).toBe('foo: bar\nnested:\n  a: 1');
    const t: PodTemplate = { spec: { containers: [{ name: '$job', securityContext: { runAsNonRoot: true } }], nodeSelector: { on: 'yes' } } };
    const text = hookExtensionYaml(t);
    expect(text).toBe('spec:\n  containers:\n  - name: $job\n    securityContext:\n      runAsNonRoot: true\n  nodeSelector:\n    "on": "yes"');
    expect(parse(text)).toEqual(t);
  });

  test('the runner gets the env after its own and the mount; an env of the user\'s naming it wins', () => {
    const r = withHookTemplate({ name: 'runner', env: [{ name: 'A', value: '1' }], volumeMounts: [{ name: 'work', mountPath: '/home/runner/_work' }] }, '/home/runner/k8s/index.js');
    expect(r.env).toEqual([{ name: 'A', value: '1' }, { name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/home/runner/k8s/hook-template.yaml' }]);
    expect(r.volumeMounts!.map((m) => m.name)).toEqual(['work', 'hook-extension']);
    const own = withHookTemplate({ name: 'runner', env: [{ name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/x.yaml' }] }, '/home/runner/k8s/index.js');
    expect(own.env).toEqual([{ name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/x.yaml' }]);
  });

  test('HookTemplate: inline or an existing ConfigMap', () => {
    const t = HookTemplate.fromPodTemplate({ spec: { nodeSelector: { a: 'b' } } });
    expect(t.configMapFor('set')).toBe('set-hook-extension');
    expect(t.template).toEqual({ spec: { nodeSelector: { a: 'b' } } });
    const r = HookTemplate.fromConfigMap('mine');
    expect(r.configMapFor('set')).toBe('mine');
    expect(r.template).toBeUndefined();
  });
});

describe('applyHookTemplate: the container hooks\' merge', () => {
  const base: PodTemplate = {
    metadata: { labels: { 'runner-pod': 'x' } },
    spec: {
      containers: [{ name: 'job', image: 'node:20', env: [{ name: 'CI', value: 'true' }], volumeMounts: [{ name: 'work', mountPath: '/__w' }] }],
      restartPolicy: 'Never',
      volumes: [{ name: 'work', persistentVolumeClaim: { claimName: 'w' } }],
    },
  };

  test('$job merges into the job container: env and mounts appended, name and image kept, the rest replaced', () => {
    const out = applyHookTemplate(base, {
      spec: {
        containers: [{
          name: '$job', image: 'evil', env: [{ name: 'X', value: '1' }], volumeMounts: [{ name: 'cache', mountPath: '/c' }],
          securityContext: { runAsNonRoot: true }, resources: { limits: { cpu: '1' } },
        }],
      },
    });
    const job = out.spec!.containers![0];
    expect(job.name).toBe('job');
    expect(job.image).toBe('node:20');
    expect(job.env).toEqual([{ name: 'CI', value: 'true' }, { name: 'X', value: '1' }]);
    expect(job.volumeMounts!.map((m) => m.name)).toEqual(['work', 'cache']);
    expect(job.securityContext).toEqual({ runAsNonRoot: true });
    expect(job.resources).toEqual({ limits: { cpu: '1' } });
  });

  test('other containers are appended (not $-named ones), volumes appended, pod fields replaced, metadata added', () => {
    const out = applyHookTemplate(base, {
      metadata: { labels: { team: 'a' }, annotations: { n: 'v' } },
      spec: {
        containers: [{ name: '$redis' }, { name: 'sidecar', image: 'busybox' }],
        volumes: [{ name: 'cache', emptyDir: {} }],
        restartPolicy: 'OnFailure',
        securityContext: { runAsNonRoot: true },
      },
    });
    expect(out.spec!.containers!.map((c) => c.name)).toEqual(['job', 'sidecar']);
    expect(out.spec!.volumes!.map((v) => v.name)).toEqual(['work', 'cache']);
    expect(out.spec!.restartPolicy).toBe('OnFailure');
    expect(out.spec!.securityContext).toEqual({ runAsNonRoot: true });
    expect(out.metadata).toEqual({ labels: { 'runner-pod': 'x', 'team': 'a' }, annotations: { n: 'v' } });
    // the input is left as it was
    expect(base.spec!.containers).toHaveLength(1);
    expect(base.spec!.containers![0].env).toHaveLength(1);
  });
});
