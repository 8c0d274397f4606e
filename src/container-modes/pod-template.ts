/**
 * The runner pod template, as the chart renders `spec.template` of the
 * AutoscalingRunnerSet. A pure function of its input: no construct, no I/O.
 */
import { CONTAINER } from '../constants';
import { PodSpec, PodTemplate } from '../k8s';
import { ContainerMode, RunnerTlsMount } from './container-mode';
import { hardenRunnerPod } from './hardening';

export interface PodTemplateInput {
  /** The user's template (with the runner container), before the mode's additions. */
  readonly template: PodTemplate;
  readonly mode: ContainerMode;
  /** ServiceAccount runner pods use when the template names none. */
  readonly serviceAccountName: string;
  readonly tls?: RunnerTlsMount;
  /** Kubernetes 1.29+: DinD runs as a native sidecar. */
  readonly nativeSidecar: boolean;
  /**
   * Harden the pod (non-root user 1001, no privilege escalation, all capabilities dropped,
   * RuntimeDefault seccomp); ignored for a mode with a `hardeningBlocker`. @default false
   */
  readonly hardened?: boolean;
  /**
   * The scale set's name (the AutoscalingRunnerSet's): names the hook extension ConfigMap of a
   * kubernetes mode given a hook template.
   * @default - none (a mode with an inline hook template needs it)
   */
  readonly scaleSetName?: string;
}

/** Fields the chart lays out itself; every other pod spec field of the user's template is kept as is. */
const LAID_OUT = new Set(['containers', 'volumes', 'initContainers', 'serviceAccountName']);

export function buildPodTemplate(input: PodTemplateInput): PodTemplate {
  const spec: PodSpec = input.template.spec ?? {};
  const layout = input.mode.layout({
    spec,
    runner: (spec.containers ?? []).find((c) => c.name === CONTAINER.runner),
    tls: input.tls,
    nativeSidecar: input.nativeSidecar,
    scaleSetName: input.scaleSetName,
  });
  const passthrough = Object.fromEntries(Object.entries(spec).filter(([k]) => !LAID_OUT.has(k)));
  const initContainers = [...layout.initContainers, ...(spec.initContainers ?? [])];
  const out: PodSpec = {
    ...passthrough,
    restartPolicy: spec.restartPolicy || 'Never',
    serviceAccountName: spec.serviceAccountName || input.serviceAccountName,
    ...(initContainers.length ? { initContainers } : {}),
    containers: layout.containers,
    ...(layout.volumes ? { volumes: layout.volumes } : {}),
  };
  const hardened = input.hardened && !input.mode.hardeningBlocker ? hardenRunnerPod(out) : out;
  const md = input.template.metadata;
  const metadata = md && (md.labels || md.annotations)
    ? { ...(md.labels ? { labels: md.labels } : {}), ...(md.annotations ? { annotations: md.annotations } : {}) }
    : undefined;
  return { ...(metadata ? { metadata } : {}), spec: hardened };
}
