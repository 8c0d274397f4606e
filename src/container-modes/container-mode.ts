/**
 * The contract every container mode implements, and the merge rules the chart
 * applies to the runner container in all of them. Nothing outside this folder
 * switches on the mode.
 */
import { CONTAINER, ENV, VOLUME } from '../constants';
import { Container, EnvVar, PodSpec, PodTemplate, PolicyRule, Volume, VolumeMount } from '../k8s';
import type { HookExtensionData } from './hook-template';

/** The container modes, named as the `KubernetesGhaRunnerScaleSet` spec format names them. */
export enum ContainerModeType {
  /** Docker-in-Docker sidecar. */
  DIND = 'DIND',
  /** Job containers as pods of their own, sharing an ephemeral work volume. */
  KUBERNETES = 'KUBERNETES',
  /** Job containers as pods of their own, without a work volume. */
  KUBERNETES_NO_VOLUME = 'KUBERNETES_NO_VOLUME',
  /** The runner container alone. */
  DEFAULT = 'DEFAULT',
}

/** A mode's name as spec files write it: the values of `ContainerModeType`. */
export type ContainerModeName = `${ContainerModeType}`;

/** Which ServiceAccount the chart creates for runner pods. */
export type RunnerServiceAccountKind = 'kube-mode' | 'no-permission';

/** A CA bundle from a ConfigMap, mounted into the runner (the chart's `githubServerTLS.runnerMountPath`). */
export interface RunnerTlsMount {
  readonly configMapName: string;
  readonly key: string;
  /** Full path of the certificate file in the runner, `clean(runnerMountPath + "/" + key)`. */
  readonly certificatePath: string;
}

/** What a mode needs to lay out the pod. */
export interface ModeContext {
  /** The user's pod spec (containers, volumes, init containers, …), before the mode's additions. */
  readonly spec: PodSpec;
  /** The user's container named `runner`, if any. */
  readonly runner?: Container;
  readonly tls?: RunnerTlsMount;
  /** Kubernetes 1.29+: DinD runs as a native sidecar. */
  readonly nativeSidecar: boolean;
  /** The scale set's name (the AutoscalingRunnerSet's), which names the hook extension ConfigMap. */
  readonly scaleSetName?: string;
}

/** A pod runners start beside themselves, and what it is. */
export interface JobPod {
  readonly what: string;
  readonly pod: PodTemplate;
}

/** The parts of the pod spec a mode decides. */
export interface ModeLayout {
  /** Init containers placed before the user's. */
  readonly initContainers: Container[];
  readonly containers: Container[];
  /** `undefined`: the pod spec gets no `volumes` field. */
  readonly volumes?: Volume[];
}

/** A container mode: how runner pods are laid out and which rights they get. */
export abstract class ContainerMode {
  /** The mode, as the spec format names it. */
  public abstract readonly type: ContainerModeType;
  /** The ServiceAccount kind runner pods use unless the user names one. */
  public abstract readonly runnerServiceAccount: RunnerServiceAccountKind;
  /**
   * Why runner pods of this mode cannot be hardened (see `hardenRunnerPod`); undefined when they can.
   */
  public readonly hardeningBlocker?: string;
  /** Whether runners talk to the Kubernetes API server (their container hooks start job pods). */
  public readonly needsApiServer: boolean = false;
  /**
   * The pods runners start beside themselves in the namespace, as far as Pod Security is concerned
   * (the container hooks' job pods); none by default.
   */
  public jobPods(): JobPod[] {
    return [];
  }
  /**
   * The hook extension ConfigMap to write beside the scale set (kubernetes modes given an inline
   * hook template); undefined for other modes, and when the template is an existing ConfigMap.
   */
  public hookExtension(_scaleSetName: string): HookExtensionData | undefined {
    return undefined;
  }
  /** Rules of the kube-mode Role (only for modes whose runners use the kube-mode ServiceAccount). */
  public kubeModeRoleRules(): PolicyRule[] {
    return [];
  }
  /** Lays out containers, init containers and volumes. Pure. */
  public abstract layout(ctx: ModeContext): ModeLayout;
}

/** The user's env vars, then each default whose name the user did not set. */
export function withDefaultEnv(user: readonly EnvVar[] | undefined, defaults: readonly EnvVar[]): EnvVar[] {
  const names = new Set((user ?? []).map((e) => e.name));
  return [...(user ?? []), ...defaults.filter((d) => !names.has(d.name))];
}

/** The user's mounts, then each default whose volume name the user did not mount. */
export function withDefaultMounts(user: readonly VolumeMount[] | undefined, defaults: readonly VolumeMount[]): VolumeMount[] {
  const names = new Set((user ?? []).map((m) => m.name));
  return [...(user ?? []), ...defaults.filter((d) => !names.has(d.name))];
}

/** The env vars that point the runner at a mounted CA bundle. */
export function tlsEnv(tls: RunnerTlsMount | undefined): EnvVar[] {
  if (!tls) return [];
  return [
    { name: ENV.nodeExtraCaCerts, value: tls.certificatePath },
    { name: ENV.runnerUpdateCaCerts, value: '1' },
  ];
}

export function tlsMounts(tls: RunnerTlsMount | undefined): VolumeMount[] {
  if (!tls) return [];
  return [{ name: VOLUME.githubServerTls, mountPath: tls.certificatePath, subPath: tls.key }];
}

export function tlsVolumes(tls: RunnerTlsMount | undefined): Volume[] {
  if (!tls) return [];
  return [{ name: VOLUME.githubServerTls, configMap: { name: tls.configMapName, items: [{ key: tls.key, path: tls.key }] } }];
}

/**
 * The runner container as the dind / kubernetes / novolume modes write it: the user's
 * fields, then env and mounts with the mode's defaults added where the user has not set them.
 */
export function runnerWithDefaults(runner: Container | undefined, env: readonly EnvVar[], mounts: readonly VolumeMount[]): Container {
  const { name: _name, env: userEnv, volumeMounts: userMounts, ...rest } = runner ?? { name: CONTAINER.runner };
  return {
    name: CONTAINER.runner,
    ...rest,
    env: withDefaultEnv(userEnv, env),
    volumeMounts: withDefaultMounts(userMounts, mounts),
  };
}

/** User containers other than those named. */
export function otherContainers(spec: PodSpec, ...exclude: string[]): Container[] {
  return (spec.containers ?? []).filter((c) => !exclude.includes(c.name));
}

/** The user's `work` volume if there is one, else `fallback`. */
export function workVolume(spec: PodSpec, fallback: Volume): Volume {
  return (spec.volumes ?? []).find((v) => v.name === VOLUME.work) ?? fallback;
}

/** User volumes other than `work`. */
export function nonWorkVolumes(spec: PodSpec): Volume[] {
  return (spec.volumes ?? []).filter((v) => v.name !== VOLUME.work);
}
