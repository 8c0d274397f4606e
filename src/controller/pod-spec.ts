/**
 * The manager's arguments and the Deployment's pod template, as the controller chart 0.14.2
 * writes them. Pure functions of resolved settings: no construct, no defaults left to resolve.
 */
import { Container, EnvVar, JsonObject, PodTemplate, ResourceRequirements, Volume, VolumeMount } from '../k8s';
import { StringMap } from '../labels';
import { CONTROLLER_ENV, DEFAULT_CONTAINER_ANNOTATION, FLAG, HEALTH_PROBE, MANAGER, METRICS_OFF, POD_NAMESPACE_FIELD_PATH } from './constants';
import { controllerPodLabels } from './naming';

/** The manager's flags; an unset flag is not passed (the chart's `with`). */
export interface ControllerFlags {
  readonly logLevel?: string;
  readonly logFormat?: string;
  readonly watchSingleNamespace?: string;
  readonly runnerMaxConcurrentReconciles?: number;
  readonly updateStrategy?: string;
  readonly excludeLabelPropagationPrefixes?: string[];
  readonly k8sClientRateLimiterQps?: number;
  readonly k8sClientRateLimiterBurst?: number;
  /** `--workqueue-rate-limiter`: `bucket_rate_limiter` (the manager's default) or `typed_rate_limiter` (per item, no global bucket). */
  readonly workqueueRateLimiter?: string;
  /** `--health-probe-bind-address`, e.g. `:8081`; the pod gets liveness and readiness probes on its port. */
  readonly healthProbeBindAddress?: string;
}

/** Where the controller and the listeners serve Prometheus metrics. */
export interface ControllerMetrics {
  /** The controller's own address, `:port` or `host:port`; its port is exposed as `metrics`. */
  readonly controllerManagerAddr: string;
  /** The listeners' address, e.g. `:8080`. */
  readonly listenerAddr: string;
  /** The listeners' path, e.g. `/metrics`. */
  readonly listenerEndpoint: string;
}

/** Everything the pod template depends on, resolved. */
export interface ControllerPodInput {
  readonly releaseName: string;
  readonly namespace: string;
  /** The chart's `nameOverride`: the `app.kubernetes.io/name` label. */
  readonly nameOverride?: string;
  /** The chart's `fullname`: the leader-election id. */
  readonly fullName: string;
  readonly serviceAccountName: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly replicas: number;
  readonly imagePullSecrets: string[];
  readonly flags: ControllerFlags;
  /** Unset: metrics off (`--metrics-addr=0` and friends). */
  readonly metrics?: ControllerMetrics;
  /** `--pprof-addr`, e.g. `:6060`, exposed as the container port `pprof`. Unset: no profiling endpoint. */
  readonly pprofAddr?: string;
  readonly resources?: ResourceRequirements;
  readonly securityContext?: JsonObject;
  readonly env?: EnvVar[];
  readonly volumeMounts?: VolumeMount[];
  readonly volumes?: Volume[];
  readonly podLabels?: StringMap;
  readonly podAnnotations?: StringMap;
  readonly podSecurityContext?: JsonObject;
  readonly priorityClassName?: string;
  readonly nodeSelector?: StringMap;
  readonly tolerations?: JsonObject[];
  readonly affinity?: JsonObject;
  readonly topologySpreadConstraints?: JsonObject[];
}

const flag = (name: string, value: string | number): string => `${name}=${value}`;

/** The port of `:8080` / `0.0.0.0:8080` / `[::]:8080`, or undefined. */
export function metricsPort(addr: string): number | undefined {
  const m = /:(\d+)$/.exec(addr);
  const port = m ? Number(m[1]) : NaN;
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** The manager's arguments, in the chart's order. */
export function controllerArgs(i: ControllerPodInput): string[] {
  const f = i.flags;
  const args: string[] = [FLAG.autoScalingRunnerSetOnly];
  if (i.replicas > 1) args.push(FLAG.enableLeaderElection, flag(FLAG.leaderElectionId, i.fullName));
  // one flag per Secret: the manager appends each value as one name (a comma would be part of it)
  for (const s of i.imagePullSecrets) args.push(flag(FLAG.imagePullSecrets, s));
  if (f.logLevel) args.push(flag(FLAG.logLevel, f.logLevel));
  if (f.logFormat) args.push(flag(FLAG.logFormat, f.logFormat));
  if (f.watchSingleNamespace) args.push(flag(FLAG.watchSingleNamespace, f.watchSingleNamespace));
  if (f.runnerMaxConcurrentReconciles) args.push(flag(FLAG.runnerMaxConcurrentReconciles, f.runnerMaxConcurrentReconciles));
  if (f.updateStrategy) args.push(flag(FLAG.updateStrategy, f.updateStrategy));
  const m = i.metrics;
  args.push(
    flag(FLAG.listenerMetricsAddr, m ? m.listenerAddr : METRICS_OFF.addr),
    flag(FLAG.listenerMetricsEndpoint, m ? m.listenerEndpoint : METRICS_OFF.endpoint),
    flag(FLAG.metricsAddr, m ? m.controllerManagerAddr : METRICS_OFF.addr),
  );
  if (i.pprofAddr) args.push(flag(FLAG.pprofAddr, i.pprofAddr));
  for (const p of f.excludeLabelPropagationPrefixes ?? []) args.push(flag(FLAG.excludeLabelPropagationPrefix, p));
  if (f.k8sClientRateLimiterQps) args.push(flag(FLAG.k8sClientRateLimiterQps, f.k8sClientRateLimiterQps));
  if (f.k8sClientRateLimiterBurst) args.push(flag(FLAG.k8sClientRateLimiterBurst, f.k8sClientRateLimiterBurst));
  if (f.workqueueRateLimiter) args.push(flag(FLAG.workqueueRateLimiter, f.workqueueRateLimiter));
  if (f.healthProbeBindAddress) args.push(flag(FLAG.healthProbeBindAddress, f.healthProbeBindAddress));
  return args;
}

/** An HTTP probe of the manager's health endpoint. */
function probe(p: { readonly path: string; readonly initialDelaySeconds: number; readonly periodSeconds: number }, port: number): JsonObject {
  return { httpGet: { path: p.path, port }, initialDelaySeconds: p.initialDelaySeconds, periodSeconds: p.periodSeconds };
}

/** The manager container. */
export function managerContainer(i: ControllerPodInput): Container {
  const port = i.metrics ? metricsPort(i.metrics.controllerManagerAddr) : undefined;
  const pprofPort = i.pprofAddr ? metricsPort(i.pprofAddr) : undefined;
  const healthPort = i.flags.healthProbeBindAddress ? metricsPort(i.flags.healthProbeBindAddress) : undefined;
  const ports: JsonObject[] = [
    ...(port !== undefined ? [{ containerPort: port, protocol: 'TCP', name: MANAGER.metricsPortName }] : []),
    ...(pprofPort !== undefined ? [{ containerPort: pprofPort, protocol: 'TCP', name: MANAGER.pprofPortName }] : []),
  ];
  const env: EnvVar[] = [
    { name: CONTROLLER_ENV.containerImage, value: i.image },
    { name: CONTROLLER_ENV.podNamespace, valueFrom: { fieldRef: { fieldPath: POD_NAMESPACE_FIELD_PATH } } },
    ...(i.env ?? []),
  ];
  return {
    name: MANAGER.container,
    image: i.image,
    imagePullPolicy: i.imagePullPolicy,
    args: controllerArgs(i),
    command: [MANAGER.command],
    ...(ports.length ? { ports } : {}),
    ...(healthPort !== undefined ? { livenessProbe: probe(HEALTH_PROBE.liveness, healthPort), readinessProbe: probe(HEALTH_PROBE.readiness, healthPort) } : {}),
    env,
    ...(i.resources && Object.keys(i.resources).length ? { resources: i.resources } : {}),
    ...(i.securityContext && Object.keys(i.securityContext).length ? { securityContext: i.securityContext } : {}),
    volumeMounts: [{ mountPath: MANAGER.tmpPath, name: MANAGER.tmpVolume }, ...(i.volumeMounts ?? [])],
  };
}

const nonEmpty = <T extends object>(o: T | undefined): o is T => !!o && (Array.isArray(o) ? o.length > 0 : Object.keys(o).length > 0);

/** The Deployment's pod template. */
export function controllerPodTemplate(i: ControllerPodInput): PodTemplate {
  return {
    metadata: {
      annotations: { [DEFAULT_CONTAINER_ANNOTATION]: MANAGER.container, ...(i.podAnnotations ?? {}) },
      labels: controllerPodLabels(i.releaseName, i.namespace, i.podLabels, i.nameOverride),
    },
    spec: {
      ...(i.imagePullSecrets.length ? { imagePullSecrets: i.imagePullSecrets.map((name) => ({ name })) } : {}),
      serviceAccountName: i.serviceAccountName,
      ...(nonEmpty(i.podSecurityContext) ? { securityContext: i.podSecurityContext } : {}),
      ...(i.priorityClassName ? { priorityClassName: i.priorityClassName } : {}),
      containers: [managerContainer(i)],
      terminationGracePeriodSeconds: MANAGER.terminationGracePeriodSeconds,
      volumes: [{ name: MANAGER.tmpVolume, emptyDir: {} }, ...(i.volumes ?? [])],
      ...(nonEmpty(i.nodeSelector) ? { nodeSelector: i.nodeSelector } : {}),
      ...(nonEmpty(i.affinity) ? { affinity: i.affinity } : {}),
      ...(nonEmpty(i.topologySpreadConstraints) ? { topologySpreadConstraints: [...i.topologySpreadConstraints] } : {}),
      ...(nonEmpty(i.tolerations) ? { tolerations: [...i.tolerations] } : {}),
    },
  };
}
