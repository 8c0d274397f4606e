/**
 * `kind: KubernetesGhaRunnerScaleSetController`: the controller's spec-file format (camelCase
 * fields of the Pulumi/Terraform modules, plus what the controller chart offers beyond them),
 * its checks, and the warnings for valid specs that will hurt.
 */
import { PULL_POLICIES, envVars, labels, resources } from './scale-set-spec';
import { Checker, describe } from './checker';
import { Path } from '../rules/words';
import { PodSecuritySpec, podSecurity } from './security-fields';
import {
  LOG_FORMATS, LOG_LEVELS, MANAGER, UPDATE_STRATEGIES,
} from '../controller/constants';
import { RESERVED_CONTROLLER_LABELS } from '../controller/naming';
import { listenerMetricsOn } from '../controller/pod-monitors';
import { ARC_MAJOR_MINOR, majorMinor } from '../controller/version';
import { fullNameProblem, listenAddrProblem, metricsAddrProblem, workqueueRateLimiterProblem, nameOverrideProblem, podMonitorIntervalProblem, podMonitorProblems, releaseNameProblem, serviceAccountNameProblem } from '../rules/controller';
import { controllerFullName } from '../controller/naming';
import { namespaceProblem } from '../rules/scale-set';

type Obj = Record<string, unknown>;

export interface ControllerSpec {
  readonly name: string;
  readonly namespace: string;
  /** The chart's `nameOverride` (see `ControllerNameOverrides`). */
  readonly nameOverride?: string;
  /** The chart's `fullnameOverride`. */
  readonly fullnameOverride?: string;
  readonly createNamespace: boolean;
  readonly replicaCount: number;
  readonly container: {
    readonly image: { readonly repository?: string; readonly tag?: string; readonly pullPolicy?: string };
    readonly resources?: { readonly limits?: Record<string, string>; readonly requests?: Record<string, string> };
    readonly securityContext?: Obj;
    readonly env: { readonly name: string; readonly value?: string; readonly valueFrom?: Obj }[];
    readonly volumeMounts: { readonly name: string; readonly mountPath: string; readonly [k: string]: unknown }[];
  };
  readonly flags: {
    readonly logLevel?: string;
    readonly logFormat?: string;
    readonly watchSingleNamespace?: string;
    readonly runnerMaxConcurrentReconciles?: number;
    readonly updateStrategy?: string;
    readonly excludeLabelPropagationPrefixes: string[];
    readonly k8sClientRateLimiterQps?: number;
    readonly k8sClientRateLimiterBurst?: number;
    readonly workqueueRateLimiter?: string;
    readonly healthProbeBindAddress?: string;
  };
  /** `--pprof-addr` (the chart's `pprof.addr`). */
  readonly pprof?: { readonly addr: string };
  readonly metrics?: { readonly controllerManagerAddr: string; readonly listenerAddr: string; readonly listenerEndpoint: string };
  /** PodMonitors for the controller's and the listeners' metrics (`podMonitors.enabled`). */
  readonly podMonitors?: { readonly labels?: Record<string, string>; readonly interval?: string };
  readonly imagePullSecrets: string[];
  readonly priorityClassName?: string;
  readonly serviceAccount: { readonly create: boolean; readonly name?: string; readonly annotations?: Record<string, string> };
  readonly labels?: Record<string, string>;
  readonly podLabels?: Record<string, string>;
  readonly podAnnotations?: Record<string, string>;
  readonly podSecurityContext?: Obj;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: Obj[];
  readonly affinity?: Obj;
  readonly topologySpreadConstraints?: Obj[];
  readonly volumes: { readonly name: string; readonly [k: string]: unknown }[];
  /** The Pod Security level of the namespace (controller and listener pods). */
  readonly podSecurity?: PodSecuritySpec;
}

const METADATA_FIELDS = ['name', 'id', 'org', 'env', 'labels', 'annotations', 'tags', 'version'];
export const CONTROLLER_SPEC_FIELDS = [
  'namespace', 'nameOverride', 'fullnameOverride', 'createNamespace', 'replicaCount', 'container', 'flags', 'metrics', 'pprof', 'podMonitors', 'imagePullSecrets', 'priorityClassName',
  'serviceAccount', 'labels', 'podLabels', 'podAnnotations', 'podSecurityContext', 'nodeSelector', 'tolerations', 'affinity',
  'topologySpreadConstraints', 'volumes', 'podSecurity',
];
const CONTAINER_FIELDS = ['image', 'resources', 'securityContext', 'env', 'volumeMounts'];
const FLAG_FIELDS = [
  'logLevel', 'logFormat', 'watchSingleNamespace', 'runnerMaxConcurrentReconciles', 'updateStrategy',
  'excludeLabelPropagationPrefixes', 'k8sClientRateLimiterQps', 'k8sClientRateLimiterBurst', 'workqueueRateLimiter', 'healthProbeBindAddress',
];
const METRICS_FIELDS = ['controllerManagerAddr', 'listenerAddr', 'listenerEndpoint'];

/** A map passed through as is (securityContext, affinity, …): only its shape is checked here. */
function passThroughMap(c: Checker, v: unknown, path: Path): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    c.error(path, `must be a map, found ${describe(v)}`);
    return undefined;
  }
  return v as Obj;
}

/** A list of maps passed through as is (tolerations, topologySpreadConstraints). */
function passThroughList(c: Checker, v: unknown, path: Path): Obj[] | undefined {
  const l = c.list(v, path);
  if (!l) return undefined;
  const out: Obj[] = [];
  l.forEach((x, i) => {
    if (x === undefined || x === null) c.error([...path, i], 'must be a map, found nothing');
    const m = passThroughMap(c, x, [...path, i]);
    if (m) out.push(m);
  });
  return out;
}

function userLabels(c: Checker, v: unknown, path: Path): Record<string, string> | undefined {
  const m = labels(c, v, path);
  for (const k of Object.keys(m ?? {})) {
    if (RESERVED_CONTROLLER_LABELS.includes(k)) c.error([...path, k], `is a label the controller chart sets itself; reserved: ${RESERVED_CONTROLLER_LABELS.join(', ')}`);
  }
  return m;
}

function positive(c: Checker, v: unknown, path: Path, integer: boolean): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !(v > 0) || (integer && !Number.isInteger(v))) {
    c.error(path, `must be ${integer ? 'a whole number' : 'a number'} greater than 0, found ${describe(v)}`);
    return undefined;
  }
  return v;
}

/**
 * Reads and checks one `KubernetesGhaRunnerScaleSetController` document. Problems go to the
 * checker; the result is complete only when the checker has none.
 */
export function parseControllerSpec(c: Checker, doc: Obj): ControllerSpec {
  const md = c.map(doc.metadata, ['metadata'], METADATA_FIELDS, true) ?? {};
  const name = c.name(md.name, ['metadata', 'name'], { required: true, what: 'the release name' }) ?? '';
  const badName = name ? releaseNameProblem(name) : undefined;
  if (badName) c.error(['metadata', 'name'], badName);
  const s = c.map(doc.spec, ['spec'], CONTROLLER_SPEC_FIELDS, true) ?? {};

  let nsValue = s.namespace;
  if (nsValue && typeof nsValue === 'object' && !Array.isArray(nsValue)) nsValue = c.map(nsValue, ['spec', 'namespace'], ['value'])?.value;
  const namespace = c.ruledName(nsValue, ['spec', 'namespace'], namespaceProblem, { required: true, what: 'the namespace of the controller' }) ?? '';
  const nameOverride = c.ruledName(s.nameOverride, ['spec', 'nameOverride'], nameOverrideProblem) || undefined;
  const fullnameOverride = c.name(s.fullnameOverride, ['spec', 'fullnameOverride']) || undefined;
  // the object names, when what gives them passed its own rule
  const by: Path = fullnameOverride ? ['spec', 'fullnameOverride'] : nameOverride ? ['spec', 'nameOverride'] : ['metadata', 'name'];
  const checked = fullnameOverride || nameOverride || (!badName && !s.nameOverride);
  const badFullName = checked ? fullNameProblem(controllerFullName(name, { nameOverride, fullnameOverride })) : undefined;
  if (badFullName) c.error(by, badFullName);
  const createNamespace = c.boolean(s.createNamespace, ['spec', 'createNamespace']) ?? false;
  let replicaCount = c.count(s.replicaCount, ['spec', 'replicaCount']) ?? 1;
  if (replicaCount === 0) {
    c.warn(['spec', 'replicaCount'], 'is 0, which the controller chart reads as 1 (its `default 1`); one replica is written');
    replicaCount = 1;
  }

  const ct = c.map(s.container, ['spec', 'container'], CONTAINER_FIELDS) ?? {};
  const imgPath = ['spec', 'container', 'image'];
  const img = c.map(ct.image, imgPath, ['repository', 'tag', 'pullPolicy']) ?? {};
  const repository = c.string(img.repository, [...imgPath, 'repository']);
  if (repository !== undefined && /[:@]/.test(repository.split('/').pop() ?? '')) {
    c.error([...imgPath, 'repository'], `${describe(repository)} must be a repository without tag or digest; put the tag in spec.container.image.tag`);
  }
  const tag = c.name(img.tag, [...imgPath, 'tag']);
  // A tag of another major.minor is reported with the scale sets it concerns (see wiring.ts).
  if (tag !== undefined && majorMinor(tag) === undefined) {
    c.warn([...imgPath, 'tag'], `${describe(tag)} names no version: assuming it runs ARC ${ARC_MAJOR_MINOR}.x, the version of the CRDs and scale sets this tool writes; pin a ${ARC_MAJOR_MINOR}.x tag to be sure`);
  }
  const pullPolicy = c.oneOf(img.pullPolicy, [...imgPath, 'pullPolicy'], PULL_POLICIES);
  const containerResources = ct.resources !== undefined ? resources(c, ct.resources, ['spec', 'container', 'resources']) : undefined;
  const securityContext = passThroughMap(c, ct.securityContext, ['spec', 'container', 'securityContext']);

  const env = envVars(c, ct.env, ['spec', 'container', 'env']);

  const volumeNames = new Set<string>();
  const volumes: ControllerSpec['volumes'] = [];
  (c.list(s.volumes, ['spec', 'volumes']) ?? []).forEach((raw, i) => {
    const path = ['spec', 'volumes', i];
    const v = passThroughMap(c, raw, path);
    if (!v) {
      if (raw === undefined || raw === null) c.error(path, 'must be a map (a pod volume), found nothing');
      return;
    }
    const vname = c.dnsLabel(v.name, [...path, 'name'], { required: true });
    if (vname === MANAGER.tmpVolume) c.error([...path, 'name'], `"${vname}" is the chart's own /tmp volume; choose another name`);
    else if (vname && volumeNames.has(vname)) c.error([...path, 'name'], `"${vname}" is used by another volume; names must be unique`);
    if (vname) {
      volumeNames.add(vname);
      volumes.push({ ...v, name: vname });
    }
  });
  const volumeMounts: ControllerSpec['container']['volumeMounts'] = [];
  (c.list(ct.volumeMounts, ['spec', 'container', 'volumeMounts']) ?? []).forEach((raw, i) => {
    const path = ['spec', 'container', 'volumeMounts', i];
    const m = c.map(raw, path, ['name', 'mountPath', 'subPath', 'readOnly', 'mountPropagation', 'subPathExpr', 'recursiveReadOnly'], true) ?? {};
    const mname = c.name(m.name, [...path, 'name'], { required: true, what: 'the name of a volume under spec.volumes' });
    if (mname && !volumeNames.has(mname)) {
      c.error([...path, 'name'], `"${mname}" names no volume; ${volumeNames.size ? `defined: ${[...volumeNames].join(', ')}` : 'define it under spec.volumes'}`);
    }
    const mountPath = c.absolutePath(m.mountPath, [...path, 'mountPath'], true);
    if (mountPath === MANAGER.tmpPath) c.error([...path, 'mountPath'], `"${mountPath}" is where the chart mounts its own tmp volume; choose another path`);
    c.boolean(m.readOnly, [...path, 'readOnly']);
    if (mname && mountPath) volumeMounts.push({ ...m, name: mname, mountPath });
  });

  const fl = c.map(s.flags, ['spec', 'flags'], FLAG_FIELDS) ?? {};
  const fp = (k: string) => ['spec', 'flags', k];
  const excludeLabelPropagationPrefixes = (c.list(fl.excludeLabelPropagationPrefixes, fp('excludeLabelPropagationPrefixes')) ?? [])
    .map((x, i) => c.string(x, [...fp('excludeLabelPropagationPrefixes'), i], { required: true, what: 'a label key prefix such as example.com/' }))
    .filter((x): x is string => !!x);
  const flags: ControllerSpec['flags'] = {
    logLevel: c.oneOf(fl.logLevel, fp('logLevel'), LOG_LEVELS),
    logFormat: c.oneOf(fl.logFormat, fp('logFormat'), LOG_FORMATS),
    watchSingleNamespace: c.ruledName(fl.watchSingleNamespace, fp('watchSingleNamespace'), namespaceProblem),
    runnerMaxConcurrentReconciles: positive(c, fl.runnerMaxConcurrentReconciles, fp('runnerMaxConcurrentReconciles'), true),
    updateStrategy: c.oneOf(fl.updateStrategy, fp('updateStrategy'), UPDATE_STRATEGIES),
    excludeLabelPropagationPrefixes,
    k8sClientRateLimiterQps: positive(c, fl.k8sClientRateLimiterQps, fp('k8sClientRateLimiterQps'), false),
    k8sClientRateLimiterBurst: positive(c, fl.k8sClientRateLimiterBurst, fp('k8sClientRateLimiterBurst'), true),
    workqueueRateLimiter: c.ruledName(fl.workqueueRateLimiter, fp('workqueueRateLimiter'), workqueueRateLimiterProblem),
    healthProbeBindAddress: c.ruledName(fl.healthProbeBindAddress, fp('healthProbeBindAddress'), (a) => listenAddrProblem(a, ':8081')),
  };

  let pprof: ControllerSpec['pprof'];
  if (s.pprof !== undefined && s.pprof !== null) {
    const pp = c.map(s.pprof, ['spec', 'pprof'], ['addr']) ?? {};
    const addr = c.ruledName(pp.addr, ['spec', 'pprof', 'addr'], (a) => listenAddrProblem(a, ':6060'), { required: true, what: 'the address pprof serves on, such as ":6060"' });
    if (addr) pprof = { addr };
  }

  let metrics: ControllerSpec['metrics'];
  if (s.metrics !== undefined && s.metrics !== null) {
    const mp = (k: string) => ['spec', 'metrics', k];
    const m = c.map(s.metrics, ['spec', 'metrics'], METRICS_FIELDS) ?? {};
    const controllerManagerAddr = c.string(m.controllerManagerAddr, mp('controllerManagerAddr'), { required: true, what: 'the controller\'s metrics address, such as ":8080"' });
    const badAddr = controllerManagerAddr !== undefined ? metricsAddrProblem(controllerManagerAddr) : undefined;
    if (badAddr) c.error(mp('controllerManagerAddr'), badAddr);
    const listenerAddr = c.string(m.listenerAddr, mp('listenerAddr'), { required: true, what: 'the listeners\' metrics address, such as ":8080", or "0" for none' });
    const listenerEndpoint = c.string(m.listenerEndpoint, mp('listenerEndpoint')) ?? '';
    if (listenerEndpoint && !listenerEndpoint.startsWith('/')) c.error(mp('listenerEndpoint'), `${describe(listenerEndpoint)} must be a path starting with "/", such as "/metrics"`);
    if (controllerManagerAddr !== undefined && listenerAddr !== undefined) metrics = { controllerManagerAddr, listenerAddr, listenerEndpoint };
  }

  let podMonitors: ControllerSpec['podMonitors'];
  const pm = c.map(s.podMonitors, ['spec', 'podMonitors'], ['enabled', 'labels', 'interval']) ?? {};
  if (c.boolean(pm.enabled, ['spec', 'podMonitors', 'enabled'])) {
    const monitorLabels = labels(c, pm.labels, ['spec', 'podMonitors', 'labels']);
    const interval = c.string(pm.interval, ['spec', 'podMonitors', 'interval']);
    const badInterval = interval !== undefined ? podMonitorIntervalProblem(interval) : undefined;
    if (badInterval) c.error(['spec', 'podMonitors', 'interval'], badInterval);
    podMonitors = { ...(monitorLabels ? { labels: monitorLabels } : {}), ...(interval ? { interval } : {}) };
    if (!metrics && s.metrics === undefined) {
      c.error(['spec', 'podMonitors', 'enabled'], 'needs spec.metrics: without it the controller and its listeners serve no metrics to scrape; set spec.metrics (e.g. controllerManagerAddr ":8080", listenerAddr ":8080", listenerEndpoint "/metrics")');
    } else if (metrics) {
      for (const problem of podMonitorProblems(metrics)) c.error(['spec', 'podMonitors', 'enabled'], problem);
      if (!listenerMetricsOn(metrics)) c.warn(['spec', 'podMonitors', 'enabled'], `the listeners serve no metrics (spec.metrics.listenerAddr ${describe(metrics.listenerAddr)}): only the controller's PodMonitor is written`);
    }
  }

  const imagePullSecrets = (c.list(s.imagePullSecrets, ['spec', 'imagePullSecrets']) ?? [])
    .map((x, i) => c.dnsSubdomain(x && typeof x === 'object' && !Array.isArray(x) ? c.map(x, ['spec', 'imagePullSecrets', i], ['name'])?.name : x, ['spec', 'imagePullSecrets', i], true))
    .filter((x): x is string => !!x);

  const sap = (k: string) => ['spec', 'serviceAccount', k];
  const sa = c.map(s.serviceAccount, ['spec', 'serviceAccount'], ['create', 'name', 'annotations']) ?? {};
  const saCreate = c.boolean(sa.create, sap('create')) ?? true;
  const saName = c.dnsSubdomain(sa.name, sap('name'));
  // a name given but refused by dnsSubdomain is already a problem
  const badSa = saName !== undefined || sa.name === undefined ? serviceAccountNameProblem(saName, saCreate) : undefined;
  if (badSa) c.error(sap('name'), badSa);
  const saAnnotations = c.stringMap(sa.annotations, sap('annotations'));

  const priorityClassName = c.dnsSubdomain(s.priorityClassName, ['spec', 'priorityClassName']);

  const spec: ControllerSpec = {
    name,
    namespace,
    ...(nameOverride ? { nameOverride } : {}),
    ...(fullnameOverride ? { fullnameOverride } : {}),
    createNamespace,
    replicaCount,
    container: {
      image: { ...(repository ? { repository } : {}), ...(tag ? { tag } : {}), ...(pullPolicy ? { pullPolicy } : {}) },
      ...(containerResources ? { resources: containerResources } : {}),
      ...(securityContext ? { securityContext } : {}),
      env,
      volumeMounts,
    },
    flags,
    ...(metrics ? { metrics } : {}),
    ...(pprof ? { pprof } : {}),
    ...(podMonitors ? { podMonitors } : {}),
    imagePullSecrets,
    ...(priorityClassName ? { priorityClassName } : {}),
    serviceAccount: { create: saCreate, ...(saName ? { name: saName } : {}), ...(saAnnotations ? { annotations: saAnnotations } : {}) },
    ...(s.labels !== undefined ? { labels: userLabels(c, s.labels, ['spec', 'labels']) } : {}),
    ...(s.podLabels !== undefined ? { podLabels: userLabels(c, s.podLabels, ['spec', 'podLabels']) } : {}),
    ...(s.podAnnotations !== undefined ? { podAnnotations: c.stringMap(s.podAnnotations, ['spec', 'podAnnotations']) } : {}),
    ...(s.podSecurityContext !== undefined ? { podSecurityContext: passThroughMap(c, s.podSecurityContext, ['spec', 'podSecurityContext']) } : {}),
    ...(s.nodeSelector !== undefined ? { nodeSelector: c.stringMap(s.nodeSelector, ['spec', 'nodeSelector']) } : {}),
    ...(s.tolerations !== undefined ? { tolerations: passThroughList(c, s.tolerations, ['spec', 'tolerations']) } : {}),
    ...(s.affinity !== undefined ? { affinity: passThroughMap(c, s.affinity, ['spec', 'affinity']) } : {}),
    ...(s.topologySpreadConstraints !== undefined
      ? { topologySpreadConstraints: passThroughList(c, s.topologySpreadConstraints, ['spec', 'topologySpreadConstraints']) } : {}),
    volumes,
    ...(s.podSecurity !== undefined ? { podSecurity: podSecurity(c, s.podSecurity, ['spec', 'podSecurity']) } : {}),
  };
  warnAboutRisks(c, spec);
  return spec;
}

/** Valid, but likely to hurt in a cluster. */
function warnAboutRisks(c: Checker, s: ControllerSpec): void {
  if (s.flags.watchSingleNamespace === s.namespace) {
    c.warn(['spec', 'flags', 'watchSingleNamespace'], `is the controller's own namespace "${s.namespace}": listeners and runners would share the controller's namespace; ARC's documentation advises a separate namespace for runners`);
  }
}
