/**
 * `kind: KubernetesGhaRunnerScaleSet`: the spec-file format of the Pulumi/Terraform
 * modules this project replaces, its checks, and the warnings for valid specs that will hurt.
 */
import { CONTAINER, DEFAULT_ACCESS_MODE, DEFAULT_MAX_RUNNERS, DEFAULT_MIN_RUNNERS, HOOK_EXTENSION, HOOKS_JOB_POD, VOLUME } from '../constants';
import type { AutoscalingRunnerSetSpecVaultConfig } from '../../imports/actions.github.com';
import type { ScaleSetResourceMeta } from '../constructs/gha-runner-scale-set';
import type { EnvVar, PodTemplate, PolicyRule } from '../k8s';
import { Proxy, hookPodTemplate, keyVault, podTemplate, policyRules, proxy, resourceMeta, runnerCount, scaleSetLabels } from './chart-fields';
import { Checker, describe } from './checker';
import { Path, formatPath } from '../rules/words';
import { CredentialSources, PROCESS_SOURCES, credential, privateKey } from './credentials';
import { hasUserInfo } from '../rules/redact';
import { labelValueProblem, qualifiedNameProblem } from '../rules/metadata';
import type { ExternalSecretOptions } from '../constructs/github-auth';
import { externalSecretSpec } from './external-secret';
import { githubConfigUrlProblem, kubeVersionProblem, namespaceProblem, ownScaleSetNameProblem, runnerRangeProblem, scaleSetNameProblem } from '../rules/scale-set';
import { releaseNameProblem } from '../rules/controller';
import { credentialWordProblem } from '../rules/credentials';
import type { RunnerEgressPolicyOptions } from '../rules/egress-policy';
import { PodSecuritySpec, egressPolicy, podSecurity } from './security-fields';

export const CONTAINER_MODE_TYPES = ['DIND', 'KUBERNETES', 'KUBERNETES_NO_VOLUME', 'DEFAULT'] as const;
export type ContainerModeTypeName = typeof CONTAINER_MODE_TYPES[number];
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

export interface ScaleSetSpec {
  readonly name: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly github: {
    readonly configUrl: string;
    readonly patToken?: { readonly token: string };
    readonly githubApp?: { readonly appId: string; readonly installationId: string; readonly privateKey: string };
    readonly existingSecretName?: string;
    /** Credentials the External Secrets Operator reads from a secret manager. */
    readonly externalSecret?: ExternalSecretOptions;
  };
  readonly minRunners: number;
  readonly maxRunners: number;
  readonly runnerGroup?: string;
  readonly runnerScaleSetName: string;
  readonly containerMode: {
    readonly type: ContainerModeTypeName;
    readonly workVolumeClaim?: { readonly storageClass?: string; readonly size: string; readonly accessModes: string[] };
    /** Rules added to the kube-mode Role (KUBERNETES and KUBERNETES_NO_VOLUME). */
    readonly kubernetesModeAdditionalRoleRules?: PolicyRule[];
    /** The job-pod template the container hooks merge into every job pod (KUBERNETES and KUBERNETES_NO_VOLUME). */
    readonly hookTemplate?: PodTemplate;
    /** An existing ConfigMap holding a hook template under the key `extension`, instead of `hookTemplate`. */
    readonly hookTemplateConfigMap?: string;
  };
  readonly runner: {
    readonly image?: { readonly repository?: string; readonly tag?: string; readonly pullPolicy?: string };
    readonly resources?: { readonly limits?: Record<string, string>; readonly requests?: Record<string, string> };
    readonly env: { readonly name: string; readonly value?: string; readonly valueFrom?: Record<string, unknown> }[];
    readonly volumeMounts: { readonly name: string; readonly mountPath: string; readonly subPath?: string; readonly readOnly?: boolean }[];
  };
  readonly persistentVolumes: {
    readonly name: string;
    readonly storageClass?: string;
    readonly size: string;
    readonly accessModes: string[];
    readonly mountPath: string;
    readonly readOnly: boolean;
  }[];
  readonly controllerServiceAccount?: { readonly namespace: string; readonly name: string };
  readonly imagePullSecrets: string[];
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** Proxy the controller and listener use to reach GitHub. */
  readonly proxy?: Proxy;
  /** CA bundle of a GitHub Enterprise Server, from a ConfigMap. */
  readonly githubServerTLS?: { readonly configMapName: string; readonly key: string; readonly runnerMountPath?: string };
  /** Labels GitHub matches `runs-on` against, beside the name. */
  readonly scaleSetLabels?: string[];
  readonly listenerTemplate?: PodTemplate;
  readonly listenerMetrics?: Record<string, unknown>;
  readonly keyVault?: AutoscalingRunnerSetSpecVaultConfig;
  readonly resourceMeta?: ScaleSetResourceMeta;
  /** The runner pod template, merged the way the chart merges `template`. */
  readonly template?: PodTemplate;
  readonly kubeVersion?: string;
  /** The Pod Security level of the namespace, and a hardened runner. */
  readonly podSecurity?: PodSecuritySpec;
  /** A NetworkPolicy limiting the runners' egress. */
  readonly egressPolicy?: RunnerEgressPolicyOptions;
}

const METADATA_FIELDS = ['name', 'id', 'org', 'env', 'labels', 'annotations', 'tags', 'version'];
const SPEC_FIELDS = [
  'namespace', 'createNamespace', 'github', 'scaling', 'runnerGroup', 'runnerScaleSetName', 'containerMode',
  'runner', 'persistentVolumes', 'controllerServiceAccount', 'imagePullSecrets', 'labels', 'annotations',
  'proxy', 'githubServerTLS', 'scaleSetLabels', 'listenerTemplate', 'listenerMetrics', 'keyVault', 'resourceMeta',
  'template', 'kubeVersion', 'podSecurity', 'egressPolicy',
];
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Volume names the container modes use themselves. */
const RESERVED_VOLUMES: readonly string[] = Object.values(VOLUME);

export function labels(c: Checker, v: unknown, path: Path): Record<string, string> | undefined {
  const m = c.stringMap(v, path);
  if (!m) return undefined;
  for (const [k, val] of Object.entries(m)) {
    const problem = qualifiedNameProblem(k, 'label') ?? labelValueProblem(val);
    if (problem) c.error([...path, k], problem);
  }
  return m;
}

function accessModes(c: Checker, v: unknown, path: Path): string[] {
  const list = c.list(v, path);
  if (!list) return [DEFAULT_ACCESS_MODE];
  if (!list.length) c.error(path, `must name at least one access mode; allowed: ${ACCESS_MODES.join(', ')}`);
  const out = list.map((m, i) => c.oneOf(m, [...path, i], ACCESS_MODES, true)).filter((m): m is typeof ACCESS_MODES[number] => !!m);
  return out.length ? out : [DEFAULT_ACCESS_MODE];
}

/** A container's env list: valid, unique names; `value` or `valueFrom`. */
export function envVars(c: Checker, v: unknown, listPath: Path): EnvVar[] {
  const names = new Set<string>();
  const env: EnvVar[] = [];
  (c.list(v, listPath) ?? []).forEach((raw, i) => {
    const path = [...listPath, i];
    const e = c.map(raw, path, ['name', 'value', 'valueFrom'], true) ?? {};
    const name = c.name(e.name, [...path, 'name'], { required: true, what: 'an environment variable name' });
    if (name && !ENV_NAME.test(name)) c.error([...path, 'name'], `${describe(name)} is not a valid environment variable name (letters, digits, "_", "-", ".", not starting with a digit)`);
    else if (name && names.has(name)) c.error([...path, 'name'], `"${name}" is set twice; each name once`);
    if (name) names.add(name);
    const value = e.value === '' ? '' : c.string(e.value, [...path, 'value']);
    const valueFrom = c.map(e.valueFrom, [...path, 'valueFrom'], ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef']);
    if (value !== undefined && valueFrom) c.error(path, 'sets both value and valueFrom; set one');
    if (name) env.push({ name, ...(value !== undefined ? { value } : {}), ...(valueFrom ? { valueFrom } : {}) });
  });
  return env;
}

export function resources(c: Checker, v: unknown, path: Path): ScaleSetSpec['runner']['resources'] {
  const r = c.map(v, path, ['limits', 'requests']);
  if (!r) return undefined;
  const amounts = (x: unknown, p: Path) => c.stringMap(x, p, (s, q) => c.quantity(s, q, true));
  return {
    ...(r.limits !== undefined ? { limits: amounts(r.limits, [...path, 'limits']) } : {}),
    ...(r.requests !== undefined ? { requests: amounts(r.requests, [...path, 'requests']) } : {}),
  };
}

/** Does a spec's pod template bring its own `work` volume (which replaces the mode's)? */
function templateHasWorkVolume(t: unknown): boolean {
  const volumes = (t as PodTemplate | undefined)?.spec?.volumes;
  return Array.isArray(volumes) && volumes.some((v) => v?.name === VOLUME.work);
}

/**
 * Reads and checks one `KubernetesGhaRunnerScaleSet` document. Problems go to the checker;
 * the result is complete only when the checker has none.
 */
export function parseScaleSetSpec(c: Checker, doc: Record<string, unknown>, sources: CredentialSources = PROCESS_SOURCES): ScaleSetSpec {
  const md = c.map(doc.metadata, ['metadata'], METADATA_FIELDS, true) ?? {};
  const name = c.name(md.name, ['metadata', 'name'], { required: true, what: 'the release name' }) ?? '';
  const s = c.map(doc.spec, ['spec'], SPEC_FIELDS, true) ?? {};

  let nsValue = s.namespace;
  if (nsValue && typeof nsValue === 'object' && !Array.isArray(nsValue)) {
    nsValue = c.map(nsValue, ['spec', 'namespace'], ['value'])?.value;
  }
  const namespace = c.ruledName(nsValue, ['spec', 'namespace'], namespaceProblem, { required: true, what: 'the namespace of the scale set' }) ?? '';
  const createNamespace = c.boolean(s.createNamespace, ['spec', 'createNamespace']) ?? false;

  const g = c.map(s.github, ['spec', 'github'], ['configUrl', 'patToken', 'githubApp', 'existingSecretName', 'externalSecret'], true) ?? {};
  const configUrl = c.string(g.configUrl, ['spec', 'github', 'configUrl'], { required: true, what: 'https://github.com/<org>[/<repo>] or https://<ghes-host>/enterprises/<slug>' }) ?? '';
  if (configUrl && hasUserInfo(configUrl)) {
    c.error(['spec', 'github', 'configUrl'], 'holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; remove them and give the token in spec.github.patToken.token (or githubApp, or a Secret named by existingSecretName)');
  } else if (configUrl) {
    const why = githubConfigUrlProblem(configUrl);
    if (why) c.error(['spec', 'github', 'configUrl'], why);
  }
  const methods = (['patToken', 'githubApp', 'existingSecretName', 'externalSecret'] as const).filter((k) => g[k] !== undefined && g[k] !== null);
  if (methods.length !== 1 && Object.keys(g).length) {
    c.error(['spec', 'github'], `must set exactly one of patToken, githubApp, existingSecretName, externalSecret; found ${methods.length ? methods.join(' and ') : 'none'}`);
  }
  const inline: Path[] = [];
  const read = (v: unknown, path: Path, what: string) => {
    const cred = credential(c, v, path, what, sources);
    if (cred?.inline) inline.push(path);
    return cred;
  };
  /** A token or an ID: one word (a PEM or two lines read from a file would be written as they are). */
  const readWord = (v: unknown, path: Path, what: string) => {
    const cred = read(v, path, what);
    const problem = cred && credentialWordProblem(cred.value, what);
    if (!problem) return cred;
    c.error(path, problem);
    return undefined;
  };
  /** A credential map with a YAML tag: an error like a tagged credential field, and nothing under it is read (or shown). */
  const untagged = (path: Path, fields: string) => {
    if (!c.hasTag(path)) return true;
    c.error(path, `has a YAML tag ("!" before the map), which changes what is read; write the map (${fields}) without one`);
    return false;
  };
  let patToken: ScaleSetSpec['github']['patToken'];
  if (g.patToken !== undefined && untagged(['spec', 'github', 'patToken'], 'token')) {
    const path = ['spec', 'github', 'patToken'];
    const p = c.map(g.patToken, path, ['token'], true);
    const token = p && readWord(p.token, [...path, 'token'], 'a GitHub personal access token');
    if (token) patToken = { token: token.value };
  }
  let githubApp: ScaleSetSpec['github']['githubApp'];
  const appPath = ['spec', 'github', 'githubApp'];
  const app = g.githubApp !== undefined && untagged(appPath, 'appId, installationId, privateKeyBase64') ? c.map(g.githubApp, appPath, ['appId', 'installationId', 'privateKeyBase64'], true) : undefined;
  if (app) {
    const appId = readWord(app.appId, [...appPath, 'appId'], 'the GitHub App ID');
    const installationId = readWord(app.installationId, [...appPath, 'installationId'], 'the installation ID');
    const key = read(app.privateKeyBase64, [...appPath, 'privateKeyBase64'], 'the App private key (base64 of the PEM; from a variable or file, the PEM itself too)');
    const pem = key && privateKey(c, key, [...appPath, 'privateKeyBase64']);
    if (appId && installationId && pem) githubApp = { appId: appId.value, installationId: installationId.value, privateKey: pem };
  }
  if (inline.length) {
    const many = inline.length > 1;
    c.warn(['spec', 'github'], `${inline.map((p) => formatPath(p.slice(2))).join(', ')} ${many ? 'are' : 'is'} written in the spec file itself; to commit the spec, read ${many ? 'them' : 'it'} from outside with {fromEnv: NAME} or {fromFile: PATH}`);
  }
  const existingSecretName = g.existingSecretName !== undefined
    ? c.dnsSubdomain(g.existingSecretName, ['spec', 'github', 'existingSecretName'], true) : undefined;
  const externalSecret = g.externalSecret !== undefined && g.externalSecret !== null
    ? externalSecretSpec(c, g.externalSecret, ['spec', 'github', 'externalSecret']) : undefined;

  const sc = c.map(s.scaling, ['spec', 'scaling'], ['minRunners', 'maxRunners']) ?? {};
  const before = c.problems.length;
  const minRunners = runnerCount(c, sc.minRunners, ['spec', 'scaling', 'minRunners'], 'minRunners') ?? DEFAULT_MIN_RUNNERS;
  const maxRunners = runnerCount(c, sc.maxRunners, ['spec', 'scaling', 'maxRunners'], 'maxRunners') ?? DEFAULT_MAX_RUNNERS;
  // compared only when both are valid: a default taken in place of a wrong count proves nothing
  const range = c.problems.length === before ? runnerRangeProblem(minRunners, maxRunners) : undefined;
  if (range) c.error(['spec', 'scaling', 'minRunners'], range);

  const runnerGroup = c.name(s.runnerGroup, ['spec', 'runnerGroup']);
  let runnerScaleSetName = c.name(s.runnerScaleSetName, ['spec', 'runnerScaleSetName']);
  const ownName = runnerScaleSetName !== undefined ? ownScaleSetNameProblem(runnerScaleSetName) : undefined;
  if (ownName) {
    c.error(['spec', 'runnerScaleSetName'], ownName);
    runnerScaleSetName = undefined;
  }
  // metadata.name is the scale set name unless runnerScaleSetName is set (its characters are checked as a name's)
  const nameAsScaleSet = runnerScaleSetName === undefined && name ? scaleSetNameProblem(name) : undefined;
  if (nameAsScaleSet) c.error(['metadata', 'name'], `${nameAsScaleSet}: shorten it or set spec.runnerScaleSetName`);
  // the Helm release name the Project Planton modules install (and `--release` with values): one rule, reported once
  const badRelease = name && !nameAsScaleSet ? releaseNameProblem(name) : undefined;
  if (badRelease) c.error(['metadata', 'name'], badRelease);

  const cm = c.map(s.containerMode, ['spec', 'containerMode'], ['type', 'workVolumeClaim', 'kubernetesModeAdditionalRoleRules', 'hookTemplate', 'hookTemplateConfigMap']) ?? {};
  const type = (s.containerMode !== undefined ? c.oneOf(cm.type, ['spec', 'containerMode', 'type'], CONTAINER_MODE_TYPES, true) : undefined) ?? 'DEFAULT';
  let workVolumeClaim: ScaleSetSpec['containerMode']['workVolumeClaim'];
  const wvcPath = ['spec', 'containerMode', 'workVolumeClaim'];
  if (cm.workVolumeClaim !== undefined) {
    const w = c.map(cm.workVolumeClaim, wvcPath, ['storageClass', 'size', 'accessModes']) ?? {};
    const size = c.quantity(w.size, [...wvcPath, 'size'], type === 'KUBERNETES');
    const storageClass = c.dnsSubdomain(w.storageClass, [...wvcPath, 'storageClass']);
    const modes = accessModes(c, w.accessModes, [...wvcPath, 'accessModes']);
    if (size) workVolumeClaim = { size, accessModes: modes, ...(storageClass ? { storageClass } : {}) };
    if (type !== 'KUBERNETES') c.warn(wvcPath, `is used only in KUBERNETES mode; ignored in ${type}`);
  } else if (type === 'KUBERNETES' && !templateHasWorkVolume(s.template)) {
    c.error(wvcPath, 'is required in KUBERNETES mode (at least a size, such as 10Gi): it is each runner\'s ephemeral work volume');
  }

  const rulesPath = ['spec', 'containerMode', 'kubernetesModeAdditionalRoleRules'];
  const kubernetesModeAdditionalRoleRules = policyRules(c, cm.kubernetesModeAdditionalRoleRules, rulesPath);
  if (kubernetesModeAdditionalRoleRules && type !== 'KUBERNETES' && type !== 'KUBERNETES_NO_VOLUME') {
    c.warn(rulesPath, `is used only in KUBERNETES and KUBERNETES_NO_VOLUME modes; ignored in ${type}`);
  }

  const hookPath = ['spec', 'containerMode', 'hookTemplate'];
  const hookTemplate = hookPodTemplate(c, cm.hookTemplate, hookPath);
  if (hookTemplate) checkHookTemplate(c, hookTemplate, hookPath, HOOKS_OWN_VOLUMES[type] ?? []);
  const hookRefPath = ['spec', 'containerMode', 'hookTemplateConfigMap'];
  const hookTemplateConfigMap = c.dnsSubdomain(cm.hookTemplateConfigMap, hookRefPath);
  if (hookTemplate && hookTemplateConfigMap) c.error(hookRefPath, 'cannot be combined with spec.containerMode.hookTemplate: give the template, or the ConfigMap holding it');
  for (const [given, p] of [[hookTemplate, hookPath], [hookTemplateConfigMap, hookRefPath]] as const) {
    if (given && type !== 'KUBERNETES' && type !== 'KUBERNETES_NO_VOLUME') c.warn(p, `is used only in KUBERNETES and KUBERNETES_NO_VOLUME modes (the container hooks read it); ignored in ${type}`);
  }

  const persistentVolumes: ScaleSetSpec['persistentVolumes'] = [];
  const pvNames = new Set<string>();
  (c.list(s.persistentVolumes, ['spec', 'persistentVolumes']) ?? []).forEach((raw, i) => {
    const path = ['spec', 'persistentVolumes', i];
    const v = c.map(raw, path, ['name', 'storageClass', 'size', 'accessModes', 'mountPath', 'readOnly'], true) ?? {};
    const vname = c.dnsLabel(v.name, [...path, 'name'], { required: true });
    if (vname && pvNames.has(vname)) c.error([...path, 'name'], `"${vname}" is used by another persistent volume; names must be unique`);
    if (vname && RESERVED_VOLUMES.includes(vname)) c.error([...path, 'name'], `"${vname}" is a volume the container modes use; choose another name`);
    if (vname) pvNames.add(vname);
    const size = c.quantity(v.size, [...path, 'size'], true);
    const mountPath = c.absolutePath(v.mountPath, [...path, 'mountPath'], true);
    const storageClass = c.dnsSubdomain(v.storageClass, [...path, 'storageClass']);
    const modes = accessModes(c, v.accessModes, [...path, 'accessModes']);
    const readOnly = c.boolean(v.readOnly, [...path, 'readOnly']) ?? false;
    if (vname && size && mountPath) persistentVolumes.push({ name: vname, size, mountPath, accessModes: modes, readOnly, ...(storageClass ? { storageClass } : {}) });
  });

  const r = c.map(s.runner, ['spec', 'runner'], ['image', 'resources', 'env', 'volumeMounts']) ?? {};
  const img = c.map(r.image, ['spec', 'runner', 'image'], ['repository', 'tag', 'pullPolicy']);
  const image = img ? {
    repository: c.string(img.repository, ['spec', 'runner', 'image', 'repository']),
    tag: c.name(img.tag, ['spec', 'runner', 'image', 'tag']),
    pullPolicy: c.oneOf(img.pullPolicy, ['spec', 'runner', 'image', 'pullPolicy'], PULL_POLICIES),
  } : undefined;
  const env = envVars(c, r.env, ['spec', 'runner', 'env']);
  const volumeMounts: ScaleSetSpec['runner']['volumeMounts'] = [];
  (c.list(r.volumeMounts, ['spec', 'runner', 'volumeMounts']) ?? []).forEach((raw, i) => {
    const path = ['spec', 'runner', 'volumeMounts', i];
    const m = c.map(raw, path, ['name', 'mountPath', 'subPath', 'readOnly'], true) ?? {};
    const mname = c.name(m.name, [...path, 'name'], { required: true, what: 'the name of a persistent volume' });
    if (mname && !pvNames.has(mname)) {
      c.error([...path, 'name'], `"${mname}" names no persistent volume; ${pvNames.size ? `defined: ${[...pvNames].join(', ')}` : 'define it under spec.persistentVolumes'}`);
    }
    const mountPath = c.absolutePath(m.mountPath, [...path, 'mountPath'], true);
    const subPath = c.string(m.subPath, [...path, 'subPath']);
    if (subPath && (subPath.startsWith('/') || subPath.split('/').includes('..'))) c.error([...path, 'subPath'], `${describe(subPath)} must be a relative path without ".."`);
    const readOnly = c.boolean(m.readOnly, [...path, 'readOnly']);
    if (mname && mountPath) volumeMounts.push({ name: mname, mountPath, ...(subPath ? { subPath } : {}), ...(readOnly ? { readOnly } : {}) });
  });

  let controllerServiceAccount: ScaleSetSpec['controllerServiceAccount'];
  if (s.controllerServiceAccount !== undefined) {
    const path = ['spec', 'controllerServiceAccount'];
    const a = c.map(s.controllerServiceAccount, path, ['namespace', 'name'], true) ?? {};
    const csaNs = c.ruledName(a.namespace, [...path, 'namespace'], namespaceProblem, { required: true, what: 'the namespace of the controller' });
    const csaName = c.dnsSubdomain(a.name, [...path, 'name'], true);
    if (csaNs && csaName) controllerServiceAccount = { namespace: csaNs, name: csaName };
  }

  const imagePullSecrets = (c.list(s.imagePullSecrets, ['spec', 'imagePullSecrets']) ?? [])
    .map((x, i) => c.dnsSubdomain(x && typeof x === 'object' && !Array.isArray(x) ? c.map(x, ['spec', 'imagePullSecrets', i], ['name'])?.name : x, ['spec', 'imagePullSecrets', i], true))
    .filter((x): x is string => !!x);

  let githubServerTLS: ScaleSetSpec['githubServerTLS'];
  if (s.githubServerTLS !== undefined) {
    const path = ['spec', 'githubServerTLS'];
    const t = c.map(s.githubServerTLS, path, ['configMapName', 'key', 'runnerMountPath'], true) ?? {};
    const configMapName = c.dnsSubdomain(t.configMapName, [...path, 'configMapName'], true);
    const key = c.string(t.key, [...path, 'key'], { required: true, what: 'the key of the CA certificate in the ConfigMap' });
    const runnerMountPath = c.absolutePath(t.runnerMountPath, [...path, 'runnerMountPath']);
    if (configMapName && key) githubServerTLS = { configMapName, key, ...(runnerMountPath ? { runnerMountPath } : {}) };
  }
  const kubeVersion = c.string(s.kubeVersion, ['spec', 'kubeVersion']);
  const badKubeVersion = kubeVersion !== undefined ? kubeVersionProblem(kubeVersion) : undefined;
  if (badKubeVersion) c.error(['spec', 'kubeVersion'], badKubeVersion);
  const proxySpec = proxy(c, s.proxy, ['spec', 'proxy']);
  const labelsOfScaleSet = scaleSetLabels(c, s.scaleSetLabels, ['spec', 'scaleSetLabels']);
  const listenerTemplate = podTemplate(c, s.listenerTemplate, ['spec', 'listenerTemplate']);
  const listenerMetrics = s.listenerMetrics !== undefined ? c.map(s.listenerMetrics, ['spec', 'listenerMetrics'], ['counters', 'gauges', 'histograms']) : undefined;
  const vault = keyVault(c, s.keyVault, ['spec', 'keyVault']);
  const meta = resourceMeta(c, s.resourceMeta, ['spec', 'resourceMeta'], 'error');
  const template = podTemplate(c, s.template, ['spec', 'template']);
  if (template) checkTemplatePod(c, template, image?.repository || image?.tag ? 'image' : undefined);
  const security = s.podSecurity !== undefined ? podSecurity(c, s.podSecurity, ['spec', 'podSecurity'], type) : undefined;
  const egress = s.egressPolicy !== undefined ? egressPolicy(c, s.egressPolicy, ['spec', 'egressPolicy'], type) : undefined;

  const spec: ScaleSetSpec = {
    name,
    namespace,
    createNamespace,
    github: { configUrl, ...(patToken ? { patToken } : {}), ...(githubApp ? { githubApp } : {}), ...(existingSecretName ? { existingSecretName } : {}),
      ...(externalSecret ? { externalSecret } : {}),
    },
    minRunners,
    maxRunners,
    ...(runnerGroup ? { runnerGroup } : {}),
    runnerScaleSetName: runnerScaleSetName ?? name,
    containerMode: {
      type,
      ...(workVolumeClaim ? { workVolumeClaim } : {}),
      ...(kubernetesModeAdditionalRoleRules ? { kubernetesModeAdditionalRoleRules } : {}),
      ...(hookTemplate && (type === 'KUBERNETES' || type === 'KUBERNETES_NO_VOLUME') ? { hookTemplate } : {}),
      ...(hookTemplateConfigMap && (type === 'KUBERNETES' || type === 'KUBERNETES_NO_VOLUME') ? { hookTemplateConfigMap } : {}),
    },
    runner: {
      ...(image ? { image } : {}),
      ...(r.resources !== undefined ? { resources: resources(c, r.resources, ['spec', 'runner', 'resources']) } : {}),
      env,
      volumeMounts,
    },
    persistentVolumes,
    ...(controllerServiceAccount ? { controllerServiceAccount } : {}),
    imagePullSecrets,
    ...(s.labels !== undefined ? { labels: labels(c, s.labels, ['spec', 'labels']) } : {}),
    ...(s.annotations !== undefined ? { annotations: c.stringMap(s.annotations, ['spec', 'annotations']) } : {}),
    ...(proxySpec ? { proxy: proxySpec } : {}),
    ...(githubServerTLS ? { githubServerTLS } : {}),
    ...(labelsOfScaleSet?.length ? { scaleSetLabels: labelsOfScaleSet } : {}),
    ...(listenerTemplate ? { listenerTemplate } : {}),
    ...(listenerMetrics ? { listenerMetrics } : {}),
    ...(vault ? { keyVault: vault } : {}),
    ...(meta ? { resourceMeta: meta } : {}),
    ...(template ? { template } : {}),
    ...(kubeVersion ? { kubeVersion } : {}),
    ...(security ? { podSecurity: security } : {}),
    ...(egress ? { egressPolicy: egress } : {}),
  };
  warnAboutRisks(c, spec);
  return spec;
}

/** The volumes the hooks give their job pods: a template's volume of the same name would make a pod Kubernetes refuses. */
const HOOKS_OWN_VOLUMES: Partial<Record<ContainerModeTypeName, readonly string[]>> = {
  KUBERNETES: [VOLUME.work],
  KUBERNETES_NO_VOLUME: HOOKS_JOB_POD.noVolumeVolumes,
};

/**
 * What the container hooks make of a hook template: `$job` is merged into the job container
 * (whose image stays the workflow's), other `$name` entries into the service containers of that
 * name, any other container is added to every job pod (so it needs an image), volumes are added.
 */
function checkHookTemplate(c: Checker, t: PodTemplate, path: Path, ownVolumes: readonly string[]): void {
  const spec = (t.spec ?? {}) as Record<string, unknown>;
  const containers = Array.isArray(spec.containers) ? spec.containers as Record<string, unknown>[] : [];
  containers.forEach((ct, i) => {
    if (!ct || typeof ct !== 'object') return;
    const p = [...path, 'spec', 'containers', i];
    const name = typeof ct.name === 'string' ? ct.name : '';
    if (name.startsWith(HOOK_EXTENSION.containerPrefix)) {
      if (ct.image !== undefined) c.warn([...p, 'image'], `is ignored: the hooks keep the image the workflow names for ${describe(name)}`);
    } else if (name && !ct.image) {
      c.error(p, `${describe(name)} is added to every job pod as a container of its own, so it needs an image; to change the job container, name it "${HOOK_EXTENSION.containerPrefix}${CONTAINER.job}"`);
    }
  });
  const volumes = Array.isArray(spec.volumes) ? spec.volumes as Record<string, unknown>[] : [];
  volumes.forEach((v, i) => {
    if (v && typeof v === 'object' && typeof v.name === 'string' && ownVolumes.includes(v.name)) {
      c.error([...path, 'spec', 'volumes', i, 'name'], `"${v.name}" is a volume the container hooks give every job pod (${ownVolumes.join(', ')}); a second one of that name makes a pod Kubernetes refuses`);
    }
  });
}

/**
 * The pod parts of `spec.template` a runner pod cannot do without: named containers and volumes,
 * unique names, and an image for the runner container unless `spec.runner.image` gives one.
 */
function checkTemplatePod(c: Checker, template: PodTemplate, runnerImageFrom: string | undefined): void {
  const base = ['spec', 'template', 'spec'];
  const spec = (template.spec ?? {}) as Record<string, unknown>;
  for (const key of ['containers', 'initContainers', 'volumes']) {
    const list = c.list(spec[key], [...base, key]) ?? [];
    const names = new Set<string>();
    list.forEach((x, i) => {
      const name = x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>).name : undefined;
      if (typeof name !== 'string' || !name) {
        c.error([...base, key, i, 'name'], `is required: every ${key === 'volumes' ? 'volume' : 'container'} needs a name`);
        return;
      }
      if (names.has(name)) c.error([...base, key, i, 'name'], `"${name}" is used twice; names must be unique`);
      names.add(name);
      const rec = x as Record<string, unknown>;
      if (key === 'containers' && name === 'runner' && !rec.image && !runnerImageFrom) {
        c.error([...base, key, i, 'image'], 'is required: the runner container needs an image (here, or in spec.runner.image)');
      }
    });
  }
}

/** Valid, but likely to hurt in a cluster. */
function warnAboutRisks(c: Checker, s: ScaleSetSpec): void {
  s.persistentVolumes.forEach((v, i) => {
    if (s.maxRunners > 1 && v.accessModes.length === 1 && (v.accessModes[0] === 'ReadWriteOnce' || v.accessModes[0] === 'ReadWriteOncePod')) {
      c.warn(['spec', 'persistentVolumes', i, 'accessModes'], `${v.accessModes[0]} volume "${v.name}" is shared by up to ${s.maxRunners} runners: pods on other nodes cannot attach it; use ReadWriteMany`);
    }
  });
  if (s.maxRunners === 0) c.warn(['spec', 'scaling', 'maxRunners'], 'is 0: the scale set will never start a runner');
}
