// Take-over of live Helm releases by `gha-rs takeover`, as the README's "Taking over a live Helm
// release" says. The start: the chart's own render (../shared/reference-helm*, each object as
// `helm template` wrote it) created by the `helm` field manager as Helm 3 creates objects
// (`kubectl create`: operation Update) and as Helm 4 applies them (server-side apply), with Helm's
// release annotations, and the release record (Secret sh.helm.release.v1.RELEASE.v1).
// Afterwards: every uid unchanged, `helm` in no object's managedFields, no Helm label or
// annotation, no release record (what `helm list` reads), and a field removed from the input
// (spec.proxy) removed from the cluster by the next apply. A control namespace does the old
// README's `kubectl apply --server-side --force-conflicts` alone: there the proxy stays.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { apply, deleteObjects, ensureNamespace, keyOf, liveObjects, readObjects, SUITE_MANAGER } from '../lib/kube.mjs';
import { synth } from '../lib/inputs.mjs';

const HELM_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];
const HELM_ANNOTATIONS = ['meta.helm.sh/release-name', 'meta.helm.sh/release-namespace'];

/** Every string equal to `from`, anywhere in `v`, as `to`: the render moved to the case's namespace. */
function renamed(v, from, to) {
  if (v === from) return to;
  if (Array.isArray(v)) return v.map((x) => renamed(x, from, to));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renamed(x, from, to)]));
  return v;
}

/** The release record Helm 3 and 4 keep (the Secret driver): what `helm list` reads. */
function releaseRecord(name, namespace) {
  return {
    apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1',
    metadata: { name: `sh.helm.release.v1.${name}.v1`, namespace, labels: { owner: 'helm', name, status: 'deployed', version: '1' } },
    data: { release: Buffer.from('H4sIAAAAAAAA/wMAAAAAAAAAAAA=').toString('base64') },
  };
}

function gharsTakeover(t, args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(t.root, 'bin', 'gha-rs.js'), 'takeover', ...args, '--kubectl', join(t.bin, 'kubectl'), '-q'], {
      cwd: t.root, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, KUBECONFIG: t.kubeconfig, KUBECTL_KUBERC: 'false' },
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

/** What of Helm an object still carries. */
function helmLeft(o) {
  return [
    ...(o.metadata.managedFields ?? []).filter((e) => e.manager === 'helm').map((e) => `manager helm (${e.operation})`),
    ...HELM_LABELS.filter((k) => o.metadata.labels?.[k] !== undefined && (k !== 'app.kubernetes.io/managed-by' || o.metadata.labels[k] === 'Helm')).map((k) => `label ${k}`),
    ...HELM_ANNOTATIONS.filter((k) => o.metadata.annotations?.[k] !== undefined).map((k) => `annotation ${k}`),
  ];
}

/**
 * One release: created as Helm does, taken over (or, as the control, only applied over), then
 * applied again without `proxy` where the values have one.
 */
async function release(t, { id, dir, chart, helm, control = false }) {
  const { kubectl, check } = t;
  const rel = YAML.parse(readFileSync(join(dir, 'release.yaml'), 'utf8'));
  const ns = `conformance-takeover-${id}`;
  const name = rel.release;
  await ensureNamespace(kubectl, ns);
  const rendered = YAML.parseAllDocuments(readFileSync(join(dir, 'expected.yaml'), 'utf8')).map((d) => d.toJS()).filter((o) => o?.kind);
  const objects = renamed(rendered, rel.namespace, ns).map((o) => ({
    ...o,
    metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'meta.helm.sh/release-name': name, 'meta.helm.sh/release-namespace': ns } },
  }));
  const tmp = t.tmp(`takeover-${id}`);
  const helmFile = join(tmp, 'helm.yaml');
  writeFileSync(helmFile, objects.map((o) => YAML.stringify(o)).join('---\n'));
  const made = helm === 'create'
    ? await kubectl(['create', '--field-manager=helm', '-f', helmFile])
    : await apply(kubectl, helmFile, { manager: 'helm' });
  if (!check(`${id}: the release made as Helm ${helm === 'create' ? '3 creates it (create)' : '4 applies it (server-side apply)'}`, made.code === 0, made.stderr)) return;
  const recordFile = join(tmp, 'record.yaml');
  writeFileSync(recordFile, YAML.stringify(releaseRecord(name, ns)));
  await kubectl.ok(['create', `--field-manager=${SUITE_MANAGER}`, '-f', recordFile]);
  const before = await liveObjects(kubectl, objects);
  check(`${id}: every object of the release starts owned by helm`, objects.every((o) => helmLeft(before.get(keyOf(o)) ?? { metadata: {} }).length > 0));

  const values = join(dir, 'values.yaml');
  const input = ['--helm-values', values, '--release', name, '-n', ns, ...(chart ? ['--helm-chart', chart] : [])];
  const ours = readObjects(await synthTo(t, input, join(tmp, 'out')));
  if (control) {
    const r = await apply(kubectl, join(tmp, 'out'), { manager: 'kubectl', forceConflicts: true });
    check(`${id} (control): kubectl apply --server-side --force-conflicts`, r.code === 0, r.stderr);
  } else {
    // Helm values give the chart's own values-hash: only the controller's fieldRef conflicts then
    const plain = await apply(kubectl, join(tmp, 'out'), { manager: 'kubectl', dryRun: true });
    if (chart) check(`${id}: without --force-conflicts the apply conflicts with helm on the fieldRef, as the README says`, plain.code !== 0 && /conflict/i.test(plain.stderr), plain.stderr || plain.stdout);
    else t.log(`  ${id}: without --force-conflicts: ${plain.code === 0 ? 'no conflict' : plain.stderr.split('\n')[0]}`);
    const dry = await gharsTakeover(t, [...input, '--dry-run']);
    check(`${id}: gha-rs takeover --dry-run succeeds`, dry.code === 0, dry.stderr);
    const unchanged = await liveObjects(kubectl, objects);
    check(`${id}: --dry-run changed nothing`, objects.every((o) => unchanged.get(keyOf(o))?.metadata.resourceVersion === before.get(keyOf(o))?.metadata.resourceVersion));
    const r = await gharsTakeover(t, input);
    if (!check(`${id}: gha-rs takeover succeeds`, r.code === 0, `${r.stderr}\n${r.stdout}`)) return cleanup(t, objects, ns, name);
    t.log(r.stdout.trim().split('\n').pop());
  }
  const after = await liveObjects(kubectl, ours);
  const recreated = objects.filter((o) => after.get(keyOf(o))?.metadata.uid !== before.get(keyOf(o))?.metadata.uid).map(keyOf);
  check(`${id}: no object deleted or re-created (uids unchanged)`, recreated.length === 0, recreated.join(', '));
  if (!control) {
    const left = [...after.values()].flatMap((o) => helmLeft(o).map((x) => `${keyOf(o)}: ${x}`));
    check(`${id}: no field owned by helm, no Helm label or annotation left`, left.length === 0, left.join('\n'));
    const records = await kubectl.ok(['get', 'secrets,configmaps', '-n', ns, '-l', `owner=helm,name=${name}`, '-o', 'name']);
    check(`${id}: Helm no longer sees the release (no owner=helm,name=${name} record)`, records.stdout.trim() === '', records.stdout);
  }

  // a field removed from the input is removed from the cluster by the next apply
  const ars = ours.find((o) => o.kind === 'AutoscalingRunnerSet');
  if (ars?.spec.proxy) {
    const valuesDoc = YAML.parse(readFileSync(values, 'utf8'));
    delete valuesDoc.proxy;
    const noProxy = join(tmp, 'values-no-proxy.yaml');
    writeFileSync(noProxy, YAML.stringify(valuesDoc));
    const out2 = await synthTo(t, ['--helm-values', noProxy, '--release', name, '-n', ns], join(tmp, 'out-no-proxy'));
    // the old README's way (the control) needs --force-conflicts again: helm still owns values-hash
    const r = await apply(kubectl, out2, { manager: 'kubectl', forceConflicts: control });
    check(`${id}: the next apply (proxy removed) succeeds`, r.code === 0, r.stderr);
    const live = (await liveObjects(kubectl, [ars])).get(keyOf(ars));
    if (control) check(`${id} (control): with helm still co-owning it, the proxy stays in the cluster`, live?.spec.proxy !== undefined, JSON.stringify(live?.spec.proxy));
    else check(`${id}: spec.proxy removed from the input is removed from the cluster`, live?.spec.proxy === undefined, JSON.stringify(live?.spec.proxy));
  }
  await cleanup(t, [...objects, ...ours.filter((o) => o.metadata?.namespace === ns)], ns, name);
}

async function synthTo(t, args, out) {
  const r = await synth(t.root, args, out);
  if (r.code !== 0) throw new Error(`gha-rs synth ${args.join(' ')}: ${r.stderr}`);
  return out;
}

async function cleanup(t, objects, ns, name) {
  await deleteObjects(t.kubectl, objects.filter((o) => o.kind !== 'CustomResourceDefinition'));
  await t.kubectl(['delete', 'secrets,configmaps', '-n', ns, '-l', `owner=helm,name=${name}`, '--ignore-not-found']);
}

export async function run(t) {
  const fixtures = join(t.root, 'test', 'fixtures');
  const scaleSet = join(fixtures, 'reference-helm', '01-proxy-tls-dind');
  await release(t, { id: 'helm3', dir: scaleSet, helm: 'create' });
  await release(t, { id: 'helm4', dir: scaleSet, helm: 'apply' });
  await release(t, { id: 'control', dir: scaleSet, helm: 'create', control: true });
  const controller = t.shared && join(t.shared, 'reference-helm-controller', '01-flags-0.14.2');
  if (controller && existsSync(controller)) await release(t, { id: 'controller', dir: controller, chart: 'gha-runner-scale-set-controller', helm: 'create' });
  else t.log('no ../shared/reference-helm-controller: the controller release is not taken over here');
}
