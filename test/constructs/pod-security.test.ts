import { Testing } from 'cdk8s';
import { ContainerModes, GhaRunnerScaleSet, GhaRunnerScaleSetController, GitHubAuth, PodSecurityLevel } from '../../src';

const base = { namespace: 'ci', githubConfigUrl: 'https://github.com/acme', auth: GitHubAuth.existingSecret('gh') };
const labelOf = (objects: any[], name: string) => objects.find((o) => o.kind === 'Namespace' && o.metadata.name === name)?.metadata.labels['pod-security.kubernetes.io/enforce'];

test('podSecurity.level the pods cannot meet fails synthesis with the prop, the pods and why', () => {
  const chart = Testing.chart();
  new GhaRunnerScaleSet(chart, 'runners', { ...base, createNamespace: true, containerMode: ContainerModes.dind(), podSecurity: { level: PodSecurityLevel.RESTRICTED } });
  expect(() => Testing.synth(chart)).toThrow(/podSecurity\.level: "restricted" is stricter than the pods of namespace "ci" allow: runner pods of scale set "runners" \(DIND mode\) pass "privileged" at most \(Privileged Containers: container "dind" set securityContext\.privileged=true; /);
});

test('podSecurity.hardenRunner in DIND mode fails synthesis and says why', () => {
  const chart = Testing.chart();
  new GhaRunnerScaleSet(chart, 'runners', { ...base, containerMode: ContainerModes.dind(), podSecurity: { hardenRunner: true } });
  expect(() => Testing.synth(chart)).toThrow(/podSecurity\.hardenRunner: DIND runner pods cannot be hardened: the dind sidecar runs privileged/);
});

test('a hardened default-mode runner with podSecurity.level restricted labels its Namespace restricted', () => {
  const chart = Testing.chart();
  new GhaRunnerScaleSet(chart, 'runners', { ...base, createNamespace: true, podSecurity: { level: PodSecurityLevel.RESTRICTED, hardenRunner: true } });
  expect(labelOf(Testing.synth(chart), 'ci')).toBe('restricted');
});

test('the controller\'s Namespace counts the listener pods of the scale sets that name it, added after it', () => {
  const chart = Testing.chart();
  const controller = new GhaRunnerScaleSetController(chart, 'arc', {
    namespace: 'arc-systems',
    createNamespace: true,
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  });
  expect(labelOf(Testing.synth(chart), 'arc-systems')).toBe('restricted');
  new GhaRunnerScaleSet(chart, 'runners', { ...base, controller });
  expect(labelOf(Testing.synth(chart), 'arc-systems')).toBe('baseline');
  expect(controller.pods.map((p) => p.what)).toEqual(['the controller pod of "arc"', 'the listener pod of scale set "runners" (started by the controller, with no securityContext)']);
});
