// kubectl against the suite's API server, and the object helpers every case uses.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/** The field manager our output is applied with, as the README's commands would be in a pipeline. */
export const FIELD_MANAGER = 'gha-rs';
/** The field manager of what the suite itself creates (namespaces ARC or a user would make, scratch objects). */
export const SUITE_MANAGER = 'gha-rs-conformance';

export const PSA_LEVELS = ['privileged', 'baseline', 'restricted'];
export const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';

/**
 * A kubectl bound to one kubeconfig.
 * `kubectl(args, {input, timeoutMs})` resolves {code, stdout, stderr} and never rejects on a
 * non-zero exit; `kubectl.ok(args, opts)` rejects with kubectl's message instead.
 */
export function kubectlFor(bin, kubeconfig) {
  const run = (args, { input, timeoutMs = 180_000 } = {}) => new Promise((resolve) => {
    const child = execFile(join(bin, 'kubectl'), args, {
      env: { ...process.env, KUBECONFIG: kubeconfig, KUBECTL_KUBERC: 'false' },
      maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, encoding: 'utf8',
    }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr: err && !stderr && typeof err.code !== 'number' ? String(err.message) : stderr });
    });
    if (input !== undefined) child.stdin.end(input);
  });
  run.ok = async (args, opts) => {
    const r = await run(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: exit ${r.code}: ${(r.stderr || r.stdout).trim()}`);
    return r;
  };
  return run;
}

/** The YAML files of a folder (or the one file), in the order kubectl reads them. */
export function manifestFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => join(path, f));
}

/** Every object of a manifest file or folder, in apply order. */
export function readObjects(path) {
  return manifestFiles(path).flatMap((f) => YAML.parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS()).filter((o) => o && o.kind));
}

/** `Kind/namespace/name`, for messages and maps. */
export function keyOf(o) {
  return `${o.kind}/${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
}

/** Namespaces an object set writes into (not counting the Namespace objects themselves). */
export function namespacesUsed(objects) {
  return [...new Set(objects.map((o) => o.metadata?.namespace).filter(Boolean))].sort();
}

/** The live state of the given objects, in one `kubectl get`: Map keyOf -> object (absent if not found). */
export async function liveObjects(kubectl, objects) {
  const live = new Map();
  if (!objects.length) return live;
  const input = objects.map((o) => YAML.stringify({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } })).join('---\n');
  const r = await kubectl(['get', '-f', '-', '-o', 'json', '--ignore-not-found'], { input });
  if (r.code !== 0) throw new Error(`kubectl get: ${r.stderr.trim()}`);
  if (!r.stdout.trim()) return live;
  const got = JSON.parse(r.stdout);
  for (const item of got.kind === 'List' ? got.items : [got]) live.set(keyOf(item), item);
  return live;
}

/**
 * Server-side apply of a file or folder (or objects given as YAML on `input`).
 * @param {{dryRun?: boolean, manager?: string, forceConflicts?: boolean, extra?: string[]}} o
 */
export function apply(kubectl, path, { dryRun = false, manager = FIELD_MANAGER, forceConflicts = false, extra = [] } = {}) {
  return kubectl(['apply', '--server-side', `--field-manager=${manager}`, ...(dryRun ? ['--dry-run=server'] : []),
    ...(forceConflicts ? ['--force-conflicts'] : []), ...extra, '-f', path]);
}

/** Creates the namespace if it is missing (no labels), owned by the suite. */
export async function ensureNamespace(kubectl, name) {
  const r = await kubectl(['get', 'namespace', name, '-o', 'name', '--ignore-not-found']);
  if (r.stdout.trim()) return false;
  await kubectl.ok(['create', 'namespace', name, `--field-manager=${SUITE_MANAGER}`]);
  return true;
}

/**
 * A YAML stream of objects, strings quoted as YAML 1.1 needs: kubectl reads YAML 1.1, where an
 * unquoted `yes`, `on` or `off` is a boolean (a label or annotation value "yes" would not be a string).
 */
export const toYaml = (objects) => objects.map((o) => YAML.stringify(o, { version: '1.1' })).join('---\n');

/** Creates every missing namespace of `names` (no labels) in one call, owned by the suite. */
export async function ensureNamespaces(kubectl, names) {
  if (!names.length) return;
  await kubectl.ok(['apply', '--server-side', `--field-manager=${SUITE_MANAGER}`, '-f', '-'],
    { input: toYaml(names.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))) });
}

/** Creates the ServiceAccounts `[{namespace, name}]` that are missing, in one call, owned by the suite. */
export async function ensureServiceAccounts(kubectl, accounts) {
  if (!accounts.length) return;
  await kubectl.ok(['apply', '--server-side', `--field-manager=${SUITE_MANAGER}`, '-f', '-'],
    { input: toYaml(accounts.map(({ namespace, name }) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } }))) });
}

/** Creates a ServiceAccount if it is missing; returns whether it was created. */
export async function ensureServiceAccount(kubectl, namespace, name) {
  const r = await kubectl(['get', 'serviceaccount', name, '-n', namespace, '-o', 'name', '--ignore-not-found']);
  if (r.stdout.trim()) return false;
  await kubectl.ok(['create', 'serviceaccount', name, '-n', namespace, `--field-manager=${SUITE_MANAGER}`]);
  return true;
}

/**
 * Deletes objects, finalizers first (no controller runs here to remove them), and waits until
 * they are gone. Namespaces and CustomResourceDefinitions are left alone: with no
 * kube-controller-manager a deleted Namespace never finishes terminating.
 */
export async function deleteObjects(kubectl, objects) {
  const doomed = objects.filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
  if (!doomed.length) return;
  const live = await liveObjects(kubectl, doomed);
  const ref = (o) => YAML.stringify({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } });
  const held = [...live.values()].filter((o) => o.metadata.finalizers?.length);
  if (held.length) await kubectl.ok(['patch', '-f', '-', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'], { input: held.map(ref).join('---\n') });
  const input = [...live.values()].map(ref).join('---\n');
  if (input) await kubectl.ok(['delete', '-f', '-', '--ignore-not-found', '--wait=true', '--timeout=120s'], { input });
}

/** Sets (or, with `level` undefined, removes) the Pod Security labels of namespaces (a name or a list), as the suite. */
export async function setNamespaceLevel(kubectl, names, level) {
  const list = [names].flat();
  if (!list.length) return;
  const keys = ['enforce', 'warn', 'audit'].flatMap((m) => [`pod-security.kubernetes.io/${m}`, `pod-security.kubernetes.io/${m}-version`]);
  const args = level ? keys.filter((k) => !k.endsWith('-version')).map((k) => `${k}=${level}`) : keys.map((k) => `${k}-`);
  await kubectl.ok(['label', 'namespace', ...list, '--overwrite', ...args]);
}
