// Pruning what left the specs, as the README's "Removing what left the specs" says: one kubectl
// ApplySet per namespace (KUBECTL_APPLYSET=true, parent Secret `gha-rs`), applied from the output
// files of that namespace. A scale set removed from the specs is pruned by the next apply of its
// namespace (its cluster-scoped and namespaced objects alike); the others keep their uid. A
// namespace left with nothing (here: the controller's, ClusterRoles included) is emptied by the
// README's commands that delete the ApplySet's members by its label. With no controller running,
// an object with ARC's cleanup finalizer stays Terminating: pruned means gone or being deleted.
import { execFile } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deleteObjects, ensureNamespace, keyOf, liveObjects, readObjects } from '../lib/kube.mjs';
import { synth } from '../lib/inputs.mjs';

const APPLYSET = 'gha-rs';
const NS = { runners: 'conformance-prune-runners', other: 'conformance-prune-other', ctl: 'conformance-prune-ctl' };

const scaleSet = (name, namespace) => `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesGhaRunnerScaleSet
metadata: {name: ${name}}
spec:
  namespace: ${namespace}
  github: {configUrl: https://github.com/acme, existingSecretName: github-app}
  containerMode: {type: KUBERNETES_NO_VOLUME}
`;
const controller = `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesGhaRunnerScaleSetController
metadata: {name: prune-arc}
spec:
  namespace: ${NS.ctl}
`;

/** The README's loop body: one namespace's files, applied as its ApplySet with pruning. */
function applyNamespace(t, out, ns) {
  const files = readdirSync(out).filter((f) => f.endsWith('.k8s.yaml') && (f.startsWith(`scale-set.${ns}.`) || f.startsWith(`controller.${ns}.`)));
  return sh(t, `kubectl apply --server-side --prune --applyset=${APPLYSET} -n "$NS" ${files.map((f) => `-f "$OUT/${f}"`).join(' ')}`, { NS: ns, OUT: out });
}

/** The README's commands for a namespace the specs left: its ApplySet's members deleted by label, then the parent. */
function emptyNamespace(t, ns) {
  return sh(t, [
    'id=$(kubectl -n "$NS" get secret gha-rs -o jsonpath=\'{.metadata.labels.applyset\\.kubernetes\\.io/id}\')',
    'kinds=$(kubectl -n "$NS" get secret gha-rs -o jsonpath=\'{.metadata.annotations.applyset\\.kubernetes\\.io/contains-group-kinds}\')',
    'kubectl delete "$kinds" -n "$NS" -l applyset.kubernetes.io/part-of="$id" --wait=false',
    'kubectl -n "$NS" delete secret gha-rs',
  ].join(' && '), { NS: ns });
}

/** A shell command with the suite's kubectl first on PATH, as a user would run it. */
function sh(t, script, env = {}) {
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], {
      encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env, PATH: `${t.bin}:${process.env.PATH}`, KUBECONFIG: t.kubeconfig, KUBECTL_KUBERC: 'false', KUBECTL_APPLYSET: 'true' },
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

const pruned = (live, o) => !live.get(keyOf(o)) || !!live.get(keyOf(o)).metadata.deletionTimestamp;

export async function run(t) {
  const { kubectl, check } = t;
  for (const ns of Object.values(NS)) await ensureNamespace(kubectl, ns);
  const specs = t.tmp('prune-specs');
  const write = (files) => {
    for (const f of readdirSync(specs)) rmSync(join(specs, f));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(specs, name), text);
  };
  const outOf = async (name) => {
    const out = join(t.tmp(`prune-${name}`), 'dist');
    const r = await synth(t.root, ['-f', specs], out);
    if (r.code !== 0) throw new Error(`gha-rs synth: ${r.stderr}`);
    return out;
  };

  // 1. two scale sets in one namespace, one in another, a controller in a third
  write({ 'a.yaml': scaleSet('prune-a', NS.runners), 'b.yaml': scaleSet('prune-b', NS.runners), 'c.yaml': scaleSet('prune-c', NS.other), 'arc.yaml': controller });
  const out1 = await outOf('1');
  for (const ns of Object.values(NS)) {
    const r = await applyNamespace(t, out1, ns);
    check(`first apply of ${ns} as ApplySet ${APPLYSET}`, r.code === 0, r.stderr);
  }
  const all = readObjects(out1).filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
  const first = await liveObjects(kubectl, all);
  const unlabelled = all.filter((o) => !first.get(keyOf(o))?.metadata.labels?.['applyset.kubernetes.io/part-of']).map(keyOf);
  check('every object applied is a member of its namespace\'s ApplySet', unlabelled.length === 0, unlabelled.join(', '));

  try {
    // 2. prune-b leaves the specs: the next apply of its namespace prunes it, and only it
    write({ 'a.yaml': scaleSet('prune-a', NS.runners), 'c.yaml': scaleSet('prune-c', NS.other), 'arc.yaml': controller });
    const out2 = await outOf('2');
    for (const ns of Object.values(NS)) {
      const r = await applyNamespace(t, out2, ns);
      check(`second apply of ${ns} (prune-b removed)`, r.code === 0, r.stderr);
      if (ns === NS.runners) check('kubectl says what it pruned', /pruned/.test(r.stdout), r.stdout);
    }
    const kept = readObjects(out2).filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
    const gone = all.filter((o) => !kept.some((k) => keyOf(k) === keyOf(o)));
    const second = await liveObjects(kubectl, all);
    check('prune-b\'s objects are pruned', gone.length > 0 && gone.every((o) => pruned(second, o)), gone.filter((o) => !pruned(second, o)).map(keyOf).join(', '));
    const moved = kept.filter((o) => second.get(keyOf(o))?.metadata.uid !== first.get(keyOf(o))?.metadata.uid || second.get(keyOf(o))?.metadata.deletionTimestamp).map(keyOf);
    check('every other object is kept, with its uid', moved.length === 0, moved.join(', '));

    // 3. the controller leaves the specs: its namespace has no file left, so kubectl has nothing to
    // apply there (it refuses an empty apply); the README's commands delete the ApplySet's members
    write({ 'a.yaml': scaleSet('prune-a', NS.runners), 'c.yaml': scaleSet('prune-c', NS.other) });
    const out3 = await outOf('3');
    const empty = await applyNamespace(t, out3, NS.ctl);
    check('an apply with no file of the namespace is refused by kubectl (why the README deletes by label)', empty.code !== 0, empty.stdout);
    const r = await emptyNamespace(t, NS.ctl);
    check(`the README's commands empty ${NS.ctl}'s ApplySet`, r.code === 0, r.stderr);
    const ctlObjects = all.filter((o) => o.metadata.namespace === NS.ctl || !o.metadata.namespace);
    const third = await liveObjects(kubectl, all);
    check('the controller\'s objects, ClusterRoles included, are pruned', ctlObjects.length > 0 && ctlObjects.every((o) => pruned(third, o)), ctlObjects.filter((o) => !pruned(third, o)).map(keyOf).join(', '));
    const parent = await kubectl(['get', 'secret', APPLYSET, '-n', NS.ctl, '-o', 'name', '--ignore-not-found']);
    check('the emptied namespace\'s ApplySet parent is gone', parent.stdout.trim() === '', parent.stdout);
    const others = readObjects(out3).filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition').filter((o) => pruned(third, o)).map(keyOf);
    check('the scale sets still in the specs are untouched', others.length === 0, others.join(', '));
  } finally {
    await deleteObjects(kubectl, all);
    for (const ns of [NS.runners, NS.other]) await kubectl(['delete', 'secret', APPLYSET, '-n', ns, '--ignore-not-found']);
  }
}
