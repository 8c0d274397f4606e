/**
 * The hardened runner pod: what the restricted Pod Security level asks of every container,
 * with the user and groups of the actions-runner image. Fields the user set win.
 */
import { HARDENED_RUNNER, POD_SECURITY } from '../constants';
import { Container, PodSpec } from '../k8s';

type Obj = Record<string, unknown>;

function hardenContainer(c: Container): Container {
  const own = (c.securityContext ?? {}) as Obj;
  return {
    ...c,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: [POD_SECURITY.dropAll] },
      ...own,
    },
  };
}

/** The pod spec with the hardened pod and container security contexts under the user's own. */
export function hardenRunnerPod(spec: PodSpec): PodSpec {
  const own = (spec.securityContext ?? {}) as Obj;
  return {
    ...spec,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: HARDENED_RUNNER.runAsUser,
      runAsGroup: HARDENED_RUNNER.runAsGroup,
      fsGroup: HARDENED_RUNNER.fsGroup,
      seccompProfile: { type: HARDENED_RUNNER.seccompProfile },
      ...own,
    },
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(hardenContainer) } : {}),
    containers: (spec.containers ?? []).map(hardenContainer),
  };
}
