import { CONTAINER, ENV, PATH, VOLUME } from '../constants';
import { EnvVar, PersistentVolumeClaimSpec, PodTemplate, PolicyRule, Volume } from '../k8s';
import {
  ContainerMode, ContainerModeType, ModeContext, ModeLayout, RunnerServiceAccountKind,
  nonWorkVolumes, otherContainers, runnerWithDefaults, tlsEnv, tlsMounts, tlsVolumes, workVolume,
} from './container-mode';

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
 * A job pod as the container hooks (runner-container-hooks 0.7, in the runner image) start it
 * for a workflow job, as far as Pod Security is concerned: the job container with no
 * securityContext (a hook template, ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE, is not read here),
 * and the work volume. Such pods pass baseline, not restricted.
 */
export function hookJobPods(work: Volume): { what: string; pod: PodTemplate }[] {
  return [{
    what: 'the job pods the container hooks start (no securityContext)',
    pod: { spec: { containers: [{ name: CONTAINER.job }], volumes: [work] } },
  }];
}

/** Kubernetes mode: job containers run as separate pods that share an ephemeral work volume. */
export class KubernetesMode extends ContainerMode {
  public readonly type: ContainerModeType = ContainerModeType.KUBERNETES;
  public readonly runnerServiceAccount: RunnerServiceAccountKind = 'kube-mode';
  public readonly needsApiServer = true;

  /** @param workVolumeClaim spec of the ephemeral `work` volume's claim */
  public constructor(public readonly workVolumeClaim: PersistentVolumeClaimSpec, private readonly extraRules: PolicyRule[] = []) {
    super();
  }

  public kubeModeRoleRules(): PolicyRule[] {
    return [...kubeModeRules(true), ...this.extraRules];
  }

  public jobPods(): { what: string; pod: PodTemplate }[] {
    return hookJobPods({ name: VOLUME.work, persistentVolumeClaim: { claimName: VOLUME.work } });
  }

  public layout(ctx: ModeContext): ModeLayout {
    const runner = runnerWithDefaults(
      ctx.runner,
      [...containerHookEnv(PATH.kubeHooks), ...tlsEnv(ctx.tls)],
      [{ name: VOLUME.work, mountPath: PATH.work }, ...tlsMounts(ctx.tls)],
    );
    return {
      initContainers: [],
      containers: [runner, ...otherContainers(ctx.spec, CONTAINER.runner)],
      volumes: [
        ...tlsVolumes(ctx.tls),
        workVolume(ctx.spec, { name: VOLUME.work, ephemeral: { volumeClaimTemplate: { spec: this.workVolumeClaim } } }),
        ...nonWorkVolumes(ctx.spec),
      ],
    };
  }
}
