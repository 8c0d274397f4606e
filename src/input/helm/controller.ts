/**
 * The `gha-runner-scale-set-controller` chart's values (0.14.2): its defaults, and merged values
 * turned into the controller spec that spec files give, with the chart's own failures as problems
 * that name the values path. The construct renders it, as it does for spec files.
 */
import {
  CONTROLLER_DEFAULTS, CONTROLLER_SPEC_KIND, DEFAULT_CONTAINER_ANNOTATION, DEFAULT_CONTROLLER_IMAGE_REPOSITORY, FLAG, DEFAULT_CONTROLLER_PULL_POLICY, DNS_LABEL_PATTERN,
  LOG_FORMATS, LOG_LEVELS, MANAGER, UPDATE_STRATEGIES,
} from '../../controller/constants';
import { SPEC_API_VERSION } from '../../constants';
import { RESERVED_CONTROLLER_LABELS, controllerFullName } from '../../controller/naming';
import { ARC_MAJOR_MINOR, majorMinor } from '../../controller/version';
import { labelValueProblem, qualifiedNameProblem } from '../../rules/metadata';
import { fullNameProblem, listenAddrProblem, metricsAddrProblem, workqueueRateLimiterProblem, nameOverrideProblem, releaseNameProblem, serviceAccountNameProblem } from '../../rules/controller';
import { namespaceProblem } from '../../rules/scale-set';
import { isMap, truthy, ValueMap } from '../chart-fields';
import { Checker, describe } from '../checker';
import { Path } from '../../rules/words';
import type { ControllerSpec } from '../controller-spec';
import { suggest } from '../../rules/words';
import { PULL_POLICIES } from '../scale-set-spec';
import type { HelmRelease } from './to-props';
import { mergeValues } from './values';

type Obj = Record<string, unknown>;

/** The uncommented part of the controller chart's values.yaml (0.14.2). */
export const CONTROLLER_CHART_DEFAULT_VALUES: ValueMap = {
  labels: {},
  replicaCount: CONTROLLER_DEFAULTS.replicaCount,
  image: { repository: DEFAULT_CONTROLLER_IMAGE_REPOSITORY, pullPolicy: DEFAULT_CONTROLLER_PULL_POLICY, tag: '' },
  imagePullSecrets: [],
  nameOverride: '',
  fullnameOverride: '',
  serviceAccount: { create: true, annotations: {}, name: '' },
  podAnnotations: {},
  podLabels: {},
  podSecurityContext: {},
  securityContext: {},
  resources: {},
  nodeSelector: {},
  tolerations: [],
  affinity: {},
  topologySpreadConstraints: [],
  volumes: [],
  volumeMounts: [],
  priorityClassName: '',
  flags: {
    logLevel: CONTROLLER_DEFAULTS.logLevel,
    logFormat: CONTROLLER_DEFAULTS.logFormat,
    runnerMaxConcurrentReconciles: CONTROLLER_DEFAULTS.runnerMaxConcurrentReconciles,
    updateStrategy: CONTROLLER_DEFAULTS.updateStrategy,
  },
  pprof: {},
  namespaceOverride: '',
};

/** The top-level keys the controller chart reads (`env` and `metrics` have no default). */
export const CONTROLLER_VALUE_KEYS: readonly string[] = [...Object.keys(CONTROLLER_CHART_DEFAULT_VALUES), 'env', 'metrics'];
const IMAGE_KEYS = ['repository', 'pullPolicy', 'tag'];
const SERVICE_ACCOUNT_KEYS = ['create', 'annotations', 'name'];
const METRICS_KEYS = ['controllerManagerAddr', 'listenerAddr', 'listenerEndpoint'];
const FLAG_KEYS = [
  'logLevel', 'logFormat', 'watchSingleNamespace', 'runnerMaxConcurrentReconciles', 'updateStrategy',
  'excludeLabelPropagationPrefixes', 'k8sClientRateLimiterQPS', 'k8sClientRateLimiterBurst', 'rateLimiter', 'healthProbeBindAddress',
];

/** A values file merged over the controller chart's defaults. */
export function withControllerChartDefaults(user: ValueMap): ValueMap {
  return mergeValues(CONTROLLER_CHART_DEFAULT_VALUES, user) as ValueMap;
}

/** Keys the chart does not read: warnings, since Helm ignores them too. */
function unknownKeys(c: Checker, v: ValueMap, path: Path, known: readonly string[]): void {
  for (const k of Object.keys(v)) {
    if (known.includes(k)) continue;
    const s = suggest(k, known);
    c.warn([...path, k], `is not a value the controller chart 0.14.2 reads; ignored${s ? ` (did you mean "${s}"?)` : ''}`);
  }
}

/** A map the chart reads with `with`/`if`: anything but a map is an error, an empty map is unset. */
function mapValue(c: Checker, v: unknown, path: Path): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) {
    c.error(path, `must be a map, found ${describe(v)}`);
    return undefined;
  }
  return Object.keys(v).length ? v : undefined;
}

/** A list of maps the chart writes as is (`toYaml`). */
function listOfMaps(c: Checker, v: unknown, path: Path): Obj[] | undefined {
  const l = c.list(v, path);
  if (!l) return undefined;
  l.forEach((x, i) => { if (!isMap(x)) c.error([...path, i], `must be a map, found ${describe(x)}`); });
  return l.length ? (l.filter(isMap)) : undefined;
}

/**
 * A map of strings. The chart quotes label values (`quote`), so numbers and booleans print as
 * strings; other maps it writes as they are (`toYaml`), where Kubernetes refuses a number: written
 * as a string, with a warning (`quoted` false).
 */
function stringValues(c: Checker, v: unknown, path: Path, quoted = false): Record<string, string> | undefined {
  const m = mapValue(c, v, path);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(m)) {
    if (x !== null && typeof x === 'object') {
      c.error([...path, k], `must be a string, found ${describe(x)}`);
      continue;
    }
    out[k] = x === null || x === undefined ? '' : String(x);
    if (!quoted && typeof x !== 'string') c.warn([...path, k], `is ${describe(x)}, which the chart writes unquoted and Kubernetes refuses (values here are strings): written as "${out[k]}"`);
  }
  return out;
}

/** Labels the chart writes after its own: a reserved key would be written twice, so ours is kept. */
function userLabels(c: Checker, v: unknown, path: Path): Record<string, string> | undefined {
  const m = stringValues(c, v, path, true);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(m)) {
    if (RESERVED_CONTROLLER_LABELS.includes(k)) {
      c.warn([...path, k], `is a label the chart sets itself: the chart would write the key twice; the chart's own value is written (reserved: ${RESERVED_CONTROLLER_LABELS.join(', ')})`);
    } else {
      // the chart writes any value, but the API server refuses an object with an invalid label
      // (checked by the conformance suite's kube-apiserver): what would fail at apply is an error here
      const problem = qualifiedNameProblem(k, 'label') ?? labelValueProblem(x);
      if (problem) c.error([...path, k], `${problem}: the chart would write it, but the API server refuses every object carrying it (${path[0] === 'podLabels' ? 'the controller\'s Deployment' : 'the chart puts it on the controller\'s objects'}); use a valid value or leave the label out`);
      else out[k] = x;
    }
  }
  return out;
}

/** A string the chart prints; numbers print as they are. */
function text(c: Checker, v: unknown, path: Path): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return c.string(v, path);
}

/** A number as the chart prints it: a string of digits prints the same (`--set` gives numbers, a values file may quote them). */
function numeric(v: unknown): unknown {
  return typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

/** A number the chart passes to a flag (`with`, so 0 leaves the flag out). */
function flagNumber(c: Checker, raw: unknown, path: Path, integer: boolean): number | undefined {
  const v = numeric(raw);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || v < 0 || (integer && !Number.isInteger(v))) {
    c.error(path, `must be ${integer ? 'a whole number' : 'a number'} of 0 or more (0 leaves the flag out), found ${describe(v)}`);
    return undefined;
  }
  return v;
}

/** A flag whose value the manager checks at start-up: the chart passes anything, the manager exits on the rest. */
function flagChoice(c: Checker, v: unknown, path: Path, allowed: readonly string[]): string | undefined {
  const s = text(c, v, path);
  if (s && !allowed.includes(s)) c.error(path, `${describe(s)} is not one the controller accepts (it would exit at start-up); allowed: ${allowed.join(', ')}, or empty to leave the flag out`);
  return s;
}

/**
 * Maps merged controller chart values to a controller spec. Problems go to the checker; the spec
 * is usable only when it has none.
 */
export function controllerValuesToSpec(c: Checker, v: ValueMap, release: HelmRelease): ControllerSpec {
  unknownKeys(c, v, [], CONTROLLER_VALUE_KEYS);
  const badRelease = releaseNameProblem(release.releaseName);
  if (badRelease) c.error([], `the release name ${badRelease}`);
  const ownNamespace = text(c, v.namespaceOverride, ['namespaceOverride']);
  const namespace = ownNamespace || release.namespace;
  const badNamespace = namespaceProblem(namespace);
  if (badNamespace) c.error(ownNamespace ? ['namespaceOverride'] : ['--namespace'], badNamespace);
  const nameOverride = text(c, v.nameOverride, ['nameOverride']) || undefined;
  const fullnameOverride = text(c, v.fullnameOverride, ['fullnameOverride']) || undefined;
  const fullName = controllerFullName(release.releaseName, { nameOverride, fullnameOverride });
  const badNameOverride = nameOverride ? nameOverrideProblem(nameOverride) : undefined;
  if (badNameOverride) c.error(['nameOverride'], badNameOverride);
  // the object names, when what gives them passed its own rule
  const checked = fullnameOverride ? true : nameOverride ? !badNameOverride : !badRelease;
  const badFullName = checked ? fullNameProblem(fullName) : undefined;
  if (badFullName) c.error([fullnameOverride ? 'fullnameOverride' : nameOverride ? 'nameOverride' : '--release'], badFullName);

  const replicas = numeric(v.replicaCount);
  let replicaCount: number = CONTROLLER_DEFAULTS.replicaCount;
  if (replicas !== undefined && replicas !== null) {
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) c.error(['replicaCount'], `must be a whole number of 0 or more, found ${describe(replicas)}`);
    else if (replicas > 0) replicaCount = replicas;
  }

  const img = mapValue(c, v.image, ['image']) ?? {};
  unknownKeys(c, img, ['image'], IMAGE_KEYS);
  const repository = text(c, img.repository, ['image', 'repository']);
  if (!repository) c.error(['image', 'repository'], 'is required: the chart writes the image as "<repository>:<tag>"');
  const tag = text(c, img.tag, ['image', 'tag']) || undefined;
  if (tag !== undefined && majorMinor(tag) === undefined) {
    c.warn(['image', 'tag'], `${describe(tag)} names no version: assuming it runs ARC ${ARC_MAJOR_MINOR}.x, the version of the CRDs and scale sets this tool writes; pin a ${ARC_MAJOR_MINOR}.x tag to be sure`);
  }
  let pullPolicy = text(c, img.pullPolicy, ['image', 'pullPolicy']);
  if (!pullPolicy) {
    c.warn(['image', 'pullPolicy'], `is empty: the chart would write no pull policy and leave it to Kubernetes; ${DEFAULT_CONTROLLER_PULL_POLICY} is written`);
    pullPolicy = undefined;
  } else if (!(PULL_POLICIES as readonly string[]).includes(pullPolicy)) {
    c.error(['image', 'pullPolicy'], `${describe(pullPolicy)} is not a pull policy Kubernetes accepts; allowed: ${PULL_POLICIES.join(', ')}`);
  }

  const imagePullSecrets = (listOfMaps(c, v.imagePullSecrets, ['imagePullSecrets']) ?? []).map((s, i) => {
    const name = c.string(s.name, ['imagePullSecrets', i, 'name'], { required: true, what: 'the name of a Secret of type kubernetes.io/dockerconfigjson' });
    return name ?? '';
  });

  let env: ControllerSpec['container']['env'] = [];
  if (v.env !== undefined && v.env !== null && !Array.isArray(v.env)) {
    c.warn(['env'], `is ${describe(v.env)}, not a list: the chart ignores it (it reads env only when it is a list), so no extra variable is written`);
  } else {
    env = (listOfMaps(c, v.env, ['env']) ?? []).map((e, i) => {
      // The chart writes each entry as is; so does this tool. Kubernetes matches field names exactly.
      if (typeof e.name !== 'string' || !e.name) {
        c.warn(['env', i], `has no name (keys: ${Object.keys(e).join(', ') || 'none'}): the chart writes it as is, and so does gha-rs, but Kubernetes will refuse the controller's pods; field names are lowercase (name, value, valueFrom)`);
      }
      return e as ControllerSpec['container']['env'][number];
    });
  }

  const sa = mapValue(c, v.serviceAccount, ['serviceAccount']) ?? {};
  unknownKeys(c, sa, ['serviceAccount'], SERVICE_ACCOUNT_KEYS);
  const saCreate = truthy(sa.create);
  const saName = text(c, sa.name, ['serviceAccount', 'name']) || undefined;
  // The chart's two `fail` calls (its serviceAccountName helper).
  const badSa = serviceAccountNameProblem(saName, saCreate);
  if (badSa) c.error(['serviceAccount', 'name'], badSa);
  const saAnnotations = stringValues(c, sa.annotations, ['serviceAccount', 'annotations']);

  const volumes = (listOfMaps(c, v.volumes, ['volumes']) ?? []) as ControllerSpec['volumes'];
  const volumeNames = volumes.map((x) => x.name);
  volumes.forEach((x, i) => {
    const name = c.string(x.name, ['volumes', i, 'name'], { required: true, what: 'a volume name' });
    if (name === MANAGER.tmpVolume) c.error(['volumes', i, 'name'], `"${name}" is the chart's own /tmp volume: the pod would have two volumes of that name, which Kubernetes refuses; choose another name`);
    else if (name && !DNS_LABEL_PATTERN.test(name)) {
      c.warn(['volumes', i, 'name'], `${describe(name)} is not a DNS label (lowercase letters, digits and "-"): the chart writes it, but Kubernetes will refuse the controller's pods`);
    }
  });
  const volumeMounts = (listOfMaps(c, v.volumeMounts, ['volumeMounts']) ?? []) as ControllerSpec['container']['volumeMounts'];
  volumeMounts.forEach((m, i) => {
    const name = c.string(m.name, ['volumeMounts', i, 'name'], { required: true, what: 'the name of a volume under volumes' });
    c.string(m.mountPath, ['volumeMounts', i, 'mountPath'], { required: true, what: 'an absolute path' });
    if (name && name !== MANAGER.tmpVolume && !volumeNames.includes(name)) {
      c.warn(['volumeMounts', i, 'name'], `"${name}" names no volume under volumes (${volumeNames.length ? volumeNames.join(', ') : 'none'}): Kubernetes will refuse the controller's pods`);
    }
  });

  let metrics: ControllerSpec['metrics'];
  const m = mapValue(c, v.metrics, ['metrics']);
  if (m) {
    unknownKeys(c, m, ['metrics'], METRICS_KEYS);
    // A key left out renders empty (Helm prints nothing for a missing value).
    const controllerManagerAddr = text(c, m.controllerManagerAddr, ['metrics', 'controllerManagerAddr']) ?? '';
    const listenerAddr = text(c, m.listenerAddr, ['metrics', 'listenerAddr']) ?? '';
    const listenerEndpoint = text(c, m.listenerEndpoint, ['metrics', 'listenerEndpoint']) ?? '';
    const badAddr = metricsAddrProblem(controllerManagerAddr);
    if (badAddr) c.error(['metrics', 'controllerManagerAddr'], `${badAddr}: the chart makes the container port of it`);
    metrics = { controllerManagerAddr, listenerAddr, listenerEndpoint };
  }

  // A flag the values leave out (or `flags: null`) is not passed: the construct's defaults must not fill it in.
  const fl = mapValue(c, v.flags, ['flags']) ?? {};
  unknownKeys(c, fl, ['flags'], FLAG_KEYS);
  const fp = (k: string): Path => ['flags', k];
  const prefixes = c.list(fl.excludeLabelPropagationPrefixes, fp('excludeLabelPropagationPrefixes')) ?? [];
  // `with .Values.flags.rateLimiter` then `with .name`: the flag only for a non-empty name.
  const rl = mapValue(c, fl.rateLimiter, fp('rateLimiter'));
  if (rl) unknownKeys(c, rl, fp('rateLimiter'), ['name']);
  const rateLimiter = rl ? text(c, rl.name, [...fp('rateLimiter'), 'name']) || undefined : undefined;
  const badLimiter = rateLimiter ? workqueueRateLimiterProblem(rateLimiter) : undefined;
  if (badLimiter) c.error([...fp('rateLimiter'), 'name'], badLimiter);
  const healthProbeBindAddress = text(c, fl.healthProbeBindAddress, fp('healthProbeBindAddress')) || undefined;
  // the chart writes the probes' port from the digits the address ends in (none: a probe Kubernetes refuses)
  const badProbe = healthProbeBindAddress ? listenAddrProblem(healthProbeBindAddress, ':8081') : undefined;
  if (badProbe) c.error(fp('healthProbeBindAddress'), `${badProbe}: the chart makes the liveness and readiness probes' port of it`);
  const flags: ControllerSpec['flags'] = {
    logLevel: flagChoice(c, fl.logLevel, fp('logLevel'), LOG_LEVELS) ?? '',
    logFormat: flagChoice(c, fl.logFormat, fp('logFormat'), LOG_FORMATS) ?? '',
    watchSingleNamespace: text(c, fl.watchSingleNamespace, fp('watchSingleNamespace')) || undefined,
    runnerMaxConcurrentReconciles: flagNumber(c, fl.runnerMaxConcurrentReconciles, fp('runnerMaxConcurrentReconciles'), true) ?? 0,
    updateStrategy: flagChoice(c, fl.updateStrategy, fp('updateStrategy'), UPDATE_STRATEGIES) ?? '',
    excludeLabelPropagationPrefixes: prefixes.map((x, i) => text(c, x, [...fp('excludeLabelPropagationPrefixes'), i]) ?? ''),
    k8sClientRateLimiterQps: flagNumber(c, fl.k8sClientRateLimiterQPS, fp('k8sClientRateLimiterQPS'), false),
    k8sClientRateLimiterBurst: flagNumber(c, fl.k8sClientRateLimiterBurst, fp('k8sClientRateLimiterBurst'), true),
    ...(rateLimiter ? { workqueueRateLimiter: rateLimiter } : {}),
    ...(healthProbeBindAddress ? { healthProbeBindAddress } : {}),
  };

  let pprof: ControllerSpec['pprof'];
  const pp = mapValue(c, v.pprof, ['pprof']);
  if (pp) {
    unknownKeys(c, pp, ['pprof'], ['addr']);
    const addr = text(c, pp.addr, ['pprof', 'addr']) || undefined;
    // the chart's `required "Values.pprof.addr must end with a numeric port"`
    const badPprof = addr ? listenAddrProblem(addr, ':6060') : undefined;
    if (badPprof) c.error(['pprof', 'addr'], `${badPprof}: the chart makes the container port pprof of it`);
    if (addr) pprof = { addr };
  }

  const badWatched = flags.watchSingleNamespace ? namespaceProblem(flags.watchSingleNamespace) : undefined;
  if (badWatched) c.error(fp('watchSingleNamespace'), badWatched);

  const resources = mapValue(c, v.resources, ['resources']);
  const securityContext = mapValue(c, v.securityContext, ['securityContext']);
  const priorityClassName = text(c, v.priorityClassName, ['priorityClassName']) || undefined;
  const labels = userLabels(c, v.labels, ['labels']);
  const podLabels = userLabels(c, v.podLabels, ['podLabels']);
  const podAnnotations = stringValues(c, v.podAnnotations, ['podAnnotations']);
  if (podAnnotations && DEFAULT_CONTAINER_ANNOTATION in podAnnotations) {
    c.warn(['podAnnotations', DEFAULT_CONTAINER_ANNOTATION], `is an annotation the chart sets itself (to "${MANAGER.container}"): the chart would write the key twice; yours is written`);
  }
  const podSecurityContext = mapValue(c, v.podSecurityContext, ['podSecurityContext']);
  const nodeSelector = stringValues(c, v.nodeSelector, ['nodeSelector']);
  const tolerations = listOfMaps(c, v.tolerations, ['tolerations']);
  const affinity = mapValue(c, v.affinity, ['affinity']);
  const topologySpreadConstraints = listOfMaps(c, v.topologySpreadConstraints, ['topologySpreadConstraints']);

  return {
    name: release.releaseName,
    namespace,
    ...(nameOverride ? { nameOverride } : {}),
    ...(fullnameOverride ? { fullnameOverride } : {}),
    createNamespace: false,
    replicaCount,
    container: {
      image: { ...(repository ? { repository } : {}), ...(tag ? { tag } : {}), ...(pullPolicy ? { pullPolicy } : {}) },
      ...(resources ? { resources: resources as ControllerSpec['container']['resources'] } : {}),
      ...(securityContext ? { securityContext } : {}),
      env,
      volumeMounts,
    },
    flags,
    ...(metrics ? { metrics } : {}),
    ...(pprof ? { pprof } : {}),
    imagePullSecrets,
    ...(priorityClassName ? { priorityClassName } : {}),
    serviceAccount: { create: saCreate, ...(saName ? { name: saName } : {}), ...(saAnnotations && Object.keys(saAnnotations).length ? { annotations: saAnnotations } : {}) },
    ...(labels && Object.keys(labels).length ? { labels } : {}),
    ...(podLabels && Object.keys(podLabels).length ? { podLabels } : {}),
    ...(podAnnotations ? { podAnnotations } : {}),
    ...(podSecurityContext ? { podSecurityContext } : {}),
    ...(nodeSelector ? { nodeSelector } : {}),
    ...(tolerations ? { tolerations } : {}),
    ...(affinity ? { affinity } : {}),
    ...(topologySpreadConstraints ? { topologySpreadConstraints } : {}),
    volumes,
  };
}

/**
 * A controller spec as a `kind: KubernetesGhaRunnerScaleSetController` document, for
 * `gha-rs convert`: only what differs from a spec file's defaults is written.
 */
export function controllerSpecDocument(s: ControllerSpec): ValueMap {
  const f = s.flags;
  const flags: ValueMap = {};
  // Spec files leave a flag at the chart's default when unset; an empty one (the flag left out) cannot be said.
  const flag = (k: keyof typeof f, dflt: unknown) => { if (f[k] !== undefined && f[k] !== dflt) flags[k] = f[k]; };
  flag('logLevel', CONTROLLER_DEFAULTS.logLevel);
  flag('logFormat', CONTROLLER_DEFAULTS.logFormat);
  flag('watchSingleNamespace', undefined);
  flag('runnerMaxConcurrentReconciles', CONTROLLER_DEFAULTS.runnerMaxConcurrentReconciles);
  flag('updateStrategy', CONTROLLER_DEFAULTS.updateStrategy);
  if (f.excludeLabelPropagationPrefixes.length) flags.excludeLabelPropagationPrefixes = f.excludeLabelPropagationPrefixes;
  if (f.k8sClientRateLimiterQps) flags.k8sClientRateLimiterQps = f.k8sClientRateLimiterQps;
  if (f.k8sClientRateLimiterBurst) flags.k8sClientRateLimiterBurst = f.k8sClientRateLimiterBurst;
  if (f.workqueueRateLimiter) flags.workqueueRateLimiter = f.workqueueRateLimiter;
  if (f.healthProbeBindAddress) flags.healthProbeBindAddress = f.healthProbeBindAddress;
  const ct = s.container;
  const image = { ...ct.image };
  if (image.repository === DEFAULT_CONTROLLER_IMAGE_REPOSITORY) delete (image as ValueMap).repository;
  if (image.pullPolicy === DEFAULT_CONTROLLER_PULL_POLICY) delete (image as ValueMap).pullPolicy;
  const container: ValueMap = {
    ...(Object.keys(image).length ? { image } : {}),
    ...(ct.resources ? { resources: ct.resources } : {}),
    ...(ct.securityContext ? { securityContext: ct.securityContext } : {}),
    ...(ct.env.length ? { env: ct.env } : {}),
    ...(ct.volumeMounts.length ? { volumeMounts: ct.volumeMounts } : {}),
  };
  const sa = s.serviceAccount;
  const spec: ValueMap = {
    namespace: s.namespace,
    ...(s.nameOverride ? { nameOverride: s.nameOverride } : {}),
    ...(s.fullnameOverride ? { fullnameOverride: s.fullnameOverride } : {}),
    ...(s.replicaCount !== CONTROLLER_DEFAULTS.replicaCount ? { replicaCount: s.replicaCount } : {}),
    ...(Object.keys(container).length ? { container } : {}),
    ...(Object.keys(flags).length ? { flags } : {}),
    ...(s.metrics ? { metrics: s.metrics } : {}),
    ...(s.pprof ? { pprof: s.pprof } : {}),
    ...(s.podMonitors ? { podMonitors: { enabled: true, ...s.podMonitors } } : {}),
    ...(s.imagePullSecrets.length ? { imagePullSecrets: s.imagePullSecrets } : {}),
    ...(s.priorityClassName ? { priorityClassName: s.priorityClassName } : {}),
    ...(!sa.create || sa.name || sa.annotations ? { serviceAccount: sa } : {}),
    ...(s.labels ? { labels: s.labels } : {}),
    ...(s.podLabels ? { podLabels: s.podLabels } : {}),
    ...(s.podAnnotations ? { podAnnotations: s.podAnnotations } : {}),
    ...(s.podSecurityContext ? { podSecurityContext: s.podSecurityContext } : {}),
    ...(s.nodeSelector ? { nodeSelector: s.nodeSelector } : {}),
    ...(s.tolerations ? { tolerations: s.tolerations } : {}),
    ...(s.affinity ? { affinity: s.affinity } : {}),
    ...(s.topologySpreadConstraints ? { topologySpreadConstraints: s.topologySpreadConstraints } : {}),
    ...(s.volumes.length ? { volumes: s.volumes } : {}),
  };
  return { apiVersion: SPEC_API_VERSION, kind: CONTROLLER_SPEC_KIND, metadata: { name: s.name }, spec };
}

/** Flags the values leave out, which a spec file cannot: it always passes them (the chart's defaults when unset). */
export function controllerInexpressible(s: ControllerSpec): { path: string; reason: string }[] {
  const out: { path: string; reason: string }[] = [];
  const f = s.flags;
  const omitted = (k: 'logLevel' | 'logFormat' | 'updateStrategy' | 'runnerMaxConcurrentReconciles', flag: string) => {
    if (f[k] === '' || f[k] === 0) {
      out.push({ path: `flags.${k}`, reason: `is empty, so the chart passes no ${flag} flag; a spec file always passes one (${CONTROLLER_DEFAULTS[k]} when unset), which the spec above does` });
    }
  };
  omitted('logLevel', FLAG.logLevel);
  omitted('logFormat', FLAG.logFormat);
  omitted('runnerMaxConcurrentReconciles', FLAG.runnerMaxConcurrentReconciles);
  omitted('updateStrategy', FLAG.updateStrategy);
  return out;
}
