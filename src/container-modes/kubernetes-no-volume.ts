import { CONTAINER, ENV, PATH } from '../constants';
import { PolicyRule } from '../k8s';
import {
  ContainerMode, ContainerModeType, ModeContext, ModeLayout, RunnerServiceAccountKind,
  otherContainers, runnerWithDefaults, tlsEnv, tlsMounts, tlsVolumes,
} from './container-mode';
import { containerHookEnv, kubeModeRules } from './kubernetes';

/**
 * Kubernetes mode without a shared work volume: the novolume hooks copy the workspace
 * into job pods, which run the runner's own image (ACTIONS_RUNNER_IMAGE).
 */
export class KubernetesNoVolumeMode extends ContainerMode {
  public readonly type: ContainerModeType = 'KUBERNETES_NO_VOLUME';
  public readonly runnerServiceAccount: RunnerServiceAccountKind = 'kube-mode';

  public constructor(private readonly extraRules: PolicyRule[] = []) {
    super();
  }

  public kubeModeRoleRules(): PolicyRule[] {
    return [...kubeModeRules(false), ...this.extraRules];
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
