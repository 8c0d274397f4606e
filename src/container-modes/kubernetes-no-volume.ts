import { CONTAINER, ENV, PATH, VOLUME } from '../constants';
import { PodTemplate, PolicyRule } from '../k8s';
import {
  ContainerMode, ContainerModeType, ModeContext, ModeLayout, RunnerServiceAccountKind,
  otherContainers, runnerWithDefaults, tlsEnv, tlsMounts, tlsVolumes,
} from './container-mode';
import { containerHookEnv, hookJobPods, kubeModeRules } from './kubernetes';

/**
 * Kubernetes mode without a shared work volume: the novolume hooks copy the workspace
 * into job pods, which run the runner's own image (ACTIONS_RUNNER_IMAGE).
 */
export class KubernetesNoVolumeMode extends ContainerMode {
  public readonly type: ContainerModeType = ContainerModeType.KUBERNETES_NO_VOLUME;
  public readonly runnerServiceAccount: RunnerServiceAccountKind = 'kube-mode';
  public readonly needsApiServer = true;

  public constructor(private readonly extraRules: PolicyRule[] = []) {
    super();
  }

  public kubeModeRoleRules(): PolicyRule[] {
    return [...kubeModeRules(false), ...this.extraRules];
  }

  public jobPods(): { what: string; pod: PodTemplate }[] {
    return hookJobPods({ name: VOLUME.work, emptyDir: {} });
  }

  public layout(ctx: ModeContext): ModeLayout {
    const runner = runnerWithDefaults(
      ctx.runner,
      [
        ...containerHookEnv(PATH.kubeNoVolumeHooks),
        { name: ENV.runnerImage, value: ctx.runner?.image ?? '' },
        ...tlsEnv(ctx.tls),
      ],
      tlsMounts(ctx.tls),
    );
    const volumes = [...tlsVolumes(ctx.tls), ...(ctx.spec.volumes ?? [])];
    return {
      initContainers: [],
      containers: [runner, ...otherContainers(ctx.spec, CONTAINER.runner)],
      volumes,
    };
  }
}
