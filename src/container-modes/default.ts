import { CONTAINER } from '../constants';
import { Container } from '../k8s';
import {
  ContainerMode, ContainerModeType, ModeContext, ModeLayout, RunnerServiceAccountKind,
  tlsEnv, tlsMounts, tlsVolumes, withDefaultEnv, withDefaultMounts,
} from './container-mode';

/** The runner alone: jobs that need containers cannot run. */
export class DefaultMode extends ContainerMode {
  public readonly type: ContainerModeType = ContainerModeType.DEFAULT;
  public readonly runnerServiceAccount: RunnerServiceAccountKind = 'no-permission';

  public layout(ctx: ModeContext): ModeLayout {
    const containers = (ctx.spec.containers ?? []).map((c) => (c.name === CONTAINER.runner ? defaultRunner(c, ctx) : c));
    const volumes = [...tlsVolumes(ctx.tls), ...(ctx.spec.volumes ?? [])];
    return { initContainers: [], containers, volumes: volumes.length ? volumes : undefined };
  }
}

/** In default mode the runner gets env and mounts only where the user or the CA bundle needs them. */
function defaultRunner(runner: Container, ctx: ModeContext): Container {
  const { env, volumeMounts, ...rest } = runner;
  const withEnv = withDefaultEnv(env, tlsEnv(ctx.tls));
  const withMounts = withDefaultMounts(volumeMounts, tlsMounts(ctx.tls));
  return {
    ...rest,
    ...(withEnv.length ? { env: withEnv } : {}),
    ...(withMounts.length ? { volumeMounts: withMounts } : {}),
  };
}
