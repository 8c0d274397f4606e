import { CONTAINER, ENV, HOOKS_JOB_POD, PATH, VOLUME } from '../constants';
import { EnvVar, PersistentVolumeClaimSpec, PodTemplate, PolicyRule } from '../k8s';
import {
  ContainerMode, ContainerModeType, JobPod, ModeContext, ModeLayout, RunnerServiceAccountKind,
  nonWorkVolumes, otherContainers, runnerWithDefaults, tlsEnv, tlsMounts, tlsVolumes, workVolume,
} from './container-mode';
import { applyHookTemplate, HookExtensionData, hookExtensionMount, hookExtensionVolume, hookExtensionYaml, HookTemplate, hookTemplateEnv } from './hook-template';

/** Env vars both kubernetes modes give the runner so its container hooks can start job pods. */
export function containerHookEnv(hooksPath: string): EnvVar[] {
  return [
    { name: ENV.containerHooks, value: hooksPath },
    { name: ENV.podName, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: ENV.requireJobContainer, value: 'true' },
  ];
}

/** Rules of the kube-mode Role: the runner starts job pods (and, with a work volume, jobs). */
export function kubeModeRules(withJobs: boolean): PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'create', 'delete'] },
    { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list', 'watch'] },
    ...(withJobs ? [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'create', 'delete'] }] : []),
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'delete'] },
  ];
}

/**
 * The job pod the kubernetes mode's container hooks (runner-container-hooks 0.7, `k8s/` in the
 * runner image) start for a workflow job, as far as Pod Security is concerned: the job container,
 * with no securityContext, and the work volume claim.
 */
export function kubernetesJobPod(): PodTemplate {
  return {
    spec: {
      containers: [{ name: CONTAINER.job }],
      restartPolicy: 'Never',
      volumes: [{ name: VOLUME.work, persistentVolumeClaim: { claimName: VOLUME.work } }],
    },
  };
}

/**
 * The job pod of the kubernetes-novolume hooks (runner-container-hooks 0.8, `k8s-novolume/`):
 * `fsGroup` 1001, an `fs-init` init container (the runner image, as uid/gid 1001, with nothing
 * else in its securityContext) that copies the externals and the workspace into three emptyDirs.
 */
export function noVolumeJobPod(): PodTemplate {
  return {
    spec: {
      containers: [{ name: CONTAINER.job }],
      securityContext: { fsGroup: HOOKS_JOB_POD.fsGroup },
      initContainers: [{
        name: HOOKS_JOB_POD.fsInit,
        securityContext: { runAsGroup: HOOKS_JOB_POD.fsGroup, runAsUser: HOOKS_JOB_POD.fsGroup },
      }],
      restartPolicy: 'Never',
      volumes: HOOKS_JOB_POD.noVolumeVolumes.map((name) => ({ name, emptyDir: {} })),
    },
  };
}

/** The job pods as Pod Security sees them: the hooks' pod, with the template merged in as the hooks merge it. */
export function hookJobPods(base: PodTemplate, hookTemplate: HookTemplate | undefined): JobPod[] {
  if (hookTemplate?.template) {
    return [{ what: 'the job pods the container hooks start (with the hook template)', pod: applyHookTemplate(base, hookTemplate.template) }];
  }
  if (hookTemplate) {
    return [{ what: `the job pods the container hooks start (the hook template of ConfigMap "${hookTemplate.configMapName}" is not read here: counted as none)`, pod: base }];
  }
  return [{ what: 'the job pods the container hooks start (no securityContext)', pod: base }];
}

/** The hook extension ConfigMap's name and text, when the template is given inline. */
export function hookExtensionData(hookTemplate: HookTemplate | undefined, scaleSetName: string): HookExtensionData | undefined {
  if (!hookTemplate?.template) return undefined;
  return { name: hookTemplate.configMapFor(scaleSetName), extension: hookExtensionYaml(hookTemplate.template) };
}

/** The hook extension's env var, mount and volume, when there is a template (inline or a ConfigMap). */
export function hookParts(hookTemplate: HookTemplate | undefined, hooksPath: string, scaleSetName: string) {
  if (!hookTemplate) return { env: [], mounts: [], volumes: [] };
  return {
    env: [hookTemplateEnv(hooksPath)],
    mounts: [hookExtensionMount(hooksPath)],
    volumes: [hookExtensionVolume(hookTemplate.configMapFor(scaleSetName))],
  };
}

/** Kubernetes mode: job containers run as separate pods that share an ephemeral work volume. */
export class KubernetesMode extends ContainerMode {
  public readonly type: ContainerModeType = ContainerModeType.KUBERNETES;
  public readonly runnerServiceAccount: RunnerServiceAccountKind = 'kube-mode';
  public readonly needsApiServer = true;

  /**
   * @param workVolumeClaim spec of the ephemeral `work` volume's claim
   * @param hookTemplate the job-pod template the hooks merge into every job pod
   */
  public constructor(
    public readonly workVolumeClaim: PersistentVolumeClaimSpec,
    private readonly extraRules: PolicyRule[] = [],
    public readonly hookTemplate?: HookTemplate,
  ) {
    super();
  }

  public kubeModeRoleRules(): PolicyRule[] {
    return [...kubeModeRules(true), ...this.extraRules];
  }

  public jobPods(): JobPod[] {
    return hookJobPods(kubernetesJobPod(), this.hookTemplate);
  }

  public hookExtension(scaleSetName: string): HookExtensionData | undefined {
    return hookExtensionData(this.hookTemplate, scaleSetName);
  }

  public layout(ctx: ModeContext): ModeLayout {
    const hook = hookParts(this.hookTemplate, PATH.kubeHooks, ctx.scaleSetName ?? '');
    const runner = runnerWithDefaults(
      ctx.runner,
      [...containerHookEnv(PATH.kubeHooks), ...hook.env, ...tlsEnv(ctx.tls)],
      [{ name: VOLUME.work, mountPath: PATH.work }, ...hook.mounts, ...tlsMounts(ctx.tls)],
    );
    return {
      initContainers: [],
      containers: [runner, ...otherContainers(ctx.spec, CONTAINER.runner)],
      volumes: [
        ...tlsVolumes(ctx.tls),
        workVolume(ctx.spec, { name: VOLUME.work, ephemeral: { volumeClaimTemplate: { spec: this.workVolumeClaim } } }),
        ...hook.volumes,
        ...nonWorkVolumes(ctx.spec),
      ],
    };
  }
}
