/**
 * Readers for the fields spec files and chart values share (proxy, key vault, scale set
 * labels, per-object metadata, pod templates, Role rules). Each takes the field's path, so
 * problems read `spec.proxy.http.url` in a spec file and `proxy.http.url` in a values file.
 */
import type { AutoscalingRunnerSetSpecVaultConfig } from '../../imports/actions.github.com';
import { KEY_VAULT_TYPE } from '../constants';
import type { ScaleSetResourceMeta } from '../constructs/gha-runner-scale-set';
import type { PodTemplate, PolicyRule } from '../k8s';
import { Checker, describe } from './checker';
import { Path, formatPath } from '../rules/words';
import { hasUserInfo } from '../rules/redact';
import { resourceMetaCrashProblem, runnerCountProblem, scaleSetLabelProblem } from '../rules/scale-set';

export type ValueMap = Record<string, unknown>;

export const isMap = (v: unknown): v is ValueMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value at `path` under `v`, through maps only; undefined where a step is missing or no map. */
export function valueAt(v: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((o, k) => (isMap(o) ? o[k] : undefined), v);
}

/**
 * A deep copy of chart values (maps, lists, scalars) made of plain objects of this realm, unlike
 * `structuredClone`, whose copies some readers (cdk8s) do not take for plain maps in a test's realm.
 */
export function copyValues<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copyValues) as T;
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyValues(x)])) as T;
  return v;
}

/** Go templates' truthiness, which the chart's `if` and `with` use: empty maps, lists and strings are false. */
export const truthy = (v: unknown): boolean => !(v === undefined || v === null || v === false || v === 0 || v === ''
  || (Array.isArray(v) && !v.length) || (isMap(v) && !Object.keys(v).length));

/** The per-object metadata keys (the chart's `resourceMeta`). */
export const RESOURCE_META_KEYS = [
  'githubConfigSecret', 'kubernetesModeRole', 'kubernetesModeRoleBinding', 'kubernetesModeServiceAccount',
  'managerRole', 'managerRoleBinding', 'noPermissionServiceAccount', 'autoscalingRunnerSet', 'autoscalingListener',
  'listenerServiceAccount', 'listenerRole', 'listenerRoleBinding', 'listenerConfigSecret', 'ephemeralRunnerSet',
  'ephemeralRunner', 'ephemeralRunnerConfigSecret',
] as const;

export interface ProxyServer {
  readonly url: string;
  readonly credentialSecretRef?: string;
}

/** The proxy the controller and listener use to reach GitHub (the fields of the 0.14.2 CRD). */
export interface Proxy {
  readonly http?: ProxyServer;
  readonly https?: ProxyServer;
  readonly noProxy?: string[];
}

/** `minRunners` / `maxRunners`: unset, or a whole number the runner count rule takes. */
export function runnerCount(c: Checker, v: unknown, path: Path, key: 'minRunners' | 'maxRunners'): number | undefined {
  if (v === undefined || v === null) return undefined;
  const problem = runnerCountProblem(key, v);
  if (problem) c.error(path, problem);
  return problem ? undefined : v as number;
}

/** Scale set labels: each a non-empty string of less than 256 characters. */
export function scaleSetLabels(c: Checker, v: unknown, path: Path): string[] | undefined {
  if (!truthy(v)) return undefined;
  const list = c.list(v, path);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((raw, i) => {
    const notString = isMap(raw) || Array.isArray(raw);
    const label = notString || raw === null || raw === undefined ? '' : String(raw);
    const problem = scaleSetLabelProblem(label, notString ? describe(raw) : undefined);
    if (problem) c.error([...path, i], problem);
    else out.push(label);
  });
  return out;
}

/** `http`, `https` (each a `url` and an optional `credentialSecretRef`) and `noProxy`. */
export function proxy(c: Checker, v: unknown, path: Path): Proxy | undefined {
  if (!truthy(v)) return undefined;
  const p = c.map(v, path, ['http', 'https', 'noProxy']);
  if (!p) return undefined;
  const server = (key: 'http' | 'https'): ProxyServer | undefined => {
    if (!truthy(p[key])) return undefined;
    const s = c.map(p[key], [...path, key], ['url', 'credentialSecretRef']) ?? {};
    const url = c.string(s.url, [...path, key, 'url'], { required: true, what: 'the proxy URL, such as http://proxy.example:3128' }) ?? '';
    if (hasUserInfo(url)) {
      c.error([...path, key, 'url'], `holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; put them in a Secret with "username" and "password" keys and name it in ${formatPath([...path, key, 'credentialSecretRef'])}`);
    }
    const credentialSecretRef = truthy(s.credentialSecretRef) ? c.dnsSubdomain(s.credentialSecretRef, [...path, key, 'credentialSecretRef']) : undefined;
    return { url, ...(credentialSecretRef ? { credentialSecretRef } : {}) };
  };
  const http = server('http');
  const https = server('https');
  const noProxy = (c.list(p.noProxy, [...path, 'noProxy']) ?? [])
    .map((x, i) => c.string(x, [...path, 'noProxy', i], { required: true, what: 'a host, domain or CIDR' }))
    .filter((x): x is string => !!x);
  return { ...(http ? { http } : {}), ...(https ? { https } : {}), ...(noProxy.length ? { noProxy } : {}) };
}

/** A key vault that holds the GitHub credentials: only `azure_key_vault` exists in 0.14.2. */
export function keyVault(c: Checker, v: unknown, path: Path): AutoscalingRunnerSetSpecVaultConfig | undefined {
  if (!truthy(v)) return undefined;
  const k = c.map(v, path, ['type', 'proxy', 'azureKeyVault']);
  if (!k || !truthy(k.type)) return undefined;
  const type = c.string(k.type, [...path, 'type']);
  if (type !== KEY_VAULT_TYPE.azure) {
    c.error([...path, 'type'], `${describe(type)} is not a supported key vault type; allowed: ${KEY_VAULT_TYPE.azure}`);
    return undefined;
  }
  const a = c.map(k.azureKeyVault, [...path, 'azureKeyVault'], ['url', 'tenantId', 'clientId', 'certificatePath', 'secretKey'], true) ?? {};
  const field = (f: string) => c.string(a[f], [...path, 'azureKeyVault', f], { required: true }) ?? '';
  const p = proxy(c, k.proxy, [...path, 'proxy']);
  return {
    type,
    ...(p ? { proxy: p } : {}),
    azureKeyVault: { url: field('url'), tenantId: field('tenantId'), clientId: field('clientId'), certificatePath: field('certificatePath') },
  };
}

/**
 * Labels and annotations per object; empty entries are left out. An entry that crashes ARC
 * 0.14.x (labels without annotations where ARC merges its own) is reported as `crash` says: an
 * error for spec files, a warning for Helm values (the chart renders it as given).
 */
export function resourceMeta(c: Checker, v: unknown, path: Path, crash: 'error' | 'warn'): ScaleSetResourceMeta | undefined {
  if (!truthy(v)) return undefined;
  const m = c.map(v, path, RESOURCE_META_KEYS);
  if (!m) return undefined;
  const out: Record<string, { labels?: Record<string, string>; annotations?: Record<string, string> }> = {};
  for (const key of RESOURCE_META_KEYS) {
    if (!truthy(m[key])) continue;
    const e = c.map(m[key], [...path, key], ['labels', 'annotations']) ?? {};
    const labels = truthy(e.labels) ? c.stringMap(e.labels, [...path, key, 'labels']) : undefined;
    const annotations = truthy(e.annotations) ? c.stringMap(e.annotations, [...path, key, 'annotations']) : undefined;
    if (!labels && !annotations) continue;
    out[key] = { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
    const problem = resourceMetaCrashProblem(key, out[key]);
    if (problem) c[crash]([...path, key], crash === 'warn' ? `${problem} (written as the chart renders it)` : problem);
  }
  return Object.keys(out).length ? out : undefined;
}

/** A pod template: a map whose `metadata` and `spec` are maps; their content passes as written. */
export function podTemplate(c: Checker, v: unknown, path: Path): PodTemplate | undefined {
  if (!truthy(v)) return undefined;
  const t = c.map(v, path, ['metadata', 'spec']);
  if (!t) return undefined;
  // checked against Kubernetes' pod schema, loaded only now (a run without a template never reads it)
  const { podTemplateProblems, withoutProblems } = require('../rules/pod-schema') as typeof import('../rules/pod-schema');
  const problems = podTemplateProblems(t);
  for (const p of problems) c.error([...path, ...p.path], p.message);
  // the run stops at the problems; the other checks read the template without the wrong values
  return (problems.length ? withoutProblems(t, problems) : t) as PodTemplate;
}

/**
 * A hook template (a job-pod template the container hooks merge into their pods), checked against
 * Kubernetes' pod schema like `template`, except that it may have no containers: the hooks' pod has them.
 */
export function hookPodTemplate(c: Checker, v: unknown, path: Path): PodTemplate | undefined {
  if (!truthy(v)) return undefined;
  const t = c.map(v, path, ['metadata', 'spec']);
  if (!t) return undefined;
  const { podTemplateProblems, withoutProblems } = require('../rules/pod-schema') as typeof import('../rules/pod-schema');
  const withContainers = isMap(t.spec) && t.spec.containers === undefined ? { ...t, spec: { ...t.spec, containers: [] } } : t;
  const problems = podTemplateProblems(withContainers);
  for (const p of problems) c.error([...path, ...p.path], p.message);
  return (problems.length ? withoutProblems(t, problems) : t) as PodTemplate;
}

/** RBAC rules: each with `apiGroups`, `resources` and `verbs` (lists of strings). */
export function policyRules(c: Checker, v: unknown, path: Path): PolicyRule[] | undefined {
  const list = c.list(v, path);
  if (!list?.length) return undefined;
  const strings = (x: unknown, p: Path, required: boolean): string[] | undefined => {
    const l = c.list(x, p, required);
    return l?.map((s, i) => c.string(s, [...p, i], { required: true }) ?? '');
  };
  return list.map((raw, i) => {
    const p = [...path, i];
    const r = c.map(raw, p, ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs'], true) ?? {};
    const apiGroups = (r.apiGroups === undefined ? [''] : strings(r.apiGroups, [...p, 'apiGroups'], true)) ?? [''];
    const resourceNames = strings(r.resourceNames, [...p, 'resourceNames'], false);
    return {
      apiGroups,
      resources: strings(r.resources, [...p, 'resources'], true) ?? [],
      verbs: strings(r.verbs, [...p, 'verbs'], true) ?? [],
      ...(resourceNames ? { resourceNames } : {}),
    };
  });
}
