/**
 * Pod Security of what a fleet writes: each mode's pods pass the level its Namespace label
 * claims (checked pod by pod with the evaluator), a stricter level asked for is an error that
 * says why, and a namespace we do not create gets a note.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { main } from '../../src/cli';
import type { PodTemplate } from '../../src/k8s';
import { loadSpecs } from '../../src/input/load';
import { formatProblem, SpecError } from '../../src/input/problems';
import { podSecurityLevel, violationsAt } from '../../src/rules/pod-security';
import { synthesizeFleet } from '../../src/synth/fleet';
import { Obj, parseYaml } from '../support/compare';
import { specDoc, tempDir, writeSpec } from '../support/specs';

const LEVEL = 'pod-security.kubernetes.io/enforce';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function spec(docs: Record<string, unknown>[]): string {
  const path = writeSpec(docs, 'spec.yaml', tempDir());
  dirs.push(dirname(path));
  return path;
}

function synth(docs: Record<string, unknown>[]): { objects: Obj[]; notes: string[] } {
  const { specs, controllers } = loadSpecs([spec(docs)]);
  const notes: string[] = [];
  const objects = synthesizeFleet(specs, controllers, notes).flatMap((f) => parseYaml(f.content));
  return { objects, notes };
}

function problems(docs: Record<string, unknown>[]): string[] {
  const path = spec(docs);
  try {
    const { specs, controllers } = loadSpecs([path]);
    synthesizeFleet(specs, controllers);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => formatProblem({ ...p, file: p.file.replace(path, 'F') }));
  }
}

const MODES: Record<string, Record<string, unknown>> = {
  DIND: { type: 'DIND' },
  KUBERNETES: { type: 'KUBERNETES', workVolumeClaim: { size: '1Gi' } },
  KUBERNETES_NO_VOLUME: { type: 'KUBERNETES_NO_VOLUME' },
  DEFAULT: { type: 'DEFAULT' },
};

/** The job pods the kubernetes modes' container hooks start: a job container with no securityContext. */
const hookJobPod: PodTemplate = { spec: { containers: [{ name: 'job' }], volumes: [{ name: 'work', emptyDir: {} }] } };

describe.each<[string, boolean, string, string]>([
  // mode, hardened, namespace level, strictest level the runner pod passes
  ['DIND', false, 'privileged', 'privileged'],
  ['KUBERNETES', false, 'baseline', 'baseline'],
  ['KUBERNETES', true, 'baseline', 'restricted'],
  ['KUBERNETES_NO_VOLUME', false, 'baseline', 'baseline'],
  ['KUBERNETES_NO_VOLUME', true, 'baseline', 'restricted'],
  ['DEFAULT', false, 'baseline', 'baseline'],
  ['DEFAULT', true, 'restricted', 'restricted'],
])('%s mode, hardened: %s', (mode, hardened, level, runnerLevel) => {
  const { objects } = synth([specDoc({
    createNamespace: true,
    containerMode: MODES[mode],
    ...(hardened ? { podSecurity: { hardenRunner: true } } : {}),
  })]);
  const namespace = objects.find((o) => o.kind === 'Namespace')!;
  const runnerPod: PodTemplate = objects.find((o) => o.kind === 'AutoscalingRunnerSet')!.spec.template;

  test(`the Namespace enforces, warns and audits "${level}"`, () => {
    expect(namespace.metadata.labels).toEqual({
      'pod-security.kubernetes.io/audit': level,
      'pod-security.kubernetes.io/enforce': level,
      'pod-security.kubernetes.io/warn': level,
    });
  });

  test('the runner pod as written passes the level the label claims', () => {
    expect(violationsAt(runnerPod, namespace.metadata.labels[LEVEL])).toEqual([]);
    expect(podSecurityLevel(runnerPod)).toBe(runnerLevel);
  });

  if (mode.startsWith('KUBERNETES')) {
    test('so do the job pods its container hooks start (no securityContext): they keep the namespace at baseline', () => {
      expect(violationsAt(hookJobPod, namespace.metadata.labels[LEVEL])).toEqual([]);
      expect(podSecurityLevel(hookJobPod)).toBe('baseline');
    });
  }
});

test('a hardened runner pod: user 1001, group 1001, fsGroup 123, RuntimeDefault seccomp; every container drops ALL, no escalation', () => {
  const { objects } = synth([specDoc({ containerMode: MODES.KUBERNETES, podSecurity: { hardenRunner: true } })]);
  const pod = objects.find((o) => o.kind === 'AutoscalingRunnerSet')!.spec.template.spec;
  expect(pod.securityContext).toEqual({ fsGroup: 123, runAsGroup: 1001, runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.containers.map((c: any) => c.securityContext)).toEqual([{ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }]);
});

test('fields the template sets win over the hardening, and the level follows what is written', () => {
  const { objects } = synth([specDoc({
    createNamespace: true,
    podSecurity: { hardenRunner: true },
    template: { spec: { securityContext: { runAsUser: 0 }, containers: [{ name: 'runner', image: 'r', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] } },
  })]);
  const pod = objects.find((o) => o.kind === 'AutoscalingRunnerSet')!.spec.template.spec;
  expect(pod.securityContext.runAsUser).toBe(0);
  expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } });
  expect(objects.find((o) => o.kind === 'Namespace')!.metadata.labels[LEVEL]).toBe('privileged');
});

test('hardenRunner: false writes exactly what leaving it out writes', () => {
  const plain = synth([specDoc({ containerMode: MODES.KUBERNETES })]).objects;
  const off = synth([specDoc({ containerMode: MODES.KUBERNETES, podSecurity: { hardenRunner: false } })]).objects;
  expect(off).toEqual(plain);
});

test('one Namespace for several scale sets fits them all: DIND beside DEFAULT makes it privileged', () => {
  const { objects } = synth([
    specDoc({ createNamespace: true, containerMode: MODES.DEFAULT, podSecurity: { hardenRunner: true } }, 'a'),
    specDoc({ containerMode: MODES.DIND }, 'b'),
  ]);
  expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.labels[LEVEL])).toEqual(['privileged']);
});

const controller = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'kubernetes.project-planton.org/v1',
  kind: 'KubernetesGhaRunnerScaleSetController',
  metadata: { name: 'arc' },
  spec: { namespace: 'arc-systems', createNamespace: true, ...spec },
});
const restrictedContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const restrictedPod = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

test('the controller\'s Namespace fits the controller pod and the listener pods of its scale sets', () => {
  const { objects } = synth([controller(), { ...specDoc({}), spec: { ...(specDoc({}).spec as object), controllerServiceAccount: undefined } }]);
  expect(objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'arc-systems')!.metadata.labels[LEVEL]).toBe('baseline');
});

test('a hardened controller and listenerTemplate let the controller\'s Namespace be restricted', () => {
  const scaleSet = specDoc({ listenerTemplate: { spec: { securityContext: restrictedPod, containers: [{ name: 'listener', securityContext: restrictedContext }] } } });
  delete (scaleSet.spec as any).controllerServiceAccount;
  const { objects } = synth([
    controller({ podSecurity: { level: 'restricted' }, podSecurityContext: restrictedPod, container: { securityContext: restrictedContext } }),
    scaleSet,
  ]);
  expect(objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'arc-systems')!.metadata.labels[LEVEL]).toBe('restricted');
});

describe('errors', () => {
  test('a level the pods cannot meet names the field, the pods, what they pass and why', () => {
    expect(problems([specDoc({ createNamespace: true, containerMode: MODES.DIND, podSecurity: { level: 'baseline' } })])).toEqual([
      'F: spec.podSecurity.level: "baseline" is stricter than the pods of namespace "ci" allow: runner pods of scale set "runners" (DIND mode) pass "privileged" at most '
      + '(Privileged Containers: container "dind" set securityContext.privileged=true). Allowed: "privileged" or less strict, or change the pods',
    ]);
  });

  test('restricted for a hardened KUBERNETES runner: the job pods the hooks start are why', () => {
    const [message] = problems([specDoc({ createNamespace: true, containerMode: MODES.KUBERNETES, podSecurity: { level: 'restricted', hardenRunner: true } })]);
    expect(message).toBe('F: spec.podSecurity.level: "restricted" is stricter than the pods of namespace "ci" allow: the job pods the container hooks start (no securityContext) of scale set "runners" pass "baseline" at most '
      + '(Privilege Escalation: container "job" must set securityContext.allowPrivilegeEscalation=false; Running as Non-root: pod or container "job" must set securityContext.runAsNonRoot=true; '
      + 'Seccomp: pod or container "job" must set securityContext.seccompProfile.type to RuntimeDefault or Localhost; Capabilities: container "job" must set securityContext.capabilities.drop=["ALL"]). '
      + 'Allowed: "baseline" or less strict, or change the pods');
  });

  test('the controller pod is checked too', () => {
    expect(problems([controller({ podSecurity: { level: 'restricted' } })])).toEqual([
      'F: spec.podSecurity.level: "restricted" is stricter than the pods of namespace "arc-systems" allow: the controller pod of "arc" pass "baseline" at most '
      + '(Privilege Escalation: container "manager" must set securityContext.allowPrivilegeEscalation=false; Running as Non-root: pod or container "manager" must set securityContext.runAsNonRoot=true; '
      + 'Seccomp: pod or container "manager" must set securityContext.seccompProfile.type to RuntimeDefault or Localhost; Capabilities: container "manager" must set securityContext.capabilities.drop=["ALL"]). '
      + 'Allowed: "baseline" or less strict, or change the pods',
    ]);
  });

  test('two specs asking different levels for one namespace disagree', () => {
    const found = problems([
      specDoc({ createNamespace: true, podSecurity: { level: 'baseline' } }, 'a'),
      specDoc({ podSecurity: { level: 'privileged' } }, 'b'),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^F#2: spec\.podSecurity\.level: "privileged" disagrees with "baseline", which \S+spec\.yaml#1 \(spec\.podSecurity\.level\) asks for namespace "ci"; a namespace carries one Pod Security level: ask for the same level, or leave one out$/);
  });

  test('hardenRunner in DIND mode is a spec error that says why', () => {
    const path = spec([specDoc({ containerMode: MODES.DIND, podSecurity: { hardenRunner: true, level: 'strict' } })]);
    expect(() => loadSpecs([path])).toThrow(SpecError);
    try {
      loadSpecs([path]);
    } catch (e) {
      expect((e as SpecError).problems.map((p) => formatProblem({ ...p, file: 'F' }))).toEqual([
        'F: spec.podSecurity.hardenRunner: cannot be true in DIND mode: the dind sidecar runs privileged (securityContext.privileged: true; Docker needs it) and as root, so DIND pods can only meet the privileged level; allowed in KUBERNETES, KUBERNETES_NO_VOLUME and DEFAULT modes (line 16)',
        'F: spec.podSecurity.level: "strict" is not allowed; allowed: privileged, baseline, restricted (line 17)',
      ]);
    }
  });
});

test('synth notes the level a namespace it does not create needs (stderr), and -q hides it', async () => {
  const path = spec([specDoc({ containerMode: MODES.DIND })]);
  const out = tempDir();
  dirs.push(out);
  const err: string[] = [];
  expect(await main(['synth', '-f', path, '-o', `${out}/dist`], { out: () => undefined, err: (l) => err.push(l) })).toBe(0);
  expect(err.filter((l) => l.startsWith('note:'))).toEqual([
    'note: namespace "ci" is not created by this run; its pods need the Pod Security level "privileged" or a less strict one (label it pod-security.kubernetes.io/enforce=privileged). '
    + 'Strictest level each passes: runner pods of scale set "runners" (DIND mode): privileged',
  ]);
  const quiet: string[] = [];
  expect(await main(['synth', '-q', '-f', path, '-o', `${out}/dist`], { out: () => undefined, err: (l) => quiet.push(l) })).toBe(0);
  expect(quiet).toEqual([]);
});

test('a namespace we do not create gets no Namespace object and no label', () => {
  const { objects, notes } = synth([specDoc({})]);
  expect(objects.some((o) => o.kind === 'Namespace')).toBe(false);
  expect(notes).toHaveLength(1);
});

test('validate checks a Pod Security level asked for, as synth does, and writes nothing', async () => {
  const path = spec([specDoc({ createNamespace: true, containerMode: MODES.DIND, podSecurity: { level: 'baseline' } })]);
  const err: string[] = [];
  expect(await main(['validate', '-f', path], { out: () => undefined, err: (l) => err.push(l) })).toBe(1);
  expect(err[0]).toBe(`error: ${path}: spec.podSecurity.level: "baseline" is stricter than the pods of namespace "ci" allow: runner pods of scale set "runners" (DIND mode) pass "privileged" at most `
    + '(Privileged Containers: container "dind" set securityContext.privileged=true). Allowed: "privileged" or less strict, or change the pods');
  const ok: string[] = [];
  expect(await main(['validate', '-f', spec([specDoc({ podSecurity: { level: 'privileged' }, containerMode: MODES.DIND })])], { out: (l) => ok.push(l), err: () => undefined })).toBe(0);
  expect(ok).toEqual(['1 spec valid']);
});

describe('hook templates: job pods counted with the template applied, as the container hooks merge it', () => {
  /** A template that makes job pods restricted: pod-level non-root and seccomp, the job container without escalation or capabilities. */
  const RESTRICTED_HOOK_TEMPLATE = {
    metadata: { labels: { team: 'ci' } },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: '$job', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }, resources: { limits: { cpu: '2' } } }],
    },
  };

  test('spec -> namespace label: a hardened KUBERNETES runner plus a restricted hook template gives a restricted namespace', () => {
    const { objects } = synth([specDoc({
      createNamespace: true,
      containerMode: { ...MODES.KUBERNETES, hookTemplate: RESTRICTED_HOOK_TEMPLATE },
      podSecurity: { hardenRunner: true, level: 'restricted' },
    })]);
    expect(objects.find((o) => o.kind === 'Namespace')!.metadata.labels).toEqual({
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted',
    });
    // what the runner pod carries: the ConfigMap, its mount and the env var the hooks read
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    expect(cm.metadata.name).toBe('runners-hook-extension');
    const runner = objects.find((o) => o.kind === 'AutoscalingRunnerSet')!.spec.template.spec.containers[0];
    expect(runner.env).toContainEqual({ name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/home/runner/k8s/hook-template.yaml' });
  });

  test('the same template without hardenRunner: baseline (the runner pod is the weaker one)', () => {
    const { objects } = synth([specDoc({ createNamespace: true, containerMode: { ...MODES.KUBERNETES, hookTemplate: RESTRICTED_HOOK_TEMPLATE } })]);
    expect(objects.find((o) => o.kind === 'Namespace')!.metadata.labels[LEVEL]).toBe('baseline');
  });

  test('a hardened runner and no template, or a template that leaves the job container alone: asking for restricted is an error naming the job pods', () => {
    const noJobContext = { spec: { securityContext: RESTRICTED_HOOK_TEMPLATE.spec.securityContext } };
    const [message] = problems([specDoc({
      createNamespace: true,
      containerMode: { ...MODES.KUBERNETES, hookTemplate: noJobContext },
      podSecurity: { hardenRunner: true, level: 'restricted' },
    })]);
    expect(message).toMatch(/the job pods the container hooks start \(with the hook template\) of scale set "runners" pass "baseline" at most/);
    expect(message).toMatch(/allowPrivilegeEscalation/);
  });

  test('KUBERNETES_NO_VOLUME: the novolume hooks\' fs-init init container keeps job pods at baseline, template or not', () => {
    const { objects } = synth([specDoc({
      createNamespace: true,
      containerMode: { ...MODES.KUBERNETES_NO_VOLUME, hookTemplate: RESTRICTED_HOOK_TEMPLATE },
      podSecurity: { hardenRunner: true },
    })]);
    expect(objects.find((o) => o.kind === 'Namespace')!.metadata.labels[LEVEL]).toBe('baseline');
  });

  test('a template in an existing ConfigMap is not read: job pods are counted as the hooks\' own', () => {
    const { objects } = synth([specDoc({
      createNamespace: true,
      containerMode: { ...MODES.KUBERNETES, hookTemplateConfigMap: 'team-hooks' },
      podSecurity: { hardenRunner: true },
    })]);
    expect(objects.find((o) => o.kind === 'Namespace')!.metadata.labels[LEVEL]).toBe('baseline');
    expect(objects.filter((o) => o.kind === 'ConfigMap')).toEqual([]);
    const pod = objects.find((o) => o.kind === 'AutoscalingRunnerSet')!.spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'hook-extension', configMap: { name: 'team-hooks' } });
  });
});
