/**
 * The controller as ARC 0.14.2's experimental controller chart
 * (`gha-runner-scale-set-controller-experimental`) writes it: the ServiceAccount, the manager
 * Deployment, the listener Role, the cluster-wide or single-namespace RBAC, and leader election
 * with more than one replica. `experimentalControllerObjects` builds them (a pure function of
 * resolved values; the reader in src/input/helm/ has checked them); the construct adds them to a chart.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ARC_VERSION, HELM_ONLY_LABELS, LABEL } from '../constants';
import type { JsonObject } from '../k8s';
import { withoutArcKeys } from '../labels';
import {
  CONTROLLER_ENV, CONTROLLER_LABEL, CONTROLLER_LABEL_VALUE, CONTROLLER_NAME_SUFFIX, DEFAULT_CONTAINER_ANNOTATION, FLAG,
  HEALTH_PROBE, MANAGER, METRICS_OFF, POD_NAMESPACE_FIELD_PATH,
} from './constants';
import { leaderElectionRules, listenerRules, managerClusterRules, singleNamespaceControllerRules, singleNamespaceWatchRules } from './rbac-rules';

type Obj = JsonObject;

export interface ExperimentalControllerProps {
  /** The controller's name (`gha-controller.name`): Deployment, ClusterRole, the base of the Role names. */
  readonly name: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly createServiceAccount: boolean;
  readonly serviceAccountAnnotations?: Obj;
  /** `labels` (every object that carries labels) and `controller.metadata.labels` (the Deployment and ServiceAccount). */
  readonly labels: Obj;
  readonly controllerLabels: Obj;
  readonly podLabels: Obj;
  readonly podAnnotations: Obj;
  readonly replicaCount: number;
  readonly watchSingleNamespace?: string;
  /** `imagePullSecrets` as given (`name` entries). */
  readonly imagePullSecrets: Obj[];
  readonly image: string;
  readonly pullPolicy: string;
  readonly config: {
    readonly logLevel?: string;
    readonly logFormat?: string;
    readonly runnerMaxConcurrentReconciles?: string;
    readonly updateStrategy?: string;
    readonly excludeLabelPropagationPrefixes: string[];
    readonly k8sClientRateLimiterQPS?: string;
    readonly k8sClientRateLimiterBurst?: string;
    readonly rateLimiter?: string;
    readonly healthProbeBindAddress?: string;
  };
  readonly metrics?: { readonly controllerManagerAddr: string; readonly listenerAddr: string; readonly listenerEndpoint: string };
  readonly extraArgs: string[];
  readonly extraPorts: Obj[];
  readonly env: Obj[];
  readonly resources?: Obj;
  readonly securityContext?: Obj;
  readonly volumeMounts: Obj[];
  /** `controller.pod.spec`: containers and volumes after the chart's; other fields pass through. */
  readonly containers: Obj[];
  readonly volumes: Obj[];
  readonly terminationGracePeriodSeconds: number;
  readonly extraPodSpec: Obj;
}

/** Go's `strconv.ParseInt(s, 0, 64)` as sprig's `int` applies it to a string: 0 when it is no number. */
function goInt(s: string): number {
  return /^[+-]?[1-9][0-9]*$|^0$/.test(s) ? Number(s) : 0;
}

/** The manager's arguments, in the chart's order. */
export function experimentalManagerArgs(p: ExperimentalControllerProps): string[] {
  const c = p.config;
  const flag = (f: string, v: string | undefined) => (v ? [`${f}=${v}`] : []);
  return [
    FLAG.autoScalingRunnerSetOnly,
    ...(p.replicaCount > 1 ? [FLAG.enableLeaderElection, `${FLAG.leaderElectionId}=${p.name}`] : []),
    ...p.imagePullSecrets.map((s) => `${FLAG.imagePullSecrets}=${s.name === undefined || s.name === null ? '' : String(s.name)}`),
    ...flag(FLAG.logLevel, c.logLevel),
    ...flag(FLAG.logFormat, c.logFormat),
    ...flag(FLAG.watchSingleNamespace, p.watchSingleNamespace),
    ...flag(FLAG.runnerMaxConcurrentReconciles, c.runnerMaxConcurrentReconciles),
    ...flag(FLAG.updateStrategy, c.updateStrategy),
    ...(p.metrics
      ? [`${FLAG.listenerMetricsAddr}=${p.metrics.listenerAddr}`, `${FLAG.listenerMetricsEndpoint}=${p.metrics.listenerEndpoint}`, `${FLAG.metricsAddr}=${p.metrics.controllerManagerAddr}`]
      : [`${FLAG.listenerMetricsAddr}=${METRICS_OFF.addr}`, `${FLAG.listenerMetricsEndpoint}=${METRICS_OFF.endpoint}`, `${FLAG.metricsAddr}=${METRICS_OFF.addr}`]),
    ...c.excludeLabelPropagationPrefixes.map((x) => `${FLAG.excludeLabelPropagationPrefix}=${x}`),
    ...flag(FLAG.k8sClientRateLimiterQps, c.k8sClientRateLimiterQPS),
    ...flag(FLAG.k8sClientRateLimiterBurst, c.k8sClientRateLimiterBurst),
    ...flag(FLAG.workqueueRateLimiter, c.rateLimiter),
    ...flag(FLAG.healthProbeBindAddress, c.healthProbeBindAddress),
    ...p.extraArgs,
  ];
}

function managerContainer(p: ExperimentalControllerProps): Obj {
  const ports = [
    ...(p.metrics ? [{ containerPort: goInt(p.metrics.controllerManagerAddr.replace(/:([0-9]+)/g, '$1')), protocol: 'TCP', name: MANAGER.metricsPortName }] : []),
    ...p.extraPorts,
  ];
  const probePort = (() => {
    const m = /[0-9]+$/.exec(p.config.healthProbeBindAddress ?? '');
    return m ? Number(m[0]) : null;
  })();
  const L = HEALTH_PROBE;
  return {
    name: MANAGER.container,
    image: p.image,
    imagePullPolicy: p.pullPolicy,
    command: [MANAGER.command],
    args: experimentalManagerArgs(p),
    ...(ports.length ? { ports } : {}),
    ...(p.config.healthProbeBindAddress ? {
      livenessProbe: { httpGet: { path: L.liveness.path, port: probePort }, initialDelaySeconds: L.liveness.initialDelaySeconds, periodSeconds: L.liveness.periodSeconds },
      readinessProbe: { httpGet: { path: L.readiness.path, port: probePort }, initialDelaySeconds: L.readiness.initialDelaySeconds, periodSeconds: L.readiness.periodSeconds },
    } : {}),
    env: [
      { name: CONTROLLER_ENV.containerImage, value: p.image },
      { name: CONTROLLER_ENV.podNamespace, valueFrom: { fieldRef: { fieldPath: POD_NAMESPACE_FIELD_PATH } } },
      ...p.env,
    ],
    ...(p.resources ? { resources: p.resources } : {}),
    ...(p.securityContext ? { securityContext: p.securityContext } : {}),
    volumeMounts: [{ mountPath: MANAGER.tmpPath, name: MANAGER.tmpVolume }, ...p.volumeMounts],
  };
}

const userLabels = (m: Obj | undefined) => {
  const out = withoutArcKeys(m);
  for (const k of HELM_ONLY_LABELS) delete out[k];
  return out;
};

/** Every object the chart renders. */
export function experimentalControllerObjects(p: ExperimentalControllerProps): Obj[] {
  const selector = { [LABEL.name]: p.name, [CONTROLLER_LABEL.namespace]: p.namespace, [LABEL.instance]: p.releaseName };
  const labels = {
    ...userLabels(p.labels),
    ...userLabels(p.controllerLabels),
    [LABEL.component]: CONTROLLER_LABEL_VALUE.componentManager,
    [LABEL.version]: ARC_VERSION,
    [LABEL.partOf]: CONTROLLER_LABEL_VALUE.partOf,
    ...selector,
    [CONTROLLER_LABEL.serviceAccountNamespace]: p.namespace,
    [CONTROLLER_LABEL.serviceAccountName]: p.serviceAccountName,
    ...(p.watchSingleNamespace ? { [CONTROLLER_LABEL.watchSingleNamespace]: p.watchSingleNamespace } : {}),
  };
  const subject = { kind: 'ServiceAccount', name: p.serviceAccountName, namespace: p.namespace };
  const rbac = 'rbac.authorization.k8s.io/v1';
  const grant = (kind: 'Role' | 'ClusterRole', name: string, namespace: string | undefined, rules: Obj[]): Obj[] => [
    { apiVersion: rbac, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, rules },
    {
      apiVersion: rbac, kind: `${kind}Binding`, metadata: { name, ...(namespace ? { namespace } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name }, subjects: [subject],
    },
  ];
  const S = CONTROLLER_NAME_SUFFIX;
  return [
    ...(p.createServiceAccount ? [{
      apiVersion: 'v1', kind: 'ServiceAccount',
      metadata: { name: p.serviceAccountName, namespace: p.namespace, labels, ...(p.serviceAccountAnnotations ? { annotations: p.serviceAccountAnnotations } : {}) },
    }] : []),
    ...(p.watchSingleNamespace
      ? [
        ...grant('Role', `${p.name}-${S.singleNamespace}`, p.namespace, singleNamespaceControllerRules() as unknown as Obj[]),
        ...grant('Role', `${p.name}-${S.singleNamespaceWatch}`, p.watchSingleNamespace, singleNamespaceWatchRules() as unknown as Obj[]),
      ]
      : grant('ClusterRole', p.name, undefined, managerClusterRules() as unknown as Obj[])),
    ...grant('Role', `${p.name}-${S.listener}`, p.namespace, listenerRules() as unknown as Obj[]),
    ...(p.replicaCount > 1 ? grant('Role', `${p.name}-${S.leaderElection}`, p.namespace, leaderElectionRules() as unknown as Obj[]) : []),
    {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: p.name, namespace: p.namespace, labels },
      spec: {
        replicas: p.replicaCount,
        selector: { matchLabels: selector },
        template: {
          metadata: {
            annotations: { ...withoutArcKeys(p.podAnnotations), [DEFAULT_CONTAINER_ANNOTATION]: MANAGER.container },
            labels: {
              ...userLabels(p.podLabels),
              ...selector,
              [LABEL.partOf]: CONTROLLER_LABEL_VALUE.partOf,
              [LABEL.component]: CONTROLLER_LABEL_VALUE.componentManager,
              [LABEL.version]: ARC_VERSION,
            },
          },
          spec: {
            ...(p.imagePullSecrets.length ? { imagePullSecrets: p.imagePullSecrets } : {}),
            serviceAccountName: p.serviceAccountName,
            containers: [managerContainer(p), ...p.containers],
            terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
            volumes: [{ name: MANAGER.tmpVolume, emptyDir: {} }, ...p.volumes],
            ...p.extraPodSpec,
          },
        },
      },
    },
  ];
}

/** The objects of `experimentalControllerObjects` in a chart, each with its explicit name (and namespace). */
export class GhaRunnerScaleSetControllerExperimental extends Construct {
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: ExperimentalControllerProps) {
    super(scope, id);
    this.namespace = props.namespace;
    for (const o of experimentalControllerObjects(props)) {
      const { apiVersion, kind, metadata, ...rest } = o as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
      new ApiObject(this, `${kind}-${metadata.namespace ?? ''}-${metadata.name}`, { apiVersion, kind, metadata, ...rest });
    }
  }
}
