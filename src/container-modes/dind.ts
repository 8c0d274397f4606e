import {
  CONTAINER, DIND_IMAGE, DOCKER_GROUP_GID, DOCKER_HOST, ENV, PATH, RUNNER_WAIT_FOR_DOCKER_SECONDS, VOLUME,
} from '../constants';
import { Container } from '../k8s';
import {
  ContainerMode, ContainerModeType, ModeContext, ModeLayout, RunnerServiceAccountKind,
  nonWorkVolumes, otherContainers, runnerWithDefaults, tlsEnv, tlsMounts, tlsVolumes, workVolume,
} from './container-mode';

/** The Docker daemon container; a native sidecar (init container that keeps running) on Kubernetes 1.29+. */
export function dindContainer(nativeSidecar: boolean): Container {
  return {
    name: CONTAINER.dind,
    image: DIND_IMAGE,
    args: ['dockerd', `--host=${DOCKER_HOST}`, `--group=$(${ENV.dockerGroupGid})`],
    env: [{ name: ENV.dockerGroupGid, value: DOCKER_GROUP_GID }],
    securityContext: { privileged: true },
    ...(nativeSidecar ? {
      restartPolicy: 'Always',
      startupProbe: {
        exec: { command: ['docker', 'info'] },
        initialDelaySeconds: 0,
        failureThreshold: 24,
        periodSeconds: 5,
      },
    } : {}),
    volumeMounts: [
      { name: VOLUME.work, mountPath: PATH.work },
      { name: VOLUME.dindSock, mountPath: PATH.dockerSockDir },
      { name: VOLUME.dindExternals, mountPath: PATH.externals },
    ],
  };
}

/** Copies the runner's externals into a volume the DinD daemon shares. */
export function initExternalsContainer(runnerImage: string | undefined): Container {
  return {
    name: CONTAINER.initDindExternals,
    image: runnerImage,
    command: ['cp'],
    args: ['-r', PATH.externalsSource, PATH.externalsCopyTarget],
    volumeMounts: [{ name: VOLUME.dindExternals, mountPath: PATH.externalsCopyMount }],
  };
}

/** Docker-in-Docker: jobs run `docker` against a privileged daemon in the same pod. */
export class DindMode extends ContainerMode {
  public readonly type: ContainerModeType = ContainerModeType.DIND;
  public readonly runnerServiceAccount: RunnerServiceAccountKind = 'no-permission';
  public readonly hardeningBlocker = 'the dind sidecar runs privileged (securityContext.privileged: true; Docker needs it) and as root, so DIND pods can only meet the privileged level';

  public layout(ctx: ModeContext): ModeLayout {
    const runner = runnerWithDefaults(
      ctx.runner,
      [
        { name: ENV.dockerHost, value: DOCKER_HOST },
        { name: ENV.runnerWaitForDocker, value: RUNNER_WAIT_FOR_DOCKER_SECONDS },
        ...tlsEnv(ctx.tls),
      ],
      [
        { name: VOLUME.work, mountPath: PATH.work },
        { name: VOLUME.dindSock, mountPath: PATH.dockerSockDir },
        ...tlsMounts(ctx.tls),
      ],
    );
    const dind = dindContainer(ctx.nativeSidecar);
    return {
      initContainers: [initExternalsContainer(ctx.runner?.image), ...(ctx.nativeSidecar ? [dind] : [])],
      containers: [runner, ...(ctx.nativeSidecar ? [] : [dind]), ...otherContainers(ctx.spec, CONTAINER.runner, CONTAINER.dind)],
      volumes: [
        ...tlsVolumes(ctx.tls),
        { name: VOLUME.dindSock, emptyDir: {} },
        { name: VOLUME.dindExternals, emptyDir: {} },
        workVolume(ctx.spec, { name: VOLUME.work, emptyDir: {} }),
        ...nonWorkVolumes(ctx.spec),
      ],
    };
  }
}
