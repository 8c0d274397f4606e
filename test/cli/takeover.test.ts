/**
 * `gha-rs takeover` against a stand-in kubectl (test/fixtures/fake-kubectl) holding a Helm
 * release as Helm leaves it: the chart's render of test/fixtures/reference-helm/01-proxy-tls-dind,
 * created by the `helm` field manager, with Helm's release annotations and the release record.
 * The real API server does the same in the conformance suite (conformance/cases/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../support/cli';
import { tempDir } from '../support/temp';

const fixture = join(__dirname, '..', 'fixtures', 'reference-helm', '01-proxy-tls-dind');
const fake = join(__dirname, '..', 'fixtures', 'fake-kubectl', 'kubectl.js');
const RELEASE = 'proxy-tls-dind';
const NS = 'runners';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: { manager: string; operation: string }[] } };

/** The release as Helm 3 installs it, and its record. */
function helmInstalled(): Obj[] {
  const rendered = parseAllDocuments(readFileSync(join(fixture, 'expected.yaml'), 'utf8')).map((d) => d.toJS() as Obj).filter((o) => o?.kind);
  const objects = rendered.map((o, i) => ({
    ...o,
    metadata: {
      ...o.metadata,
      uid: `uid-${i}`,
      resourceVersion: String(i + 1),
      annotations: { ...o.metadata.annotations, 'meta.helm.sh/release-name': RELEASE, 'meta.helm.sh/release-namespace': NS },
      managedFields: [{ manager: 'helm', operation: 'Update' }],
    },
  }));
  const record = (name: string, labels: Record<string, string>): Obj => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS, uid: `uid-${name}`, labels } });
  return [
    ...objects,
    record(`sh.helm.release.v1.${RELEASE}.v1`, { owner: 'helm', name: RELEASE, status: 'deployed', version: '1' }),
    // another release's record is left alone
    record('sh.helm.release.v1.other.v1', { owner: 'helm', name: 'other', status: 'deployed', version: '1' }),
  ];
}

/** A cluster in a file, and a kubectl for it (a script that runs the stand-in on that file). */
function cluster(objects: Obj[], env = '') {
  const dir = tempDir();
  const file = join(dir, 'state.json');
  writeFileSync(file, JSON.stringify({ objects, log: [] }));
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as { objects: Obj[]; log: string[] };
  const bin = join(dir, 'kubectl');
  writeFileSync(bin, `#!/bin/sh\nFAKE_KUBE_STATE='${file}' ${env} exec '${process.execPath}' '${fake}' "$@"\n`, { mode: 0o755 });
  return { file, read, bin };
}

async function takeover(c: { bin: string }, extra: string[] = []) {
  return runCli(['takeover', '--helm-values', join(fixture, 'values.yaml'), '--release', RELEASE, '-n', NS, '--kubectl', c.bin, '-q', ...extra]);
}

const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;

test('takes the release over: uids kept, no helm manager, label or annotation left, the record deleted', async () => {
  const start = helmInstalled();
  const c = cluster(start);
  const r = await takeover(c);
  expect(r.err).toBe('');
  expect(r.status).toBe(0);
  const { objects, log } = c.read();
  const released = start.filter((o) => o.metadata.annotations?.['meta.helm.sh/release-name']);
  for (const o of released) {
    const now = objects.find((x) => key(x) === key(o))!;
    expect(now.metadata.uid).toBe(o.metadata.uid);
    expect(now.metadata.managedFields!.map((e) => e.manager)).toEqual(['kubectl']);
    expect(Object.keys(now.metadata.labels ?? {})).not.toEqual(expect.arrayContaining(['helm.sh/chart']));
    expect(now.metadata.labels?.['app.kubernetes.io/managed-by']).toBeUndefined();
    expect(Object.keys(now.metadata.annotations ?? {}).filter((k) => k.startsWith('meta.helm.sh/'))).toEqual([]);
  }
  expect(objects.map((o) => o.metadata.name)).not.toContain(`sh.helm.release.v1.${RELEASE}.v1`);
  expect(objects.map((o) => o.metadata.name)).toContain('sh.helm.release.v1.other.v1');
  // the order of the steps: read, apply, patch each object, read again, then the record
  expect(log.map((l) => l.split(' ')[0])).toEqual(['get', 'get', 'apply', ...released.map(() => 'patch'), 'get', 'delete']);
  expect(log[2]).toBe('apply --server-side --force-conflicts --field-manager=kubectl -o json --show-managed-fields -f -');
  expect(log[log.length - 1]).toBe(`delete secrets,configmaps -n ${NS} -l owner=helm,name=${RELEASE}`);
  expect(r.out).toMatch(new RegExp(`took over 1 release \\(${NS}/${RELEASE}\\): ${released.length} objects applied by field manager "kubectl" \\(${released.length} kept with their uid\\), Helm's fields, labels and annotations removed from ${released.length}, 1 release records deleted$`));
  // every command is shown as it is run; the manifest (credentials) never is
  expect(r.out).toContain(`$ ${c.bin} apply --server-side --force-conflicts --field-manager=kubectl -o json --show-managed-fields -f - < the output`);
  expect(r.out).not.toMatch(/kind: Secret|github_token/);

  // a second run finds nothing of Helm left: no patch, no uid changed
  const second = await takeover(c);
  expect(second.status).toBe(0);
  expect(second.err).toBe(`note: no Helm release record of "${RELEASE}" in ${NS} (owner=helm Secrets or ConfigMaps): already removed, or not a Helm release`);
  expect(c.read().log.slice(log.length).map((l) => l.split(' ')[0])).toEqual(['get', 'get', 'apply', 'get']);
  expect(c.read().objects.map((o) => o.metadata.uid)).toEqual(objects.map((o) => o.metadata.uid));
});

test('--dry-run changes nothing and prints each step, the patches included', async () => {
  const start = helmInstalled();
  const c = cluster(start);
  const r = await takeover(c, ['--dry-run', '--field-manager', 'argocd-controller']);
  expect(r.status).toBe(0);
  expect(c.read().objects).toEqual(start);
  expect(r.out).toContain('apply --server-side --force-conflicts --field-manager=argocd-controller --dry-run=server -o json --show-managed-fields -f - < the output');
  expect(r.out).toMatch(/^# .* patch AutoscalingRunnerSet\.v1alpha1\.actions\.github\.com proxy-tls-dind -n runners --type=json -p '\[\{"op":"test","path":"\/metadata\/resourceVersion".*"op":"remove","path":"\/metadata\/managedFields\/0"\}.*\]' {3}# not run in a dry run/m);
  expect(r.out).toContain(`delete secrets,configmaps -n ${NS} -l owner=helm,name=${RELEASE} --dry-run=server`);
  expect(r.out).toMatch(/dry run \(nothing changed\): would take over 1 release/);
});

test('an object of another Helm release stops it before anything is written', async () => {
  const start = helmInstalled();
  const ars = start.find((o) => o.kind === 'AutoscalingRunnerSet')!;
  ars.metadata.annotations!['meta.helm.sh/release-name'] = 'someone-else';
  const c = cluster(start);
  const r = await takeover(c);
  expect(r.status).toBe(1);
  expect(r.err).toBe(`error: nothing was changed: AutoscalingRunnerSet ${NS}/${RELEASE} belongs to Helm release "someone-else" in ${NS}, which is not among the releases given (${NS}/${RELEASE}); take it over with that release's values or spec`);
  expect(c.read().log.every((l) => l.startsWith('get'))).toBe(true);
});

test('an object changed between the apply and its patch is read again and patched', async () => {
  const c = cluster(helmInstalled(), 'FAKE_KUBE_RACE=1');
  const r = await takeover(c, []);
  expect(r.err).toBe('');
  expect(r.status).toBe(0);
  const { log, objects } = c.read();
  // the first patch failed its test, the object was read again, and patched
  const first = log.findIndex((l) => l.startsWith('patch'));
  expect(log.slice(first, first + 3).map((l) => l.split(' ')[0])).toEqual(['patch', 'get', 'patch']);
  const target = (l: string) => l.split(' ').slice(1, 3);
  const version = (l: string) => /"path":"\/metadata\/resourceVersion","value":"(\d+)"/.exec(l)![1];
  expect(target(log[first + 2])).toEqual(target(log[first]));
  expect(version(log[first + 2])).not.toBe(version(log[first]));
  expect(objects.filter((o) => o.metadata.managedFields?.some((e) => e.manager === 'helm'))).toEqual([]);
});

test('kubectl missing, or failing: one line, nothing claimed', async () => {
  const missing = await takeover({ bin: '/nonexistent/kubectl' });
  expect(missing).toMatchObject({ status: 1, err: 'error: /nonexistent/kubectl not found: install kubectl or name it with --kubectl PATH' });
  // the stand-in refuses an apply without --force-conflicts as the API server does; any failure is one line
  const c = cluster(helmInstalled());
  writeFileSync(c.bin, '#!/bin/sh\necho "error: You must be logged in to the server (Unauthorized)" >&2\nexit 1\n');
  expect(await takeover(c)).toMatchObject({ status: 1, err: 'error: kubectl get failed: error: You must be logged in to the server (Unauthorized)' });
  const usage = await runCli(['synth', '--dry-run']);
  expect(usage.status).toBe(2);
  expect(usage.err).toContain('--dry-run is not an option of gha-rs synth');
});

test('from a spec of the experimental chart (gha-rs convert): the release is the spec\'s metadata.name in spec.namespace, even where namespaceOverride puts the objects elsewhere', async () => {
  const dir = tempDir();
  const values = join(dir, 'values.yaml');
  writeFileSync(values, `namespaceOverride: runners-objects
scaleset: {name: linux}
auth: {url: https://github.com/org, githubToken: ghp_takeoverExperimental123}
controllerServiceAccount: {name: arc, namespace: arc-systems}
`);
  const helmArgs = ['--helm-chart', 'gha-runner-scale-set-experimental', '--helm-values', values, '--release', 'linux', '-n', 'helm-releases'];
  const rendered = await runCli(['synth', '-q', ...helmArgs, '-o', '-']);
  expect(rendered.status).toBe(0);
  const installed: Obj[] = parseAllDocuments(rendered.out).map((d) => d.toJS() as Obj).filter((o) => o?.kind).map((o, i) => ({
    ...o,
    metadata: {
      ...o.metadata,
      uid: `uid-${i}`,
      resourceVersion: String(i + 1),
      annotations: { ...o.metadata.annotations, 'meta.helm.sh/release-name': 'linux', 'meta.helm.sh/release-namespace': 'helm-releases' },
      managedFields: [{ manager: 'helm', operation: 'Update' }],
    },
  }));
  expect(installed.every((o) => o.metadata.namespace === 'runners-objects')).toBe(true);
  const record: Obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sh.helm.release.v1.linux.v1', namespace: 'helm-releases', uid: 'uid-record', labels: { owner: 'helm', name: 'linux', status: 'deployed', version: '1' } } };
  const c = cluster([...installed, record]);
  const converted = await runCli(['convert', ...helmArgs]);
  expect(converted.status).toBe(0);
  const spec = join(dir, 'linux.yaml');
  writeFileSync(spec, converted.out);
  process.env.LINUX_GITHUB_TOKEN = 'ghp_takeoverExperimental123';
  let r;
  try {
    r = await runCli(['takeover', '-f', spec, '--kubectl', c.bin, '-q']);
  } finally {
    delete process.env.LINUX_GITHUB_TOKEN;
  }
  expect(r.err).toBe('');
  expect(r.status).toBe(0);
  const { objects, log } = c.read();
  for (const o of installed) {
    const now = objects.find((x) => key(x) === key(o))!;
    expect(now.metadata.uid).toBe(o.metadata.uid);
    expect(now.metadata.managedFields!.map((e) => e.manager)).toEqual(['kubectl']);
  }
  expect(objects.map((o) => o.metadata.name)).not.toContain('sh.helm.release.v1.linux.v1');
  expect(log[log.length - 1]).toBe('delete secrets,configmaps -n helm-releases -l owner=helm,name=linux');
  expect(r.out).not.toContain('ghp_takeoverExperimental123');
});
