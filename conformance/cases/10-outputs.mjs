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
import YAML from 'yaml';
import { allSets, synth } from '../lib/inputs.mjs';
import {
  apply, deleteObjects, ensureNamespace, ensureServiceAccount, keyOf, liveObjects, namespacesUsed,
  PSA_ENFORCE, PSA_LEVELS, readObjects, setNamespaceLevel, SUITE_MANAGER,
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
  const input = pods.map((p) => YAML.stringify(p)).join('---\n');
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
    await ensureNamespace(kubectl, scratch[level]);
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
    try {
      // namespaces: those the output writes into exist (created bare, as the cluster's owner
      // would); none carries a Pod Security label the output did not give it
      for (const ns of new Set([...namespacesUsed(objects), ...podNamespaces, ...created])) {
        await ensureNamespace(kubectl, ns);
        await setNamespaceLevel(kubectl, ns, undefined);
      }

      const dry = await apply(kubectl, out, { dryRun: true });
      check(`${set.id}: ${objects.length} objects accepted by server-side dry-run`, dry.code === 0, dry.stderr);
      const first = await apply(kubectl, out);
      if (!check(`${set.id}: ${objects.length} objects applied (server-side)`, first.code === 0, first.stderr)) continue;
      objectsApplied += objects.length;

      // steady state
      const live1 = await liveObjects(kubectl, objects);
      const missing = objects.filter((o) => !live1.has(keyOf(o))).map(keyOf);
      check(`${set.id}: every object exists after the apply`, missing.length === 0, missing.join(', '));
      for (const n of [2, 3]) {
        const again = await apply(kubectl, out);
        check(`${set.id}: apply #${n} succeeds`, again.code === 0, again.stderr);
      }
      const live3 = await liveObjects(kubectl, objects);
      const drifting = [];
      for (const [key, a] of live1) {
        const b = live3.get(key);
        if (!b) { drifting.push(`${key}: gone`); continue; }
        if (a.metadata.resourceVersion !== b.metadata.resourceVersion || a.metadata.generation !== b.metadata.generation) {
          drifting.push(`${key}: resourceVersion ${a.metadata.resourceVersion} -> ${b.metadata.resourceVersion}, generation ${a.metadata.generation} -> ${b.metadata.generation}; ${differences(withoutBookkeeping(a), withoutBookkeeping(b)).join('; ') || 'same content'}`);
        }
      }
      check(`${set.id}: steady: applies #2 and #3 change no object (resourceVersion, generation)`, drifting.length === 0, drifting.join('\n'));
      const diff = await kubectl(['diff', '--server-side', '--field-manager=gha-rs', '-f', out]);
      check(`${set.id}: kubectl diff --server-side is empty`, diff.code === 0, diff.code === 1 ? diff.stdout.slice(0, 4000) : diff.stderr);

      // Pod Security, by the real admission
      const inOutput = new Set(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
      for (const { pod } of pods) {
        const sa = pod.spec.serviceAccountName ?? 'default';
        // ServiceAccounts the output does not write: the listener's (ARC makes it), "default"
        // (kube-controller-manager makes it), or one the user names and manages
        if (!inOutput.has(`${pod.metadata.namespace}/${sa}`) && await ensureServiceAccount(kubectl, pod.metadata.namespace, sa)) suiteSAs.push({ ns: pod.metadata.namespace, sa });
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
        for (const p of moved) await ensureServiceAccount(kubectl, scratch[stricter], p.spec.serviceAccountName ?? 'default');
        const atStricter = await dryRunPods(kubectl, moved);
        const rejected = here.filter((p) => atStricter.get(p.pod.metadata.name) !== undefined);
        check(`${set.id}: namespace ${ns} at "${level}" is the strictest level its pods pass ("${stricter}" rejects one)`, rejected.length > 0,
          `every pod of ${ns} (${here.map((p) => p.what).join('; ')}) is admitted at "${stricter}"`);
        if (rejected.length) t.log(`  namespace ${ns}: ${level}; at ${stricter}: ${rejected[0].what} rejected (${(atStricter.get(rejected[0].pod.metadata.name) ?? '').replace(/^.*violates PodSecurity /, '').slice(0, 160)})`);
      }
    } finally {
      await deleteObjects(kubectl, objects);
      for (const { ns, sa } of suiteSAs) await kubectl(['delete', 'serviceaccount', sa, '-n', ns, '--ignore-not-found']);
    }
  }
  t.figures.sets = setsRun;
  t.figures.objects = objectsApplied;
  t.figures['pods admitted'] = podsAdmitted;
  t.log(`  ${setsRun} sets, ${objectsApplied} objects applied, ${podsAdmitted} pods admitted`);
}
