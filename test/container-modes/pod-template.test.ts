import { ContainerModes } from '../../src/container-modes';
import { buildPodTemplate, PodTemplateInput } from '../../src/container-modes/pod-template';
import { Container, PodTemplate } from '../../src/k8s';

const RUNNER: Container = { name: 'runner', image: 'ghcr.io/actions/actions-runner:2.331.0', command: ['/home/runner/run.sh'] };

function build(template: PodTemplate, over: Partial<PodTemplateInput> = {}) {
  return buildPodTemplate({ template, mode: ContainerModes.dind(), serviceAccountName: 'sa', nativeSidecar: true, ...over });
}
const spec = (t: PodTemplate) => t.spec!;
const runnerOf = (t: PodTemplate) => spec(t).containers!.find((c) => c.name === 'runner')!;
const names = (xs: { name: string }[] | undefined) => (xs ?? []).map((x) => x.name);

describe('DinD mode', () => {
  const t = build({ spec: { containers: [RUNNER] } });

  test('runs docker:dind as a native sidecar after the externals copy', () => {
    expect(names(spec(t).initContainers)).toEqual(['init-dind-externals', 'dind']);
    const dind = spec(t).initContainers![1];
    expect(dind.image).toBe('docker:dind');
    expect(dind.restartPolicy).toBe('Always');
    expect(dind.startupProbe).toEqual({ exec: { command: ['docker', 'info'] }, initialDelaySeconds: 0, failureThreshold: 24, periodSeconds: 5 });
    expect(dind.securityContext).toEqual({ privileged: true });
  });

  test('copies externals with the runner image', () => {
    expect(spec(t).initContainers![0].image).toBe(RUNNER.image);
  });

  test('points the runner at the daemon and shares work and the socket', () => {
    expect(runnerOf(t).env).toEqual([
      { name: 'DOCKER_HOST', value: 'unix:///var/run/docker.sock' },
      { name: 'RUNNER_WAIT_FOR_DOCKER_IN_SECONDS', value: '120' },
    ]);
    expect(runnerOf(t).volumeMounts).toEqual([
      { name: 'work', mountPath: '/home/runner/_work' },
      { name: 'dind-sock', mountPath: '/var/run' },
    ]);
    expect(spec(t).volumes).toEqual([
      { name: 'dind-sock', emptyDir: {} },
      { name: 'dind-externals', emptyDir: {} },
      { name: 'work', emptyDir: {} },
    ]);
  });

  test('before Kubernetes 1.29, DinD is a regular container after the runner, without probe', () => {
    const old = build({ spec: { containers: [RUNNER] } }, { nativeSidecar: false });
    expect(names(spec(old).initContainers)).toEqual(['init-dind-externals']);
    expect(names(spec(old).containers)).toEqual(['runner', 'dind']);
    const dind = spec(old).containers![1];
    expect(dind.restartPolicy).toBeUndefined();
    expect(dind.startupProbe).toBeUndefined();
  });

  test("a user's env var of the same name wins, and keeps its place", () => {
    const u = build({ spec: { containers: [{ ...RUNNER, env: [{ name: 'DOCKER_HOST', value: 'tcp://x:2375' }] }] } });
    expect(runnerOf(u).env).toEqual([
      { name: 'DOCKER_HOST', value: 'tcp://x:2375' },
      { name: 'RUNNER_WAIT_FOR_DOCKER_IN_SECONDS', value: '120' },
    ]);
  });

  test("a user's work volume replaces the default one; other volumes follow", () => {
    const work = { name: 'work', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } };
    const u = build({ spec: { containers: [RUNNER], volumes: [{ name: 'cache', emptyDir: {} }, work] } });
    expect(spec(u).volumes).toEqual([
      { name: 'dind-sock', emptyDir: {} },
      { name: 'dind-externals', emptyDir: {} },
      work,
      { name: 'cache', emptyDir: {} },
    ]);
  });

  test('drops a user container named dind (the mode owns it) but keeps other sidecars', () => {
    const u = build({ spec: { containers: [RUNNER, { name: 'dind', image: 'x' }, { name: 'side', image: 'busybox' }] } });
    expect(names(spec(u).containers)).toEqual(['runner', 'side']);
  });
});

describe('Kubernetes mode', () => {
  const claim = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } };
  const mode = ContainerModes.kubernetes({ workVolumeClaim: { spec: claim } });
  const t = build({ spec: { containers: [RUNNER] } }, { mode });

  test('sets the container hooks env and an ephemeral work volume', () => {
    expect(runnerOf(t).env).toEqual([
      { name: 'ACTIONS_RUNNER_CONTAINER_HOOKS', value: '/home/runner/k8s/index.js' },
      { name: 'ACTIONS_RUNNER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER', value: 'true' },
    ]);
    expect(spec(t).volumes).toEqual([{ name: 'work', ephemeral: { volumeClaimTemplate: { spec: claim } } }]);
    expect(spec(t).initContainers).toBeUndefined();
  });

  test('gives the kube-mode Role the rights to start job pods and jobs', () => {
    expect(mode.kubeModeRoleRules().map((r) => r.resources[0])).toEqual(['pods', 'pods/exec', 'pods/log', 'jobs', 'secrets']);
  });
});

describe('Kubernetes mode without volume', () => {
  const t = build({ spec: { containers: [RUNNER] } }, { mode: ContainerModes.kubernetesNoVolume() });

  test('uses the novolume hooks and tells them the runner image', () => {
    expect(runnerOf(t).env).toContainEqual({ name: 'ACTIONS_RUNNER_CONTAINER_HOOKS', value: '/home/runner/k8s-novolume/index.js' });
    expect(runnerOf(t).env).toContainEqual({ name: 'ACTIONS_RUNNER_IMAGE', value: RUNNER.image });
  });

  test('has no volumes and no mounts', () => {
    expect(spec(t).volumes).toEqual([]);
    expect(runnerOf(t).volumeMounts).toEqual([]);
  });

  test('its Role has no batch jobs', () => {
    expect(ContainerModes.kubernetesNoVolume().kubeModeRoleRules().map((r) => r.resources[0])).not.toContain('jobs');
  });
});

describe('default mode', () => {
  test('writes the runner alone, with no env, mounts or volumes', () => {
    const t = build({ spec: { containers: [RUNNER] } }, { mode: ContainerModes.default() });
    expect(spec(t).containers).toEqual([RUNNER]);
    expect(spec(t).volumes).toBeUndefined();
    expect(spec(t).initContainers).toBeUndefined();
  });
});

describe('every mode', () => {
  test('restartPolicy Never and the given ServiceAccount unless the template sets them', () => {
    const t = build({ spec: { containers: [RUNNER] } });
    expect(spec(t).restartPolicy).toBe('Never');
    expect(spec(t).serviceAccountName).toBe('sa');
    const u = build({ spec: { containers: [RUNNER], restartPolicy: 'OnFailure', serviceAccountName: 'mine' } });
    expect(spec(u).restartPolicy).toBe('OnFailure');
    expect(spec(u).serviceAccountName).toBe('mine');
  });

  test('passes any other pod spec field through, and the template metadata', () => {
    const t = build({
      metadata: { labels: { team: 'a' } },
      spec: { containers: [RUNNER], nodeSelector: { pool: 'ci' }, priorityClassName: 'high' },
    });
    expect(spec(t).nodeSelector).toEqual({ pool: 'ci' });
    expect(spec(t).priorityClassName).toBe('high');
    expect(t.metadata).toEqual({ labels: { team: 'a' } });
  });

  test('a CA bundle is mounted and announced to the runner unless the user set the variables', () => {
    const tls = { configMapName: 'ca', key: 'ca.crt', certificatePath: '/usr/local/share/ca-certificates/ca.crt' };
    const t = build({ spec: { containers: [{ ...RUNNER, env: [{ name: 'RUNNER_UPDATE_CA_CERTS', value: '0' }] }] } }, { tls });
    expect(runnerOf(t).env).toContainEqual({ name: 'NODE_EXTRA_CA_CERTS', value: tls.certificatePath });
    expect(runnerOf(t).env!.filter((e) => e.name === 'RUNNER_UPDATE_CA_CERTS')).toEqual([{ name: 'RUNNER_UPDATE_CA_CERTS', value: '0' }]);
    expect(runnerOf(t).volumeMounts).toContainEqual({ name: 'github-server-tls-cert', mountPath: tls.certificatePath, subPath: 'ca.crt' });
    expect(spec(t).volumes![0]).toEqual({ name: 'github-server-tls-cert', configMap: { name: 'ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  });

  test('is pure: the input template is not changed', () => {
    const input: PodTemplate = { spec: { containers: [{ ...RUNNER, env: [] }], volumes: [] } };
    const copy = JSON.parse(JSON.stringify(input));
    build(input);
    expect(input).toEqual(copy);
  });
});
