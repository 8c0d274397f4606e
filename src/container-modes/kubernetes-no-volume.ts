import { CONTAINER, ENV, PATH } from '../constants';
import { PolicyRule } from '../k8s';
import {
  ContainerMode, ContainerModeType, JobPod, ModeContext, ModeLayout, RunnerServiceAccountKind,
  otherContainers, runnerWithDefaults, tlsEnv, tlsMounts, tlsVolumes,
} from './container-mode';
import { HookExtensionData, HookTemplate } from './hook-template';
import { containerHookEnv, hookExtensionData, hookJobPods, hookParts, kubeModeRules, noVolumeJobPod } from './kubernetes';

/**
 * Kubernetes mode without a shared work volume: the novolume hooks copy the workspace
 * into job pods, which run the runner's own image (ACTIONS_RUNNER_IMAGE).
 */
export class KubernetesNoVolumeMode extends ContainerMode {
  public readonly type: ContainerModeType = ContainerModeType.KUBERNETES_NO_VOLUME;
  public readonly runnerServiceAccount: RunnerServiceAccountKind = 'kube-mode';
  public readonly needsApiServer = true;

  /** @param hookTemplate the job-pod template the hooks merge into every job pod */
  public constructor(private readonly extraRules: PolicyRule[] = [], public readonly hookTemplate?: HookTemplate) {
    super();
  }

  public kubeModeRoleRules(): PolicyRule[] {
    return [...kubeModeRules(false), ...this.extraRules];
  }

  public jobPods(): JobPod[] {
    return hookJobPods(noVolumeJobPod(), this.hookTemplate);
  }

  public hookExtension(scaleSetName: string): HookExtensionData | undefined {
    return hookExtensionData(this.hookTemplate, scaleSetName);
  }

  public layout(ctx: ModeContext): ModeLayout {
    const hook = hookParts(this.hookTemplate, PATH.kubeNoVolumeHooks, ctx.scaleSetName ?? '');
    const runner = runnerWithDefaults(
      ctx.runner,
      [
        ...containerHookEnv(PATH.kubeNoVolumeHooks),
        ...hook.env,
        { name: ENV.runnerImage, value: ctx.runner?.image ?? '' },
        ...tlsEnv(ctx.tls),
      ],
      [...hook.mounts, ...tlsMounts(ctx.tls)],
    );
    const volumes = [...tlsVolumes(ctx.tls), ...hook.volumes, ...(ctx.spec.volumes ?? [])];
    return {
      initContainers: [],
      containers: [runner, ...otherContainers(ctx.spec, CONTAINER.runner)],
      volumes,
    };
  }
}
