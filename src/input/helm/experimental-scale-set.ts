/**
 * The `gha-runner-scale-set-experimental` chart's values (0.14.2), merged over its defaults,
 * turned into the props of `GhaRunnerScaleSetExperimental`, with every `fail` of the chart as a
 * problem at the value's path (and a few more where the chart would write what Kubernetes refuses).
 */
import { CONTAINER, DEFAULT_KUBE_VERSION, EXPERIMENTAL, PATH, SECRET_KEY } from '../../constants';
import type { ExperimentalRunnerMode } from '../../container-modes/experimental';
import { hookExtensionYaml } from '../../container-modes/hook-template';
import type { ExperimentalScaleSetProps } from '../../constructs/experimental-scale-set';
import type { JsonObject, PodTemplate, PolicyRule } from '../../k8s';
import { experimentalRunnerSetName, experimentalScaleSetNames } from '../../naming';
import { releaseNameProblem } from '../../rules/controller';
import { kubeVersionProblem } from '../../rules/scale-set';
import { isMap, truthy, valueAt, ValueMap } from '../chart-fields';
import { Checker, describe } from '../checker';
import { Path, suggest } from '../../rules/words';

import { hasUserInfo } from '../../rules/redact';
import { EXPERIMENTAL_RESOURCE_KEYS, EXPERIMENTAL_VALUE_KEYS } from './experimental-values';
import { type HelmRelease, namespaceOf } from './to-props';

type Obj = JsonObject;
const MODES: readonly string[] = Object.values(EXPERIMENTAL.mode);
const NAME_LIMIT = 45;

/** Helm's `mergeOverwrite` of two maps: maps merged key by key, anything else replaced. */
function mergeOverwrite(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMap(out[k]) && isMap(v) ? mergeOverwrite(out[k] as Obj, v) : v;
  return out;
}

const mapOr = (v: unknown): Obj => (isMap(v) ? v : {});
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Maps merged values to props. Problems go to the checker; the props are usable only when it has none.
 * @param valuesHash the chart's `values-hash` of the file (see ./load.ts)
 */
export function experimentalValuesToProps(c: Checker, v: ValueMap, release: HelmRelease, valuesHash: string): ExperimentalScaleSetProps {
  for (const k of Object.keys(v)) {
    if (EXPERIMENTAL_VALUE_KEYS.includes(k)) continue;
    const s = suggest(k, EXPERIMENTAL_VALUE_KEYS);
    c.warn([k], `is not a value the chart ${EXPERIMENTAL_CHART} 0.14.2 reads; ignored${s ? ` (did you mean "${s}"?)` : ''}`);
  }
  const kubeVersion = release.kubeVersion ?? DEFAULT_KUBE_VERSION;
  const badKubeVersion = kubeVersionProblem(kubeVersion);
  if (badKubeVersion) c.error(['--kube-version'], badKubeVersion);

  // sections the chart reads fields of: anything but a map makes its template fail
  for (const p of [['scaleset'], ['auth'], ['secretResolution'], ['runner'], ['runner', 'dind'], ['runner', 'kubernetesMode'], ['resource', 'all'], ['resource', 'all', 'metadata']]) {
    const x = valueAt(v, p);
    if (x !== undefined && x !== null && !isMap(x)) c.error(p, `must be a map, found ${c.show(x, p)}`);
  }
  const name = nameOf(c, v, release);
  const namespace = namespaceOf(c, v, release);
  const scaleset = mapOr(v.scaleset);
  const auth = mapOr(v.auth);
  const url = c.string(auth.url, ['auth', 'url'], { required: true, what: 'the URL of a repository, organization or enterprise, such as https://github.com/my-org' })?.replace(/\/$/, '') ?? '';
  if (auth.url !== undefined && auth.url !== null && auth.url !== '' && !url) c.error(['auth', 'url'], 'is required: "/" alone names no repository, organization or enterprise');
  if (hasUserInfo(url)) c.error(['auth', 'url'], 'holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; give the token in auth.githubToken or name an existing Secret in auth.secretName');

  const resolution = mapOr(v.secretResolution);
  const resolutionType = truthy(v.secretResolution) ? c.string(resolution.type, ['secretResolution', 'type']) ?? '' : EXPERIMENTAL.kubernetesSecrets;
  const kubernetesSecrets = resolutionType === EXPERIMENTAL.kubernetesSecrets;
  const githubSecret = secretOf(c, auth, kubernetesSecrets);
  const vaultConfig = kubernetesSecrets ? undefined : vaultOf(c, resolution, resolutionType);

  const labels = scaleSetLabelsOf(c, scaleset.labels);
  const { minRunners, maxRunners } = runnersOf(c, scaleset);
  const tls = tlsOf(c, v.githubServerTLS);
  const resource = resourceOf(c, v.resource);
  const runner = runnerOf(c, v, name, tls?.mountPath ? { configMapName: tls.configMapName, key: tls.key, mountPath: tls.mountPath } : undefined);
  const csa = controllerServiceAccountOf(c, v.controllerServiceAccount);

  return {
    name,
    namespace,
    githubConfigUrl: url,
    runnerScaleSetName: scaleset.name === undefined || scaleset.name === null ? '' : String(scaleset.name),
    runnerGroup: scaleset.runnerGroup === undefined || scaleset.runnerGroup === null ? '' : String(scaleset.runnerGroup),
    ...(labels ? { scaleSetLabels: labels } : {}),
    githubSecret,
    ...(vaultConfig ? { vaultConfig } : {}),
    ...(truthy(v.proxy) ? { proxy: proxyOf(c, v.proxy, ['proxy']) } : {}),
    ...(minRunners !== undefined ? { minRunners } : {}),
    ...(maxRunners !== undefined ? { maxRunners } : {}),
    ...(tls ? { githubServerTLS: { configMapName: tls.configMapName, key: tls.key } } : {}),
    ...listenerTemplateOf(c, v.listenerPodTemplate),
    ...(truthy(v.listenerMetrics) ? { listenerMetrics: listenerMetricsOf(c, v.listenerMetrics) } : {}),
    resource: resource.meta,
    managerRoleExtraRules: resource.managerRoleExtraRules,
    kubernetesModeRoleExtraRules: resource.kubernetesModeRoleExtraRules,
    ...runner,
    controllerServiceAccount: csa,
    valuesHash,
  };
}

export const EXPERIMENTAL_CHART = 'gha-runner-scale-set-experimental';

/** `runnerScaleSetName`, else the release name: 1 to 45 characters. */
function nameOf(c: Checker, v: ValueMap, release: HelmRelease): string {
  const own = truthy(v.runnerScaleSetName);
  const given = own ? c.name(v.runnerScaleSetName, ['runnerScaleSetName']) : undefined;
  const name = experimentalRunnerSetName(given, release.releaseName);
  const path = own ? ['runnerScaleSetName'] : ['--release'];
  if (!name || name.length > NAME_LIMIT) {
    c.error(path, `the scale set name ${describe(name)} has ${name.length} characters; the chart takes 1 to ${NAME_LIMIT} characters${own ? '' : ': use a shorter release name or set runnerScaleSetName'}`);
  } else {
    const bad = releaseNameProblem(name);
    if (bad) c.error(path, bad);
  }
  if (!own) {
    const badRelease = releaseNameProblem(release.releaseName);
    if (badRelease && name.length <= NAME_LIMIT) c.error(['--release'], badRelease);
  }
  return name;
}

/** `auth`: an existing Secret's name, a GitHub App, or a token. Values are secrets: messages name keys, never values. */
function secretOf(c: Checker, auth: Obj, kubernetesSecrets: boolean): ExperimentalScaleSetProps['githubSecret'] {
  for (const p of [['auth', 'githubToken'], ['auth', 'app'], ['auth', 'app', 'privateKey']]) {
    if (c.hasTag(p)) c.error(p, 'has a YAML tag ("!" before the value), which changes what is read; write the value without one');
  }
  if (truthy(auth.secretName)) return { existing: c.dnsSubdomain(auth.secretName, ['auth', 'secretName']) ?? '' };
  if (!kubernetesSecrets) {
    c.error(['auth', 'secretName'], 'is required when secretResolution.type is not "kubernetes": name the Secret (or key vault entry) holding the GitHub credentials');
    return { existing: '' };
  }
  const app = mapOr(auth.app);
  if (auth.app !== undefined && auth.app !== null && !isMap(auth.app)) c.error(['auth', 'app'], `must be a map (clientId, installationId, privateKey), found ${c.show(auth.app, ['auth', 'app'])}`);
  const str = (x: unknown, path: Path): string | undefined => {
    if (x === undefined || x === null || x === '') return undefined;
    if (isMap(x) || Array.isArray(x)) {
      c.error(path, `must be a string, found ${c.show(x, path)}`);
      return undefined;
    }
    return String(x);
  };
  const clientId = str(app.clientId, ['auth', 'app', 'clientId']);
  if (clientId) {
    const installationId = str(app.installationId, ['auth', 'app', 'installationId']);
    const privateKey = str(app.privateKey, ['auth', 'app', 'privateKey']);
    if (!installationId) c.error(['auth', 'app', 'installationId'], 'is required when using GitHub App auth (auth.app.clientId is set)');
    if (!privateKey) c.error(['auth', 'app', 'privateKey'], 'is required when using GitHub App auth (auth.app.clientId is set)');
    return { data: { [SECRET_KEY.appId]: clientId, [SECRET_KEY.installationId]: installationId ?? '', [SECRET_KEY.privateKey]: privateKey ?? '' } };
  }
  const token = str(auth.githubToken, ['auth', 'githubToken']);
  if (!token) {
    c.error(['auth', 'githubToken'], 'is required when auth.secretName and auth.app.clientId are not set; allowed: auth.githubToken (a personal access token), auth.app (clientId, installationId, privateKey), or auth.secretName (an existing Secret)');
  }
  return { data: { [SECRET_KEY.token]: token ?? '' } };
}

/** `secretResolution` other than `kubernetes`: the key vault (`azureKeyVault` only) and its proxy. */
function vaultOf(c: Checker, r: Obj, type: string): Obj | undefined {
  if (type !== EXPERIMENTAL.azureKeyVault) {
    const s = suggest(type, [EXPERIMENTAL.kubernetesSecrets, EXPERIMENTAL.azureKeyVault]);
    c.error(['secretResolution', 'type'], `Unsupported keyVault type: ${describe(type)}${s ? ` (did you mean "${s}"?)` : ''}; allowed: ${EXPERIMENTAL.kubernetesSecrets}, ${EXPERIMENTAL.azureKeyVault}`);
    return undefined;
  }
  const path = ['secretResolution', 'azureKeyVault'];
  const a = c.map(r.azureKeyVault, path, ['url', 'tenantId', 'clientId', 'certificatePath', 'secretKey'], true) ?? {};
  if (a.secretKey !== undefined && a.secretKey !== null) {
    c.warn([...path, 'secretKey'], 'is written into the AutoscalingRunnerSet as the chart writes it, but ARC 0.14.2\'s CRD has no vaultConfig.azureKeyVault.secretKey: the API server drops it, or refuses the object under strict field validation');
  }
  const field = (f: string) => {
    const x = a[f];
    if (isMap(x) || Array.isArray(x)) c.error([...path, f], `must be a string, found ${describe(x)}`);
    return x === undefined || x === null ? null : x;
  };
  return {
    type,
    ...(truthy(r.proxy) ? { proxy: r.proxy } : {}),
    azureKeyVault: { url: field('url'), tenantId: field('tenantId'), clientId: field('clientId'), certificatePath: field('certificatePath'), secretKey: field('secretKey') },
  };
}

/** `proxy`: `http` and `https` (a url and an optional credentialSecretRef each) and `noProxy`. */
function proxyOf(c: Checker, v: unknown, path: Path): Obj {
  const p = c.map(v, path, ['http', 'https', 'noProxy']) ?? {};
  const server = (key: string) => {
    if (!truthy(p[key])) return undefined;
    const s = c.map(p[key], [...path, key], ['url', 'credentialSecretRef']) ?? {};
    const url = c.string(s.url, [...path, key, 'url'], { required: true, what: 'the proxy URL, such as http://proxy.example:3128' });
    if (url && hasUserInfo(url)) c.error([...path, key, 'url'], `holds credentials before "@" (the value is hidden), which would be written in plain text; name a Secret with "username" and "password" keys in ${key}.credentialSecretRef`);
    return { url: url ?? null, ...(truthy(s.credentialSecretRef) ? { credentialSecretRef: s.credentialSecretRef } : {}) };
  };
  const http = server('http');
  const https = server('https');
  return {
    ...(http ? { http } : {}),
    ...(https ? { https } : {}),
    ...(truthy(p.noProxy) && Array.isArray(p.noProxy) ? { noProxy: p.noProxy } : {}),
  };
}

function scaleSetLabelsOf(c: Checker, v: unknown): string[] | undefined {
  if (!truthy(v) || !Array.isArray(v)) {
    if (truthy(v)) c.error(['scaleset', 'labels'], `must be a list of labels, found ${describe(v)}`);
    return undefined;
  }
  v.forEach((l, i) => {
    const s = l === null || l === undefined ? '' : isMap(l) || Array.isArray(l) ? undefined : String(l);
    if (s === undefined) c.error(['scaleset', 'labels', i], `must be a string, found ${describe(l)}`);
    else if (!s) c.error(['scaleset', 'labels', i], 'is empty; each label must be a non-empty string of less than 256 characters');
    else if (s.length >= 256) c.error(['scaleset', 'labels', i], `has ${s.length} characters; each label must be a non-empty string of less than 256 characters`);
  });
  return v.map(String);
}

function runnersOf(c: Checker, s: Obj): { minRunners?: number; maxRunners?: number } {
  const min = isNumber(s.minRunners) ? s.minRunners : undefined;
  const max = isNumber(s.maxRunners) ? s.maxRunners : undefined;
  for (const [key, raw] of [['minRunners', s.minRunners], ['maxRunners', s.maxRunners]] as const) {
    if (raw !== undefined && raw !== null && !isNumber(raw)) c.warn(['scaleset', key], `${describe(raw)} is not a number, so the chart leaves ${key} out; write a whole number`);
  }
  if (min !== undefined && max !== undefined && min > max) c.error(['scaleset', 'minRunners'], `${min} is greater than scaleset.maxRunners (${max}); maxRunners has to be greater or equal to minRunners`);
  if (max !== undefined && Math.trunc(max) < 0) c.error(['scaleset', 'maxRunners'], `is ${max}; maxRunners has to be greater or equal to 0`);
  if (min !== undefined && Math.trunc(min) < 0) c.error(['scaleset', 'minRunners'], `is ${min}; minRunners has to be greater or equal to 0`);
  return { ...(min !== undefined ? { minRunners: Math.trunc(min) } : {}), ...(max !== undefined ? { maxRunners: Math.trunc(max) } : {}) };
}

/** `githubServerTLS`: the CA bundle's ConfigMap and key, and where runners mount it. */
function tlsOf(c: Checker, v: unknown): { configMapName: string; key: string; mountPath?: string } | undefined {
  if (!truthy(v)) return undefined;
  const path = ['githubServerTLS'];
  const t = c.map(v, path, ['certificateFrom', 'runnerMountPath']);
  if (!t) return undefined;
  const ref = mapOr(mapOr(t.certificateFrom).configMapKeyRef);
  const refPath = [...path, 'certificateFrom', 'configMapKeyRef'];
  const mountPath = truthy(t.runnerMountPath) ? c.string(t.runnerMountPath, [...path, 'runnerMountPath']) : undefined;
  const when = mountPath ? ' when githubServerTLS.runnerMountPath is set' : ' (the listener and the runners read the CA bundle from it)';
  const configMapName = c.string(ref.name, [...refPath, 'name'], { required: true, what: `the ConfigMap holding the CA certificate${when}` });
  const key = c.string(ref.key, [...refPath, 'key'], { required: true, what: `the key of the CA certificate in the ConfigMap${when}` });
  return { configMapName: configMapName ?? '', key: key ?? '', ...(mountPath ? { mountPath } : {}) };
}

/** `resource.<key>.metadata` (labels and annotations) and the extra Role rules. */
function resourceOf(c: Checker, v: unknown): { meta: Record<string, { labels?: Obj; annotations?: Obj }>; managerRoleExtraRules?: PolicyRule[]; kubernetesModeRoleExtraRules?: PolicyRule[] } {
  const r = isMap(v) ? v : {};
  if (v !== undefined && v !== null && !isMap(v)) c.error(['resource'], `must be a map, found ${describe(v)}`);
  const meta: Record<string, { labels?: Obj; annotations?: Obj }> = {};
  for (const k of Object.keys(r)) {
    if ((EXPERIMENTAL_RESOURCE_KEYS as readonly string[]).includes(k)) continue;
    const s = suggest(k, EXPERIMENTAL_RESOURCE_KEYS);
    c.warn(['resource', k], `is not an object the chart decorates; ignored${s ? ` (did you mean "${s}"?)` : ''}`);
  }
  for (const key of EXPERIMENTAL_RESOURCE_KEYS) {
    const e = r[key];
    if (e === undefined || e === null) continue;
    const allowed = key === 'managerRole' || key === 'kubernetesModeRole' ? ['metadata', 'extraRules'] : ['metadata'];
    const m = c.map(e, ['resource', key], allowed) ?? {};
    const md = m.metadata === undefined || m.metadata === null ? {} : c.map(m.metadata, ['resource', key, 'metadata'], ['labels', 'annotations']) ?? {};
    const labels = truthy(md.labels) ? c.stringMap(md.labels, ['resource', key, 'metadata', 'labels']) && md.labels as Obj : undefined;
    const annotations = truthy(md.annotations) ? c.stringMap(md.annotations, ['resource', key, 'metadata', 'annotations']) && md.annotations as Obj : undefined;
    meta[key] = { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
  }
  const rules = (key: 'managerRole' | 'kubernetesModeRole') => {
    const x = mapOr(r[key]).extraRules;
    if (!truthy(x)) return undefined;
    if (!Array.isArray(x)) {
      c.error(['resource', key, 'extraRules'], `must be a list of RBAC policy rules, found ${describe(x)}`);
      return undefined;
    }
    x.forEach((rule, i) => {
      const p = ['resource', key, 'extraRules', i];
      const r = c.map(rule, p, ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs'], true) ?? {};
      for (const f of ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs']) {
        if (r[f] === undefined || r[f] === null) {
          if (f === 'verbs') c.error([...p, f], 'is required (a list of verbs, such as get, list, watch)');
          continue;
        }
        const l = c.list(r[f], [...p, f]) ?? [];
        l.forEach((s, j) => { if (typeof s !== 'string') c.error([...p, f, j], `must be a string, found ${describe(s)}`); });
      }
    });
    return x as never;
  };
  return { meta, managerRoleExtraRules: rules('managerRole'), kubernetesModeRoleExtraRules: rules('kubernetesModeRole') };
}

function listenerTemplateOf(c: Checker, v: unknown): { listenerTemplate?: PodTemplate } {
  if (!truthy(v)) return {};
  const t = c.map(v, ['listenerPodTemplate'], ['metadata', 'spec']);
  if (!t || (!truthy(t.metadata) && !truthy(t.spec))) return {};
  const out: Obj = {};
  if (truthy(t.metadata)) out.metadata = c.map(t.metadata, ['listenerPodTemplate', 'metadata'], ['labels', 'annotations', 'name', 'namespace']) ? t.metadata : {};
  if (truthy(t.spec)) {
    const spec = mapOr(t.spec);
    if (!isMap(t.spec)) c.error(['listenerPodTemplate', 'spec'], `must be a map (a pod spec), found ${describe(t.spec)}`);
    const containers = truthy(spec.containers) ? spec.containers : [{ name: CONTAINER.listener }];
    if (!Array.isArray(containers)) c.error(['listenerPodTemplate', 'spec', 'containers'], `must be a list of containers, found ${describe(containers)}`);
    const { containers: _c, ...rest } = spec;
    out.spec = { containers, ...rest };
  }
  return { listenerTemplate: out as PodTemplate };
}

/** `listenerMetrics`, passed as given; a metric without `labels` is one ARC's CRD refuses. */
function listenerMetricsOf(c: Checker, v: unknown): Obj | undefined {
  const m = c.map(v, ['listenerMetrics'], ['counters', 'gauges', 'histograms']);
  if (!m) return undefined;
  for (const kind of ['counters', 'gauges', 'histograms']) {
    if (m[kind] === undefined || m[kind] === null) continue;
    const metrics = c.map(m[kind], ['listenerMetrics', kind], Object.keys(mapOr(m[kind])));
    for (const [name, metric] of Object.entries(metrics ?? {})) {
      if (!isMap(metric)) c.error(['listenerMetrics', kind, name], `must be a map (labels${kind === 'histograms' ? ', buckets' : ''}), found ${describe(metric)}`);
      else if (metric.labels === undefined || metric.labels === null) {
        c.warn(['listenerMetrics', kind, name, 'labels'], `is missing: written as the chart writes it, but ARC 0.14.2's CRD requires labels on every metric (${name}), so the API server refuses the AutoscalingRunnerSet; list the labels (an empty list for none)`);
      }
    }
  }
  return m;
}

function controllerServiceAccountOf(c: Checker, v: unknown): { name: string; namespace: string } {
  if (!truthy(v)) {
    c.error(['controllerServiceAccount'], 'must be set (name and namespace of the controller\'s ServiceAccount, which the manager Role is bound to)');
    return { name: '', namespace: '' };
  }
  const m = c.map(v, ['controllerServiceAccount'], ['name', 'namespace']) ?? {};
  const name = c.name(m.name, ['controllerServiceAccount', 'name'], { required: true, what: 'the controller\'s ServiceAccount, such as arc-gha-rs-controller; controllerServiceAccount.name must be set' });
  const namespace = c.name(m.namespace, ['controllerServiceAccount', 'namespace'], { required: true, what: 'the controller\'s namespace, such as arc-systems; controllerServiceAccount.namespace must be set' });
  return { name: name ?? '', namespace: namespace ?? '' };
}

/** A named list of maps (`runner.pod.spec.containers` and the like), each with a name. */
function namedList(c: Checker, v: unknown, path: Path, what: string, reserved?: string): Obj[] {
  if (v === undefined || v === null || (Array.isArray(v) && !v.length)) return [];
  if (!Array.isArray(v)) {
    c.error(path, `must be a list of ${what}, found ${describe(v)}`);
    return [];
  }
  v.forEach((x, i) => {
    if (!isMap(x)) c.error([...path, i], `must be a map (one of the ${what}), found ${describe(x)}`);
    else if (!truthy(x.name)) c.error([...path, i, 'name'], `is required (found ${describe(x.name)}); every entry of ${path.join('.')} needs a name`);
    else if (reserved && x.name === reserved) c.error([...path, i, 'name'], `"${reserved}" is reserved: the chart makes the ${reserved} container itself; set its fields in runner.container, or rename this one`);
  });
  return v.filter(isMap);
}

/** `runner`: the mode, the runner pod, and what the mode adds. */
function runnerOf(c: Checker, v: ValueMap, name: string, tls: { configMapName: string; key: string; mountPath: string } | undefined): Pick<ExperimentalScaleSetProps, 'runnerPod' | 'runnerPodMetadata' | 'kubernetesModeRbac' | 'serviceAccountName' | 'hookExtension'> {
  const runner = mapOr(v.runner);
  const modeRaw = runner.mode === undefined || runner.mode === null ? '' : runner.mode;
  let mode: ExperimentalRunnerMode = '';
  if (typeof modeRaw !== 'string' || !MODES.includes(modeRaw)) {
    const s = typeof modeRaw === 'string' ? suggest(modeRaw, MODES.filter(Boolean)) : undefined;
    // the chart renders any other mode as the empty mode (the runner container alone): so do we, loudly
    c.warn(['runner', 'mode'], `${describe(modeRaw)} is not a runner mode${s ? ` (did you mean "${s}"?)` : ''}, so the runner container is written alone, as the chart does; allowed: kubernetes, dind, or empty`);
  } else mode = modeRaw as ExperimentalRunnerMode;

  const pod = runner.pod === undefined || runner.pod === null ? {} : runner.pod;
  if (!isMap(pod)) c.error(['runner', 'pod'], `must be a map (metadata and spec of the runner pod), found ${describe(pod)}`);
  const podMap = mapOr(pod);
  const spec = podMap.spec === undefined || podMap.spec === null ? {} : podMap.spec;
  if (!isMap(spec)) c.error(['runner', 'pod', 'spec'], `must be a map (a pod spec), found ${describe(spec)}`);
  const specMap = mapOr(spec);
  const specPath = ['runner', 'pod', 'spec'];
  const containers = namedList(c, specMap.containers, [...specPath, 'containers'], 'container specifications', CONTAINER.runner);
  const initContainers = namedList(c, specMap.initContainers, [...specPath, 'initContainers'], 'container specifications');
  const volumes = namedList(c, specMap.volumes, [...specPath, 'volumes'], 'volume specifications');
  if (specMap.serviceAccountName !== undefined) c.warn([...specPath, 'serviceAccountName'], 'is ignored: the chart sets the runner pod\'s ServiceAccount (use runner.kubernetesMode.serviceAccountName in kubernetes mode)');
  const { containers: _a, initContainers: _b, volumes: _v, serviceAccountName: _s, ...extraSpec } = specMap;

  const podMeta = podMap.metadata === undefined || podMap.metadata === null ? {} : podMap.metadata;
  if (!isMap(podMeta)) c.error(['runner', 'pod', 'metadata'], `must be a map (labels and annotations), found ${describe(podMeta)}`);
  const metaMap = mapOr(podMeta);
  for (const k of ['labels', 'annotations']) {
    if (metaMap[k] !== undefined && metaMap[k] !== null && !isMap(metaMap[k])) c.error(['runner', 'pod', 'metadata', k], `must be a map, found ${describe(metaMap[k])}`);
  }

  const container = runner.container === undefined || runner.container === null ? undefined : runner.container;
  if (container !== undefined && !isMap(container)) c.error(['runner', 'container'], `must be a map (the runner container's fields), found ${describe(container)}`);
  const containerMap = mapOr(container);
  if (mode === '' && !truthy(container)) c.error(['runner', 'container'], 'is required: provide a runner container specification in runner.container (image and command at least)');
  if (mode !== '') {
    if (containerMap.image !== undefined && containerMap.image !== null && typeof containerMap.image !== 'string') c.error(['runner', 'container', 'image'], `must be a string, found ${describe(containerMap.image)}`);
    if (truthy(containerMap.command) && !Array.isArray(containerMap.command)) c.error(['runner', 'container', 'command'], `must be a list, found ${describe(containerMap.command)}`);
  }
  for (const k of ['env', 'volumeMounts']) {
    if (truthy(containerMap[k]) && !Array.isArray(containerMap[k])) c.error(['runner', 'container', k], `must be a list, found ${describe(containerMap[k])}`);
  }
  const env = runner.env === undefined || runner.env === null ? [] : runner.env;
  if (!Array.isArray(env)) c.error(['runner', 'env'], `must be a list of environment variables, found ${describe(env)}`);
  const envList = (Array.isArray(env) ? env : []) as Obj[];
  if (mode === '' && envList.length) c.warn(['runner', 'env'], 'is not read in the empty runner mode (the chart reads runner.container.env there); ignored');
  if (mode !== '') {
    const ignored = Object.keys(containerMap).filter((k) => k !== 'image' && k !== 'command');
    if (ignored.length) c.warn(['runner', 'container'], `${ignored.join(', ')}: not read in runner mode "${mode}" (the chart takes only image and command there; use runner.env for env); ignored`);
  }

  const dind = dindOf(c, mapOr(runner.dind), mode === EXPERIMENTAL.mode.dind);
  const kube = mapOr(runner.kubernetesMode);
  const k = kubernetesOf(c, kube, name, mode === EXPERIMENTAL.mode.kubernetes);
  const serviceAccountName = truthy(kube.serviceAccountName) ? c.dnsSubdomain(kube.serviceAccountName, ['runner', 'kubernetesMode', 'serviceAccountName']) : undefined;
  if (kube.default === false) {
    c.warn(['runner', 'kubernetesMode', 'default'], 'false is read as true by the chart (`default true` takes false for unset), so the kubernetes-mode ServiceAccount, Role and RoleBinding are written unless runner.kubernetesMode.serviceAccountName is set');
  }
  return {
    runnerPod: {
      mode,
      container: containerMap,
      env: envList,
      dind,
      kubernetes: k.kubernetes,
      ...(tls ? { tls } : {}),
      containers,
      initContainers,
      volumes,
      extraSpec,
    },
    runnerPodMetadata: { labels: mapOr(metaMap.labels), annotations: mapOr(metaMap.annotations) },
    kubernetesModeRbac: mode === EXPERIMENTAL.mode.kubernetes && !serviceAccountName,
    ...(mode === EXPERIMENTAL.mode.kubernetes && serviceAccountName ? { serviceAccountName } : {}),
    ...(k.hookExtension ? { hookExtension: k.hookExtension } : {}),
  };
}

function dindOf(c: Checker, d: Obj, used: boolean): ExperimentalScaleSetProps['runnerPod']['dind'] {
  const path = ['runner', 'dind'];
  const container = d.container === undefined || d.container === null ? {} : d.container;
  const sock = d.dockerSock === undefined || d.dockerSock === null || d.dockerSock === '' ? 'unix:///var/run/docker.sock' : d.dockerSock;
  const wait = d.waitForDockerInSeconds === undefined || d.waitForDockerInSeconds === null || d.waitForDockerInSeconds === 0 ? EXPERIMENTAL.dockerWaitSeconds : d.waitForDockerInSeconds;
  if (used) {
    if (!isMap(container)) c.error([...path, 'container'], `must be a map (the dind container's fields), found ${describe(container)}`);
    const cm = mapOr(container);
    for (const [key, kind] of [['env', 'list'], ['volumeMounts', 'list'], ['args', 'list'], ['securityContext', 'map'], ['startupProbe', 'map']] as const) {
      if (!(key in cm) || cm[key] === null) continue;
      const ok = kind === 'list' ? Array.isArray(cm[key]) : isMap(cm[key]);
      if (!ok) c.error([...path, 'container', key], `must be a ${kind}, found ${describe(cm[key])}`);
    }
    if ('volumes' in cm) c.error([...path, 'container', 'volumes'], 'is not supported; use runner.pod.spec.volumes');
    if (typeof sock !== 'string') c.error([...path, 'dockerSock'], `must be a string, found ${describe(sock)}`);
    if (!isNumber(wait)) c.error([...path, 'waitForDockerInSeconds'], `must be a number, found ${describe(wait)}`);
    else if (Math.trunc(wait) < 0) c.error([...path, 'waitForDockerInSeconds'], `must be non-negative, found ${wait}`);
  }
  const gid = d.dockerGroupId === undefined || d.dockerGroupId === null || d.dockerGroupId === '' || d.dockerGroupId === 0 ? '123' : String(d.dockerGroupId);
  return {
    copyRunnerExternals: truthy(d.copyRunnerExternals),
    dockerGroupId: gid,
    dockerSock: String(sock),
    waitForDockerInSeconds: isNumber(wait) ? wait : EXPERIMENTAL.dockerWaitSeconds,
    container: mapOr(container),
  };
}

function kubernetesOf(c: Checker, k: Obj, name: string, used: boolean): { kubernetes: ExperimentalScaleSetProps['runnerPod']['kubernetes']; hookExtension?: { name: string; data: string } } {
  const path = ['runner', 'kubernetesMode'];
  const hookPathRaw = truthy(k.hookPath) ? k.hookPath : PATH.kubeHooks;
  const refRaw = truthy(k.extensionRef) ? k.extensionRef : '';
  const extension = truthy(k.extension) ? k.extension : {};
  const claim = truthy(k.workVolumeClaim) ? k.workVolumeClaim : {};
  const require = 'requireJobContainer' in k && k.requireJobContainer !== null ? k.requireJobContainer : true;
  if (used) {
    if (typeof hookPathRaw !== 'string') c.error([...path, 'hookPath'], `must be a string, found ${describe(hookPathRaw)}`);
    if (typeof refRaw !== 'string') c.error([...path, 'extensionRef'], `must be a string (the name of an existing ConfigMap), found ${describe(refRaw)}`);
    if (!refRaw && 'extension' in k && k.extension !== null && !isMap(extension)) c.error([...path, 'extension'], `must be a map (metadata and yaml) when runner.kubernetesMode.extensionRef is empty, found ${describe(extension)}`);
    if (typeof require !== 'boolean') c.error([...path, 'requireJobContainer'], `must be true or false, found ${describe(require)}`);
    if (!isMap(claim)) c.error([...path, 'workVolumeClaim'], `must be a map (a PersistentVolumeClaim spec), found ${describe(claim)}`);
    if (require === false) c.warn([...path, 'requireJobContainer'], 'is false: jobs without a container run in the runner container itself');
  }
  const ext = mapOr(extension);
  const extMeta = ext.metadata === undefined || ext.metadata === null ? {} : ext.metadata;
  const yamlRaw = 'yaml' in ext ? ext.yaml : '';
  let yamlText = '';
  if (used && !refRaw) {
    if (!isMap(extMeta)) c.error([...path, 'extension', 'metadata'], `must be a map, found ${describe(extMeta)}`);
    const extName = mapOr(extMeta).name;
    if (extName !== undefined && extName !== null && typeof extName !== 'string') c.error([...path, 'extension', 'metadata', 'name'], `must be a string, found ${describe(extName)}`);
    if (truthy(yamlRaw) && typeof yamlRaw !== 'string' && !isMap(yamlRaw)) c.error([...path, 'extension', 'yaml'], `must be a string or a map (a pod template: metadata and spec), found ${describe(yamlRaw)}`);
  }
  if (truthy(yamlRaw)) yamlText = typeof yamlRaw === 'string' ? yamlRaw : isMap(yamlRaw) ? hookExtensionYaml(yamlRaw) : '';
  const extName = typeof mapOr(extMeta).name === 'string' && mapOr(extMeta).name ? String(mapOr(extMeta).name) : experimentalScaleSetNames(name).hookExtension;
  const ref = typeof refRaw === 'string' ? refRaw : '';
  const configMap = ref || (yamlText ? extName : undefined);
  if (used && configMap) c.dnsSubdomain(configMap, ref ? [...path, 'extensionRef'] : [...path, 'extension', 'metadata', 'name']);
  return {
    kubernetes: {
      hookPath: typeof hookPathRaw === 'string' ? hookPathRaw : PATH.kubeHooks,
      requireJobContainer: require !== false,
      workVolumeClaim: mergeOverwrite(EXPERIMENTAL.workVolumeClaim as unknown as Obj, mapOr(claim)),
      ...(configMap ? { extensionConfigMap: configMap } : {}),
    },
    ...(used && !ref && yamlText ? { hookExtension: { name: extName, data: yamlText.replace(/\n+$/, '') } } : {}),
  };
}
