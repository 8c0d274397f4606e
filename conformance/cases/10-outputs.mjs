// Every output the repository can write, against the real API server, one set at a time:
// 1. synthesized with the CLI (or, for the committed dist/, taken as it is);
// 2. accepted by a server-side dry-run, then applied for real (server-side, field manager gha-rs);
// 3. steady: a second and a third apply change nothing (resourceVersion and generation of every
//    object stay), and `kubectl diff --server-side` is empty;
// 4. Pod Security judged by the real admission: every pod the output leads to (runner, listener,
//    controller, job pods; see ../lib/pods.mjs) is created with --dry-run=server in its
//    namespace and admitted; a namespace the output creates carries the strictest level its pods
//    pass: the next stricter level rejects at least one of them (in a scratch namespace at that level);
// 5. removed again (namespaces stay, their Pod Security labels are taken off), so that the next
//    set starts from a cluster holding none of its objects.
import { join } from 'node:path';
import { allSets, synth } from '../lib/inputs.mjs';
import {
  apply, deleteObjects, ensureNamespaces, ensureServiceAccounts, keyOf, liveObjects, namespacesUsed,
  PSA_ENFORCE, PSA_LEVELS, readObjects, setNamespaceLevel, SUITE_MANAGER, toYaml,
} from '../lib/kube.mjs';
import { podsOf } from '../lib/pods.mjs';

/** Paths where two JSON values differ (at most `max`). */
function differences(a, b, path = '', out = [], max = 8) {
  if (out.length >= max) return out;
  if (a === b) return out;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${path || '.'}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
    return out;
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[k], b[k], `${path}.${k}`, out, max);
  return out;
}
const withoutBookkeeping = (o) => {
  const { resourceVersion, generation, managedFields, ...metadata } = o.metadata ?? {};
  return { ...o, metadata };
};

/** Creates pods with --dry-run=server; resolves Map podName -> undefined (admitted) | message. */
async function dryRunPods(kubectl, pods) {
  const input = toYaml(pods);
  const r = await kubectl(['create', '--dry-run=server', `--field-manager=${SUITE_MANAGER}`, '-f', '-', '-o', 'name'], { input });
  const result = new Map();
  const created = new Set(r.stdout.split('\n').map((l) => l.trim().replace(/^pod\//, '')).filter(Boolean));
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error'));
  for (const p of pods) {
    const name = p.metadata.name;
    if (created.has(name)) result.set(name, undefined);
    else result.set(name, errors.find((e) => e.includes(`"${name}"`)) ?? (r.stderr.trim() || 'not created'));
  }
  return result;
}

const stricterThan = (level) => PSA_LEVELS[PSA_LEVELS.indexOf(level) + 1];

export async function run(t) {
  const { kubectl, check } = t;
  let sets = allSets(t.root, t.shared);
  if (t.only.length) sets = sets.filter((s) => t.only.some((o) => s.id.includes(o)));
  let objectsApplied = 0;
  let podsAdmitted = 0;
  let setsRun = 0;

  // one scratch namespace per level stricter than privileged, to show a level is the strictest
  const scratch = {};
  for (const level of PSA_LEVELS.slice(1)) {
    scratch[level] = `conformance-psa-${level}`;
    await ensureNamespaces(kubectl, [scratch[level]]);
    await setNamespaceLevel(kubectl, scratch[level], level);
  }

  for (const set of sets) {
    t.log(`-- ${set.id} (${set.from})`);
    let out = set.dir;
    if (!out) {
      out = join(t.tmp(set.id), 'out');
      const s = await synth(t.root, set.args, out);
      if (!check(`${set.id}: gha-rs synth ${set.args.join(' ')}`, s.code === 0, s.stderr || s.stdout)) continue;
    }
    const objects = readObjects(out);
    if (!check(`${set.id}: the output has objects`, objects.length > 0)) continue;
    setsRun += 1;
    const created = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    const pods = podsOf(objects);
    const podNamespaces = [...new Set(pods.map((p) => p.pod.metadata.namespace))];
    const suiteSAs = [];
    const suiteObjects = [];
    try {
      // namespaces: those the output writes into exist (created bare, as the cluster's owner
      // would); none carries a Pod Security label the output did not give it
      const touched = [...new Set([...namespacesUsed(objects), ...podNamespaces, ...created])];
      await ensureNamespaces(kubectl, touched);
      await setNamespaceLevel(kubectl, touched, undefined);

      const dry = await apply(kubectl, out, { dryRun: true });
      check(`${set.id}: ${objects.length} objects accepted by server-side dry-run`, dry.code === 0, dry.stderr);
      const first = await apply(kubectl, out);
      if (!check(`${set.id}: ${objects.length} objects applied (server-side)`, first.code === 0, first.stderr)) continue;
      objectsApplied += objects.length;

      // steady state
      const live1 = await liveObjects(kubectl, objects);
      const missing = objects.filter((o) => !live1.has(keyOf(o))).map(keyOf);
      check(`${set.id}: every object exists after the apply`, missing.length === 0, missing.join(', '));
      const again = [];
      for (const n of [2, 3]) {
        const r = await apply(kubectl, out);
        check(`${set.id}: apply #${n} succeeds`, r.code === 0, r.stderr);
        again.push(await liveObjects(kubectl, objects));
      }
      const [live2, live3] = again;
      const drifting = [];
      const settled = [];
      const rvGen = (o) => `resourceVersion ${o.metadata.resourceVersion}, generation ${o.metadata.generation}`;
      for (const [key, a] of live1) {
        const b = live2.get(key);
        const c = live3.get(key);
        if (!b || !c) { drifting.push(`${key}: gone`); continue; }
        const changed = differences(withoutBookkeeping(a), withoutBookkeeping(c));
        const moved = a.metadata.resourceVersion !== c.metadata.resourceVersion || a.metadata.generation !== c.metadata.generation;
        if (!moved && !changed.length) continue;
        // A PersistentVolumeClaim is written once more on its first update, whatever the manifest:
        // kube-apiserver stores it without status on create (the Pending phase is only defaulted
        // when read back) and with it on the next update. Allowed when nothing else moves:
        // same content and managedFields, same generation, and no write at apply #3.
        const pvcOnce = a.kind === 'PersistentVolumeClaim' && !changed.length
          && !differences(a.metadata.managedFields, c.metadata.managedFields).length
          && a.metadata.generation === c.metadata.generation && b.metadata.resourceVersion === c.metadata.resourceVersion;
        if (pvcOnce) { settled.push(key); continue; }
        drifting.push(`${key}: ${rvGen(a)} -> ${rvGen(b)} -> ${rvGen(c)}; ${changed.join('; ') || `same content; managedFields: ${differences(a.metadata.managedFields, c.metadata.managedFields).join('; ') || 'same'}`}`);
      }
      check(`${set.id}: steady: applies #2 and #3 change no object (resourceVersion, generation, content)`, drifting.length === 0, drifting.join('\n'));
      if (settled.length) t.log(`  written once more by the API server on its first update, then steady (PersistentVolumeClaim status): ${settled.join(', ')}`);
      const diff = await kubectl(['diff', '--server-side', '--field-manager=gha-rs', '-f', out]);
      check(`${set.id}: kubectl diff --server-side is empty`, diff.code === 0, diff.code === 1 ? diff.stdout.slice(0, 4000) : diff.stderr);

      // Pod Security, by the real admission
      const inOutput = new Set(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
      // ServiceAccounts the output does not write: the listener's (ARC makes it), "default"
      // (kube-controller-manager makes it), or one the user names and manages
      const accounts = new Map();
      for (const { pod } of pods) {
        const name = pod.spec.serviceAccountName ?? 'default';
        if (!inOutput.has(`${pod.metadata.namespace}/${name}`)) accounts.set(`${pod.metadata.namespace}/${name}`, { namespace: pod.metadata.namespace, name });
      }
      suiteSAs.push(...accounts.values());
      await ensureServiceAccounts(kubectl, [...accounts.values()]);
      // cluster objects a pod names that the cluster's owner provides (admission looks them up)
      const has = (kind, name) => objects.some((o) => o.kind === kind && o.metadata.name === name);
      const priority = [...new Set(pods.map((p) => p.pod.spec.priorityClassName).filter((n) => n && !has('PriorityClass', n)))];
      const runtime = [...new Set(pods.map((p) => p.pod.spec.runtimeClassName).filter((n) => n && !has('RuntimeClass', n)))];
      const provided = [
        ...priority.map((name) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 1000 })),
        ...runtime.map((name) => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler: 'runc' })),
      ];
      if (provided.length) {
        suiteObjects.push(...provided);
        await kubectl.ok(['apply', '--server-side', `--field-manager=${SUITE_MANAGER}`, '-f', '-'], { input: toYaml(provided) });
        t.log(`  provided for the pods, as the cluster's owner would: ${provided.map(keyOf).join(', ')}`);
      }
      for (const p of pods) if (p.note) t.log(`  note: ${p.what}: ${p.note}; judged without it`);
      const admitted = await dryRunPods(kubectl, pods.map((p) => p.pod));
      for (const p of pods) {
        const err = admitted.get(p.pod.metadata.name);
        if (check(`${set.id}: ${p.what} admitted in namespace ${p.pod.metadata.namespace}`, err === undefined, err)) podsAdmitted += 1;
      }
      for (const ns of created) {
        const nsObj = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === ns);
        const level = nsObj.metadata.labels?.[PSA_ENFORCE];
        const here = pods.filter((p) => p.pod.metadata.namespace === ns);
        if (!check(`${set.id}: namespace ${ns} has a ${PSA_ENFORCE} label`, PSA_LEVELS.includes(level), `found ${JSON.stringify(level)}`)) continue;
        const stricter = stricterThan(level);
        if (!stricter) { t.log(`  namespace ${ns}: restricted, ${here.length} pods admitted`); continue; }
        if (!check(`${set.id}: namespace ${ns} at "${level}" holds pods (else it could be "restricted")`, here.length > 0)) continue;
        const moved = here.map((p) => ({ ...p.pod, metadata: { ...p.pod.metadata, namespace: scratch[stricter] } }));
        await ensureServiceAccounts(kubectl, moved.map((p) => ({ namespace: scratch[stricter], name: p.spec.serviceAccountName ?? 'default' })));
        const atStricter = await dryRunPods(kubectl, moved);
        const rejected = here.filter((p) => atStricter.get(p.pod.metadata.name) !== undefined);
        check(`${set.id}: namespace ${ns} at "${level}" is the strictest level its pods pass ("${stricter}" rejects one)`, rejected.length > 0,
          `every pod of ${ns} (${here.map((p) => p.what).join('; ')}) is admitted at "${stricter}"`);
        if (rejected.length) t.log(`  namespace ${ns}: ${level}; at ${stricter}: ${rejected[0].what} rejected (${(atStricter.get(rejected[0].pod.metadata.name) ?? '').replace(/^.*violates PodSecurity /, '').slice(0, 160)})`);
      }
    } finally {
      await deleteObjects(kubectl, objects);
      await deleteObjects(kubectl, [...suiteObjects, ...suiteSAs.map(({ namespace, name }) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } }))]);
    }
  }
  t.figures.sets = setsRun;
  t.figures.objects = objectsApplied;
  t.figures['pods admitted'] = podsAdmitted;
  t.log(`  ${setsRun} sets, ${objectsApplied} objects applied, ${podsAdmitted} pods admitted`);
}
