/**
 * Every fixed name, key, image, flag, path and limit of the ARC controller, as its
 * `gha-runner-scale-set-controller` chart 0.14.2 writes them.
 *
 * Kept apart from `src/constants.ts` (the scale set's) so the controller can evolve without
 * touching the scale set's constants module.
 */
import { ARC_VERSION } from '../constants';

/** The chart's base name (`gha-base-name`): the `app.kubernetes.io/name` and the release name suffix. */
export const CONTROLLER_BASE_NAME = 'gha-rs-controller';

/** Suffixes the chart adds to the controller's full name. */
export const CONTROLLER_NAME_SUFFIX = {
  listener: 'listener',
  singleNamespace: 'single-namespace',
  singleNamespaceWatch: 'single-namespace-watch',
  leaderElection: 'leader-election',
} as const;

/** Label keys the controller chart writes besides the common `app.kubernetes.io/*` ones. */
export const CONTROLLER_LABEL = {
  namespace: 'app.kubernetes.io/namespace',
  serviceAccountName: 'actions.github.com/controller-service-account-name',
  serviceAccountNamespace: 'actions.github.com/controller-service-account-namespace',
  watchSingleNamespace: 'actions.github.com/controller-watch-single-namespace',
} as const;

export const CONTROLLER_LABEL_VALUE = {
  partOf: CONTROLLER_BASE_NAME,
  componentManager: 'controller-manager',
} as const;

/** Annotation the chart puts on the pod template so `kubectl logs/exec` pick the manager. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** The manager container. */
export const MANAGER = {
  container: 'manager',
  command: '/manager',
  tmpVolume: 'tmp',
  tmpPath: '/tmp',
  metricsPortName: 'metrics',
  pprofPortName: 'pprof',
  terminationGracePeriodSeconds: 10,
} as const;

export const DEFAULT_CONTROLLER_IMAGE_REPOSITORY = 'ghcr.io/actions/gha-runner-scale-set-controller';
/** The chart's `appVersion`: the image tag when none is given, and the `app.kubernetes.io/version` label. */
export const DEFAULT_CONTROLLER_IMAGE_TAG = ARC_VERSION;
export const DEFAULT_CONTROLLER_PULL_POLICY = 'IfNotPresent';

/** Environment variables the manager reads. */
export const CONTROLLER_ENV = {
  containerImage: 'CONTROLLER_MANAGER_CONTAINER_IMAGE',
  podNamespace: 'CONTROLLER_MANAGER_POD_NAMESPACE',
} as const;
export const POD_NAMESPACE_FIELD_PATH = 'metadata.namespace';

/** Command-line flags of the manager, without their value. */
export const FLAG = {
  autoScalingRunnerSetOnly: '--auto-scaling-runner-set-only',
  enableLeaderElection: '--enable-leader-election',
  leaderElectionId: '--leader-election-id',
  imagePullSecrets: '--auto-scaler-image-pull-secrets',
  logLevel: '--log-level',
  logFormat: '--log-format',
  watchSingleNamespace: '--watch-single-namespace',
  runnerMaxConcurrentReconciles: '--runner-max-concurrent-reconciles',
  updateStrategy: '--update-strategy',
  listenerMetricsAddr: '--listener-metrics-addr',
  listenerMetricsEndpoint: '--listener-metrics-endpoint',
  metricsAddr: '--metrics-addr',
  excludeLabelPropagationPrefix: '--exclude-label-propagation-prefix',
  k8sClientRateLimiterQps: '--k8s-client-rate-limiter-qps',
  k8sClientRateLimiterBurst: '--k8s-client-rate-limiter-burst',
  pprofAddr: '--pprof-addr',
  workqueueRateLimiter: '--workqueue-rate-limiter',
  healthProbeBindAddress: '--health-probe-bind-address',
} as const;

/** The workqueue rate limiters the manager knows (`--workqueue-rate-limiter`); any other makes it exit. */
export const WORKQUEUE_RATE_LIMITERS = ['bucket_rate_limiter', 'typed_rate_limiter'] as const;

/** The probes the chart adds when `flags.healthProbeBindAddress` is set, on the port of that address. */
export const HEALTH_PROBE = {
  liveness: { path: '/healthz', initialDelaySeconds: 15, periodSeconds: 20 },
  readiness: { path: '/readyz', initialDelaySeconds: 5, periodSeconds: 10 },
} as const;

/** `--metrics-addr=0` and friends: what the chart passes when `metrics` is not set. */
export const METRICS_OFF = { addr: '0', endpoint: '' } as const;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LOG_FORMATS = ['text', 'json'] as const;
export const UPDATE_STRATEGIES = ['immediate', 'eventual'] as const;

/** The chart's `values.yaml` defaults. */
export const CONTROLLER_DEFAULTS = {
  replicaCount: 1,
  logLevel: 'debug',
  logFormat: 'text',
  runnerMaxConcurrentReconciles: 2,
  updateStrategy: 'immediate',
} as const;

/** A ServiceAccount name the chart refuses. */
export const FORBIDDEN_SERVICE_ACCOUNT_NAME = 'default';

/** Limits. */
export const CONTROLLER_LIMIT = {
  /** Helm's limit on a release name. */
  releaseName: 53,
  /** The annotation a client-side `kubectl apply` writes holds the whole object as JSON. */
  lastAppliedBytes: 262144,
} as const;

/** The kind of spec file that describes a controller. */
export const CONTROLLER_SPEC_KIND = 'KubernetesGhaRunnerScaleSetController';

/** Output files of a controller. */
export const CONTROLLER_OUTPUT = {
  crdsFile: '00-crds.k8s.yaml',
  controllerFilePrefix: 'controller.',
} as const;

/** The four CRD files under `crds/`, in the order they are written. */
export const CRD_FILES = [
  'actions.github.com_autoscalingrunnersets.yaml',
  'actions.github.com_autoscalinglisteners.yaml',
  'actions.github.com_ephemeralrunnersets.yaml',
  'actions.github.com_ephemeralrunners.yaml',
] as const;
export const CRD_DIR = 'crds';

/** API groups the controller's rules name. */
export const API_GROUP = {
  arc: 'actions.github.com',
  core: '',
  rbac: 'rbac.authorization.k8s.io',
  coordination: 'coordination.k8s.io',
} as const;

/** A DNS-1123 label: the full name every object name derives from. */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A label value: at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. */
export const LABEL_VALUE_PATTERN = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The Prometheus Operator's pod scrape configuration. */
export const POD_MONITOR = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PodMonitor',
  /** Suffix of the listeners' PodMonitor name (`<fullName>-listeners`); the controller's takes the full name. */
  listenersSuffix: 'listeners',
} as const;

/** The path the manager serves its metrics at (controller-runtime's). */
export const CONTROLLER_METRICS_PATH = '/metrics';

/**
 * What ARC 0.14.2's controller puts on every listener pod it creates (resourcebuilder.go): these
 * two labels (beside the scale set's name, namespace and version), and the container port it
 * makes of `--listener-metrics-addr`, named `metrics`.
 */
export const LISTENER_POD = {
  component: 'runner-scale-set-listener',
  partOf: 'gha-runner-scale-set',
  metricsPortName: 'metrics',
} as const;

/** A Prometheus duration, as the Prometheus Operator's CRDs accept it (`30s`, `1m30s`). */
export const PROMETHEUS_DURATION_PATTERN = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

/** The image the experimental controller chart (`gha-runner-scale-set-controller-experimental` 0.14.2) runs unless told. */
export const EXPERIMENTAL_CONTROLLER_IMAGE = `${DEFAULT_CONTROLLER_IMAGE_REPOSITORY}:latest`;
