/**
 * src/container-modes/: one `ContainerMode` per container mode (default, dind, kubernetes,
 * kubernetes-novolume), behind the contract of container-mode.ts; nothing outside this folder
 * switches on the mode. This file is the factory users call: `ContainerModes.dind()` and so on.
 */
import { DEFAULT_ACCESS_MODE } from '../constants';
import { PersistentVolumeClaimSpec, PolicyRule } from '../k8s';
import { ContainerMode, ContainerModeName } from './container-mode';
import { DefaultMode } from './default';
import { DindMode } from './dind';
import { KubernetesMode } from './kubernetes';
import { KubernetesNoVolumeMode } from './kubernetes-no-volume';
import { HookTemplate } from './hook-template';

export { ContainerMode } from './container-mode';
export { ContainerModeType } from './container-mode';
export type { ContainerModeName, JobPod, ModeContext, ModeLayout, RunnerTlsMount } from './container-mode';
export type { HookExtensionData } from './hook-template';
export { DefaultMode } from './default';
export { hardenRunnerPod } from './hardening';
export { HookTemplate } from './hook-template';
export { DindMode } from './dind';
export { KubernetesMode } from './kubernetes';
export { KubernetesNoVolumeMode } from './kubernetes-no-volume';

/** The claim of the kubernetes mode's ephemeral `work` volume. */
export interface WorkVolumeClaimOptions {
  /** Requested size, a Kubernetes quantity such as `10Gi`. */
  readonly size: string;
  /**
   * StorageClass of the claim.
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: string[];
}

/** A claim spec given as it is, for the kubernetes mode's `work` volume. */
export interface WorkVolumeClaimSpecOptions {
  /** The PersistentVolumeClaim spec, written as given. */
  readonly spec: PersistentVolumeClaimSpec;
}

export interface KubernetesModeOptions {
  /**
   * The ephemeral `work` volume each runner pod claims and shares with its job pods: a size (and
   * class, access modes), or `{ spec }` with a whole claim spec.
   */
  readonly workVolumeClaim: WorkVolumeClaimOptions | WorkVolumeClaimSpecOptions;
  /**
   * Rules added to the kube-mode Role (the chart's `kubernetesModeAdditionalRoleRules`).
   * @default - none
   */
  readonly additionalRoleRules?: PolicyRule[];
  /**
   * A job-pod template the container hooks merge into every job pod (resources, node selection,
   * tolerations, securityContext…): `HookTemplate.fromPodTemplate(...)` writes it into a
   * ConfigMap `<scale set>-hook-extension`; `HookTemplate.fromConfigMap(name)` mounts an existing one.
   * @default - none: job pods as the hooks make them
   */
  readonly hookTemplate?: HookTemplate;
}

/** Options of the kubernetes mode without a work volume. */
export interface KubernetesNoVolumeModeOptions {
  /**
   * Rules added to the kube-mode Role (the chart's `kubernetesModeAdditionalRoleRules`).
   * @default - none
   */
  readonly additionalRoleRules?: PolicyRule[];
  /**
   * A job-pod template the container hooks merge into every job pod (see `KubernetesModeOptions.hookTemplate`).
   * @default - none: job pods as the hooks make them
   */
  readonly hookTemplate?: HookTemplate;
}

/** The claim spec the chart writes for `workVolumeClaim` options. */
export function workVolumeClaimSpec(o: WorkVolumeClaimOptions): PersistentVolumeClaimSpec {
  return {
    accessModes: o.accessModes ?? [DEFAULT_ACCESS_MODE],
    resources: { requests: { storage: o.size } },
    ...(o.storageClass ? { storageClassName: o.storageClass } : {}),
  };
}

/** Factories for the four container modes. */
export class ContainerModes {
  /** Docker-in-Docker: a privileged `docker:dind` sidecar serves the runner's `docker` commands. */
  public static dind(): ContainerMode {
    return new DindMode();
  }

  /** Kubernetes mode: job containers run as pods of their own, sharing an ephemeral work volume. */
  public static kubernetes(options: KubernetesModeOptions): ContainerMode {
    const claim = options.workVolumeClaim;
    return new KubernetesMode('spec' in claim ? claim.spec : workVolumeClaimSpec(claim), options.additionalRoleRules, options.hookTemplate);
  }

  /** Kubernetes mode without a work volume (ARC's `kubernetes-novolume`). */
  public static kubernetesNoVolume(options: KubernetesNoVolumeModeOptions = {}): ContainerMode {
    return new KubernetesNoVolumeMode(options.additionalRoleRules, options.hookTemplate);
  }

  /** The runner container alone. */
  public static default(): ContainerMode {
    return new DefaultMode();
  }

  /** The claim spec the chart writes for `workVolumeClaim` options (access modes default to `ReadWriteOnce`). */
  public static workVolumeClaimSpec(options: WorkVolumeClaimOptions): PersistentVolumeClaimSpec {
    return workVolumeClaimSpec(options);
  }

  private constructor() {}
}

/** A mode's options as a spec file gives them: each mode reads the ones it has. */
export interface NamedModeOptions {
  /** KUBERNETES: the work volume's claim. @default - an empty claim spec */
  readonly workVolumeClaim?: WorkVolumeClaimOptions | WorkVolumeClaimSpecOptions;
  /** The KUBERNETES modes: rules added to the kube-mode Role. @default - none */
  readonly additionalRoleRules?: PolicyRule[];
  /** The KUBERNETES modes: the job-pod template. @default - none */
  readonly hookTemplate?: HookTemplate;
}

/** The mode a spec file names (`containerMode.type`), with the options that mode reads. */
export function containerModeNamed(type: ContainerModeName, o: NamedModeOptions = {}): ContainerMode {
  switch (type) {
    case 'DIND': return ContainerModes.dind();
    case 'KUBERNETES': return ContainerModes.kubernetes({ workVolumeClaim: o.workVolumeClaim ?? { spec: {} }, additionalRoleRules: o.additionalRoleRules, hookTemplate: o.hookTemplate });
    case 'KUBERNETES_NO_VOLUME': return ContainerModes.kubernetesNoVolume({ additionalRoleRules: o.additionalRoleRules, hookTemplate: o.hookTemplate });
    case 'DEFAULT': return ContainerModes.default();
  }
}

/** What spec readers need to know of a mode the spec format names, before any mode is built. */
export function modeTraits(type: ContainerModeName): { readonly hardeningBlocker?: string; readonly needsApiServer: boolean } {
  const mode = containerModeNamed(type);
  return { hardeningBlocker: mode.hardeningBlocker, needsApiServer: mode.needsApiServer };
}
