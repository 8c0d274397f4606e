/**
 * The `gha-runner-scale-set-controller-experimental` chart's values (0.14.2): its defaults, and
 * merged values turned into the props of `GhaRunnerScaleSetControllerExperimental`, with the
 * chart's failures as problems at values paths. Also the controller spec the wiring rules read.
 */
import { CONTROLLER_BASE_NAME, CONTROLLER_DEFAULTS, EXPERIMENTAL_CONTROLLER_IMAGE, FORBIDDEN_SERVICE_ACCOUNT_NAME, MANAGER } from '../../controller/constants';
import type { ExperimentalControllerProps } from '../../controller/experimental';
import { trunc63 } from '../../go-template';
import type { JsonObject } from '../../k8s';
import { imageTagProblem, releaseNameProblem } from '../../rules/controller';
import { namespaceProblem } from '../../rules/scale-set';
import { isMap, truthy, valueAt, ValueMap } from '../chart-fields';
import { Checker, describe } from '../checker';
import { Path, suggest } from '../../rules/words';
import type { ControllerSpec } from '../controller-spec';

import type { HelmRelease } from './to-props';
import { mergeValues } from './values';

type Obj = JsonObject;

/** The uncommented part of the chart's values.yaml (0.14.2). */
export const EXPERIMENTAL_CONTROLLER_CHART_DEFAULT_VALUES: ValueMap = {
  labels: {},
  namespaceOverride: '',
  imagePullSecrets: [],
  controller: {
    replicaCount: CONTROLLER_DEFAULTS.replicaCount,
    metadata: { labels: {}, annotations: {} },
    manager: {
      config: {
        logLevel: CONTROLLER_DEFAULTS.logLevel,
        logFormat: CONTROLLER_DEFAULTS.logFormat,
        watchSingleNamespace: '',
        runnerMaxConcurrentReconciles: CONTROLLER_DEFAULTS.runnerMaxConcurrentReconciles,
        updateStrategy: CONTROLLER_DEFAULTS.updateStrategy,
        excludeLabelPropagationPrefixes: [],
        k8sClientRateLimiterQPS: null,
        k8sClientRateLimiterBurst: null,
      },
      container: { image: EXPERIMENTAL_CONTROLLER_IMAGE, pullPolicy: 'IfNotPresent', extraArgs: [], env: [], securityContext: {}, resources: {}, extraPorts: [] },
    },
    serviceAccount: { create: true, annotations: {}, name: '' },
    pod: {
      metadata: { labels: {}, annotations: {} },
      spec: {
        securityContext: {}, priorityClassName: '', nodeSelector: {}, tolerations: [], affinity: {}, topologySpreadConstraints: [],
        terminationGracePeriodSeconds: null, volumes: [], containers: [],
      },
      volumeMounts: [],
    },
  },
};

const TOP_KEYS = ['labels', 'namespaceOverride', 'imagePullSecrets', 'controller', 'nameOverride'];
const CONTROLLER_KEYS = ['replicaCount', 'metadata', 'manager', 'serviceAccount', 'pod', 'metrics'];
const CONFIG_KEYS = [
  'logLevel', 'logFormat', 'watchSingleNamespace', 'runnerMaxConcurrentReconciles', 'updateStrategy', 'excludeLabelPropagationPrefixes',
  'k8sClientRateLimiterQPS', 'k8sClientRateLimiterBurst', 'rateLimiter', 'healthProbeBindAddress',
];
const CONTAINER_KEYS = ['image', 'pullPolicy', 'extraArgs', 'env', 'securityContext', 'resources', 'extraPorts'];

/** A values file merged over the chart's defaults (a `null` in the defaults is no value: Helm drops it). */
export function withExperimentalControllerChartDefaults(user: ValueMap): ValueMap {
  return mergeValues(EXPERIMENTAL_CONTROLLER_CHART_DEFAULT_VALUES, user) as ValueMap;
}

const mapOr = (v: unknown): Obj => (isMap(v) ? v : {});
/** A value as the chart prints it with `{{ . }}` (`with` skips the empty ones). */
const printed = (v: unknown): string | undefined => (truthy(v) ? (typeof v === 'object' ? JSON.stringify(v) : String(v)) : undefined);

/** Unknown keys are warned about (the chart ignores them), with a did-you-mean. */
function warnUnknown(c: Checker, v: Obj, path: Path, allowed: readonly string[]): void {
  for (const k of Object.keys(v)) {
    if (allowed.includes(k)) continue;
    const s = suggest(k, allowed);
    c.warn([...path, k], `is not a value the chart gha-runner-scale-set-controller-experimental 0.14.2 reads; ignored${s ? ` (did you mean "${s}"?)` : ''}`);
  }
}

function list(c: Checker, v: unknown, path: Path, what: string): Obj[] {
  if (!truthy(v)) return [];
  if (!Array.isArray(v)) {
    c.error(path, `must be a list of ${what}, found ${describe(v)}`);
    return [];
  }
  v.forEach((x, i) => { if (!isMap(x)) c.error([...path, i], `must be a map (one of the ${what}), found ${describe(x)}`); });
  return v.filter(isMap);
}

/** The controller's name: `nameOverride`, or the release name with `-gha-rs-controller` unless it holds it already. */
export function experimentalControllerName(releaseName: string, nameOverride?: string): string {
  if (nameOverride) return trunc63(nameOverride);
  return trunc63(releaseName.includes(CONTROLLER_BASE_NAME) ? releaseName : `${releaseName}-${CONTROLLER_BASE_NAME}`);
}

/**
 * Maps merged values to props. Problems go to the checker; the props are usable only when it has none.
 */
export function experimentalControllerValuesToProps(c: Checker, v: ValueMap, release: HelmRelease): ExperimentalControllerProps {
  warnUnknown(c, v, [], TOP_KEYS);
  const badRelease = releaseNameProblem(release.releaseName);
  if (badRelease) c.error(['--release'], badRelease);
  const ownNs = truthy(v.namespaceOverride);
  const namespace = ownNs ? c.name(v.namespaceOverride, ['namespaceOverride']) ?? '' : release.namespace;
  const nsProblem = namespaceProblem(namespace);
  if (nsProblem) c.error(ownNs ? ['namespaceOverride'] : ['--namespace'], nsProblem);
  const nameOverride = truthy(v.nameOverride) ? c.name(v.nameOverride, ['nameOverride']) : undefined;
  const name = experimentalControllerName(release.releaseName, nameOverride);

  const ctl = mapOr(v.controller);
  if (v.controller !== undefined && v.controller !== null && !isMap(v.controller)) c.error(['controller'], `must be a map, found ${describe(v.controller)}`);
  warnUnknown(c, ctl, ['controller'], CONTROLLER_KEYS);
  // sections the chart reads fields of: anything but a map makes its template fail
  for (const p of [['controller', 'manager'], ['controller', 'manager', 'config'], ['controller', 'manager', 'container'], ['controller', 'serviceAccount'], ['controller', 'metadata']]) {
    const x = valueAt(v, p);
    if (x !== undefined && x !== null && !isMap(x)) c.error(p, `must be a map, found ${describe(x)}`);
  }
  const manager = mapOr(ctl.manager);
  const config = mapOr(manager.config);
  warnUnknown(c, config, ['controller', 'manager', 'config'], CONFIG_KEYS);
  const container = mapOr(manager.container);
  warnUnknown(c, container, ['controller', 'manager', 'container'], CONTAINER_KEYS);

  const sa = mapOr(ctl.serviceAccount);
  const create = truthy(sa.create);
  const saNameGiven = truthy(sa.name) ? c.name(sa.name, ['controller', 'serviceAccount', 'name']) : undefined;
  if (saNameGiven === FORBIDDEN_SERVICE_ACCOUNT_NAME) c.error(['controller', 'serviceAccount', 'name'], `cannot be "${FORBIDDEN_SERVICE_ACCOUNT_NAME}": the controller needs a ServiceAccount of its own`);
  if (!create && !saNameGiven) c.error(['controller', 'serviceAccount', 'name'], 'must be set if controller.serviceAccount.create is false (the existing ServiceAccount the controller runs as)');
  const serviceAccountName = create ? saNameGiven || name : saNameGiven ?? '';

  const replicaRaw = ctl.replicaCount;
  if (replicaRaw !== undefined && replicaRaw !== null && (typeof replicaRaw !== 'number' || !Number.isInteger(replicaRaw) || replicaRaw < 0)) {
    c.error(['controller', 'replicaCount'], `must be a whole number of 0 or more, found ${describe(replicaRaw)}`);
  }
  const replicaCount = typeof replicaRaw === 'number' && replicaRaw > 0 ? Math.trunc(replicaRaw) : 1;

  const watchSingleNamespace = truthy(config.watchSingleNamespace) ? c.name(config.watchSingleNamespace, ['controller', 'manager', 'config', 'watchSingleNamespace']) : undefined;
  if (watchSingleNamespace) {
    const p = namespaceProblem(watchSingleNamespace);
    if (p) c.error(['controller', 'manager', 'config', 'watchSingleNamespace'], p);
  }

  const image = container.image === undefined || container.image === null ? '' : String(container.image);
  if (!image) c.error(['controller', 'manager', 'container', 'image'], `is required (the controller image, such as ${EXPERIMENTAL_CONTROLLER_IMAGE.replace(/:latest$/, ':0.14.2')})`);
  const tag = /:([^/:@]+)$/.exec(image)?.[1];
  const tagProblem = tag ? imageTagProblem(tag, 'the scale sets this tool writes') : undefined;
  if (tagProblem) c.error(['controller', 'manager', 'container', 'image'], tagProblem);

  const metricsRaw = ctl.metrics;
  let metrics: ExperimentalControllerProps['metrics'];
  if (truthy(metricsRaw)) {
    const m = c.map(metricsRaw, ['controller', 'metrics'], ['controllerManagerAddr', 'listenerAddr', 'listenerEndpoint']) ?? {};
    const s = (k: string) => (m[k] === undefined || m[k] === null ? '' : String(m[k]));
    metrics = { controllerManagerAddr: s('controllerManagerAddr'), listenerAddr: s('listenerAddr'), listenerEndpoint: s('listenerEndpoint') };
  }

  const rateLimiter = mapOr(config.rateLimiter);
  const prefixes = config.excludeLabelPropagationPrefixes;
  if (truthy(prefixes) && !Array.isArray(prefixes)) c.error(['controller', 'manager', 'config', 'excludeLabelPropagationPrefixes'], `must be a list of label prefixes, found ${describe(prefixes)}`);
  const health = printed(config.healthProbeBindAddress);

  const pod = ctl.pod === undefined || ctl.pod === null ? {} : ctl.pod;
  if ('pod' in ctl && !isMap(pod)) c.error(['controller', 'pod'], `must be an object (metadata, spec, volumeMounts), found ${describe(pod)}`);
  const podMap = mapOr(pod);
  const spec = podMap.spec === undefined || podMap.spec === null ? {} : podMap.spec;
  if ('spec' in podMap && !isMap(spec)) c.error(['controller', 'pod', 'spec'], `must be an object (a pod spec), found ${describe(spec)}`);
  const specMap = mapOr(spec);
  if (specMap.serviceAccountName !== undefined) c.warn(['controller', 'pod', 'spec', 'serviceAccountName'], 'is ignored: the chart sets the controller pod\'s ServiceAccount (controller.serviceAccount)');
  const { containers: _c, serviceAccountName: _s, terminationGracePeriodSeconds: grace, volumes: _v, ...extraPodSpec } = specMap;
  const podMeta = mapOr(podMap.metadata);
  const ctlMeta = mapOr(ctl.metadata);
  const volumeMounts = list(c, podMap.volumeMounts, ['controller', 'pod', 'volumeMounts'], 'volume mounts');
  const volumes = list(c, specMap.volumes, ['controller', 'pod', 'spec', 'volumes'], 'volumes');
  // the chart writes a mount of a volume the pod lacks; the API server refuses such a Deployment
  const volumeNames = [MANAGER.tmpVolume, ...volumes.map((x) => x.name)];
  volumeMounts.forEach((m, i) => {
    if (!volumeNames.includes(m.name as string)) {
      c.warn(['controller', 'pod', 'volumeMounts', i, 'name'], `${describe(m.name)} names no volume of the pod (${volumeNames.map((x) => describe(x)).join(', ')}; add it under controller.pod.spec.volumes): the chart writes the mount as is, and so does gha-rs, but the API server refuses the controller Deployment`);
    }
  });
  const nonEmpty = (x: unknown) => (truthy(x) && isMap(x) ? x : undefined);

  return {
    name,
    releaseName: release.releaseName,
    namespace,
    serviceAccountName,
    createServiceAccount: create,
    ...(nonEmpty(sa.annotations) ? { serviceAccountAnnotations: sa.annotations as Obj } : {}),
    labels: mapOr(v.labels),
    controllerLabels: mapOr(ctlMeta.labels),
    podLabels: mapOr(podMeta.labels),
    podAnnotations: mapOr(podMeta.annotations),
    replicaCount,
    ...(watchSingleNamespace ? { watchSingleNamespace } : {}),
    imagePullSecrets: list(c, v.imagePullSecrets, ['imagePullSecrets'], 'image pull secrets (name)'),
    image,
    pullPolicy: truthy(container.pullPolicy) ? String(container.pullPolicy) : 'IfNotPresent',
    config: {
      logLevel: printed(config.logLevel),
      logFormat: printed(config.logFormat),
      runnerMaxConcurrentReconciles: printed(config.runnerMaxConcurrentReconciles),
      updateStrategy: printed(config.updateStrategy),
      excludeLabelPropagationPrefixes: Array.isArray(prefixes) ? prefixes.map(String) : [],
      k8sClientRateLimiterQPS: printed(config.k8sClientRateLimiterQPS),
      k8sClientRateLimiterBurst: printed(config.k8sClientRateLimiterBurst),
      rateLimiter: printed(rateLimiter.name),
      healthProbeBindAddress: health,
    },
    ...(metrics ? { metrics } : {}),
    extraArgs: (Array.isArray(container.extraArgs) ? container.extraArgs : []).map(String),
    extraPorts: Array.isArray(container.extraPorts) ? container.extraPorts.filter(isMap) : [],
    env: Array.isArray(container.env) ? container.env.filter(isMap) : [],
    ...(nonEmpty(container.resources) ? { resources: container.resources as Obj } : {}),
    ...(nonEmpty(container.securityContext) ? { securityContext: container.securityContext as Obj } : {}),
    volumeMounts,
    containers: list(c, specMap.containers, ['controller', 'pod', 'spec', 'containers'], 'containers'),
    volumes,
    terminationGracePeriodSeconds: typeof grace === 'number' && grace ? grace : 10,
    extraPodSpec,
  };
}

/** What the wiring rules read of a controller (its name, namespace, ServiceAccount and watched namespace), as a controller spec. */
export function experimentalControllerWiring(p: ExperimentalControllerProps): ControllerSpec {
  return {
    name: p.releaseName,
    namespace: p.namespace,
    fullnameOverride: p.name,
    createNamespace: false,
    replicaCount: p.replicaCount,
    container: { image: {}, env: [], volumeMounts: [] },
    flags: { excludeLabelPropagationPrefixes: [], ...(p.watchSingleNamespace ? { watchSingleNamespace: p.watchSingleNamespace } : {}) },
    imagePullSecrets: [],
    serviceAccount: { create: p.createServiceAccount, name: p.serviceAccountName },
    volumes: [],
  } as unknown as ControllerSpec;
}
