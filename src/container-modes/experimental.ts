/**
 * The runner pod of the experimental chart (`gha-runner-scale-set-experimental`, ARC 0.14.2),
 * for its three `runner.mode`s: the empty mode (the runner container as given), `kubernetes`
 * (container hooks, an ephemeral work volume, the hook extension) and `dind` (a native-sidecar
 * Docker daemon). A pure function of resolved values: the reader (src/input/helm/) has checked them.
 */
import { CONTAINER, DEFAULT_RUNNER_IMAGE_REPOSITORY, DEFAULT_RUNNER_IMAGE_TAG, DIND_IMAGE, ENV, EXPERIMENTAL, PATH, VOLUME } from '../constants';
import { goDir } from '../go-template';
import type { EnvVar, JsonObject, VolumeMount } from '../k8s';
import { hookExtensionMount, hookExtensionVolume, hookTemplateEnv } from './hook-template';

type Obj = JsonObject;
export type ExperimentalRunnerMode = 'kubernetes' | 'dind' | '';

/** The CA bundle mounted into the runner (`githubServerTLS.runnerMountPath`). */
export interface ExperimentalTls {
  readonly configMapName: string;
  readonly key: string;
  readonly mountPath: string;
}

export interface ExperimentalRunnerPodInput {
  readonly mode: ExperimentalRunnerMode;
  readonly serviceAccountName: string;
  /** `runner.container` as given (the empty mode passes every field; the others read image and command). */
  readonly container: Obj;
  /** `runner.env` (kubernetes and dind modes). */
  readonly env: Obj[];
  readonly dind: {
    readonly copyRunnerExternals: boolean;
    readonly dockerGroupId: string;
    readonly dockerSock: string;
    readonly waitForDockerInSeconds: number;
    readonly container: Obj;
  };
  readonly kubernetes: {
    readonly hookPath: string;
    readonly requireJobContainer: boolean;
    /** `workVolumeClaim`, merged onto the chart's default claim. */
    readonly workVolumeClaim: Obj;
    /** The ConfigMap holding the hook extension, when there is one. */
    readonly extensionConfigMap?: string;
  };
  readonly tls?: ExperimentalTls;
  /** `runner.pod.spec`: its containers, init containers and volumes come after the mode's; its other fields pass through. */
  readonly containers: Obj[];
  readonly initContainers: Obj[];
  readonly volumes: Obj[];
  readonly extraSpec: Obj;
}

const hasName = (list: readonly Obj[], name: string) => list.some((x) => x && typeof x === 'object' && x.name === name);

/** NODE_EXTRA_CA_CERTS and RUNNER_UPDATE_CA_CERTS, each unless `existing` sets it. */
function tlsEnv(tls: ExperimentalTls | undefined, existing: readonly Obj[]): EnvVar[] {
  if (!tls) return [];
  const path = `${tls.mountPath.replace(/\/$/, '')}/${tls.key}`;
  return [
    ...(hasName(existing, ENV.nodeExtraCaCerts) ? [] : [{ name: ENV.nodeExtraCaCerts, value: path }]),
    ...(hasName(existing, ENV.runnerUpdateCaCerts) ? [] : [{ name: ENV.runnerUpdateCaCerts, value: '1' }]),
  ];
}

function tlsMount(tls: ExperimentalTls | undefined, existing: readonly Obj[]): VolumeMount[] {
  return tls && !hasName(existing, VOLUME.githubServerTls) ? [{ name: VOLUME.githubServerTls, mountPath: tls.mountPath, readOnly: true }] : [];
}

function tlsVolume(tls: ExperimentalTls | undefined): Obj[] {
  return tls ? [{ name: VOLUME.githubServerTls, configMap: { name: tls.configMapName, items: [{ key: tls.key, path: tls.key }] } }] : [];
}

const DEFAULT_IMAGE = `${DEFAULT_RUNNER_IMAGE_REPOSITORY}:${DEFAULT_RUNNER_IMAGE_TAG}`;
const imageOf = (c: Obj) => (c.image ? String(c.image) : DEFAULT_IMAGE);
const commandOf = (c: Obj) => (Array.isArray(c.command) && c.command.length ? c.command : [PATH.runScript]);
const without = (o: Obj, keys: readonly string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** The empty mode: the runner container as `runner.container` gives it, with the CA bundle. */
function emptyRunner(i: ExperimentalRunnerPodInput): Obj {
  const c = i.container;
  const env = Array.isArray(c.env) ? c.env as Obj[] : [];
  const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts as Obj[] : [];
  const allEnv = [...env, ...tlsEnv(i.tls, env)];
  const allMounts = [...mounts, ...tlsMount(i.tls, mounts)];
  return {
    name: CONTAINER.runner,
    image: imageOf(c),
    command: commandOf(c),
    ...(allEnv.length ? { env: allEnv } : {}),
    ...(allMounts.length ? { volumeMounts: allMounts } : {}),
    ...without(c, ['name', 'image', 'command', 'env', 'volumeMounts']),
  };
}

function kubernetesRunner(i: ExperimentalRunnerPodInput): Obj {
  const k = i.kubernetes;
  const extension = k.extensionConfigMap !== undefined;
  return {
    name: CONTAINER.runner,
    image: imageOf(i.container),
    command: commandOf(i.container),
    env: [
      { name: ENV.containerHooks, value: k.hookPath },
      { name: ENV.podName, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: ENV.requireJobContainer, value: String(k.requireJobContainer) },
      ...(extension && !hasName(i.env, ENV.containerHookTemplate) ? [hookTemplateEnv(k.hookPath)] : []),
      ...i.env,
      ...tlsEnv(i.tls, i.env),
    ],
    volumeMounts: [
      { name: VOLUME.work, mountPath: PATH.work },
      ...(extension ? [hookExtensionMount(k.hookPath)] : []),
      ...tlsMount(i.tls, []),
    ],
  };
}

/** The directory of the Docker socket (`unix://` dropped). */
const sockDir = (sock: string) => goDir(sock.replace(/^unix:\/\//, ''));

function dindRunner(i: ExperimentalRunnerPodInput): Obj {
  const d = i.dind;
  return {
    name: CONTAINER.runner,
    image: imageOf(i.container),
    command: commandOf(i.container),
    env: [
      { name: ENV.dockerHost, value: d.dockerSock },
      { name: ENV.runnerWaitForDocker, value: String(Math.trunc(d.waitForDockerInSeconds)) },
      ...i.env,
      ...tlsEnv(i.tls, i.env),
    ],
    volumeMounts: [
      { name: VOLUME.work, mountPath: PATH.work },
      { name: VOLUME.dindSock, mountPath: sockDir(d.dockerSock) },
      ...tlsMount(i.tls, []),
    ],
  };
}

function dindSidecar(i: ExperimentalRunnerPodInput): Obj {
  const d = i.dind;
  const c = d.container;
  const env = Array.isArray(c.env) ? c.env : [];
  const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
  const args = Array.isArray(c.args) && c.args.length ? c.args : ['dockerd', `--host=${d.dockerSock}`, `--group=$(${ENV.dockerGroupGid})`];
  return {
    name: c.name ? String(c.name) : CONTAINER.dind,
    image: c.image ? String(c.image) : DIND_IMAGE,
    args,
    env: [{ name: ENV.dockerGroupGid, value: d.dockerGroupId }, ...env],
    securityContext: c.securityContext && Object.keys(c.securityContext as Obj).length ? c.securityContext : { privileged: true },
    restartPolicy: 'Always',
    startupProbe: c.startupProbe && Object.keys(c.startupProbe as Obj).length ? c.startupProbe : EXPERIMENTAL.startupProbe,
    volumeMounts: [
      { name: VOLUME.work, mountPath: PATH.work },
      { name: VOLUME.dindSock, mountPath: sockDir(d.dockerSock) },
      ...mounts,
      ...(d.copyRunnerExternals ? [{ name: VOLUME.dindExternals, mountPath: PATH.externals }] : []),
    ],
    ...without(c, ['name', 'image', 'args', 'env', 'securityContext', 'startupProbe', 'volumeMounts']),
  };
}

/** The init container that copies the runner image's externals for the dind sidecar (always the default runner image, as the chart writes it). */
function copyExternals(): Obj {
  return {
    name: CONTAINER.initDindExternals,
    image: DEFAULT_IMAGE,
    command: ['cp', '-r', PATH.externalsSource, PATH.externalsCopyTarget],
    volumeMounts: [{ name: VOLUME.dindExternals, mountPath: PATH.externalsCopyMount }],
  };
}

/**
 * The volumes of the modes. The chart gives the empty mode the dind mode's volumes whenever the
 * pod has any volume at all (a CA bundle or `runner.pod.spec.volumes`): so do we.
 */
function modeVolumes(i: ExperimentalRunnerPodInput): Obj[] {
  if (i.mode === EXPERIMENTAL.mode.kubernetes) {
    const k = i.kubernetes;
    return [
      { name: VOLUME.work, ephemeral: { volumeClaimTemplate: { spec: k.workVolumeClaim } } },
      ...(k.extensionConfigMap !== undefined ? [hookExtensionVolume(k.extensionConfigMap) as unknown as Obj] : []),
      ...tlsVolume(i.tls),
    ];
  }
  return [
    { name: VOLUME.work, emptyDir: {} },
    { name: VOLUME.dindSock, emptyDir: {} },
    ...tlsVolume(i.tls),
    ...(i.dind.copyRunnerExternals ? [{ name: VOLUME.dindExternals, emptyDir: {} }] : []),
  ];
}

/** The runner pod's spec. */
export function experimentalRunnerPodSpec(i: ExperimentalRunnerPodInput): Obj {
  const dind = i.mode === EXPERIMENTAL.mode.dind;
  const runner = i.mode === EXPERIMENTAL.mode.kubernetes ? kubernetesRunner(i) : dind ? dindRunner(i) : emptyRunner(i);
  const initContainers = [
    ...(dind && i.dind.copyRunnerExternals ? [copyExternals()] : []),
    ...i.initContainers,
    ...(dind ? [dindSidecar(i)] : []),
  ];
  const hasVolumes = i.volumes.length > 0 || i.mode !== EXPERIMENTAL.mode.empty || i.tls !== undefined;
  return {
    serviceAccountName: i.serviceAccountName,
    ...(initContainers.length ? { initContainers } : {}),
    containers: [runner, ...i.containers],
    ...(hasVolumes ? { volumes: [...modeVolumes(i), ...i.volumes] } : {}),
    ...i.extraSpec,
  };
}
