import { helmLeftovers, helmRemovalPatch, KubeObject, kubectlType, pointerSegment } from '../../src/takeover/helm-leftovers';

/** An AutoscalingRunnerSet as Helm 3 leaves it (manager helm, Update) after our server-side apply (manager kubectl, Apply) and ARC's own writes. */
function live(over: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'actions.github.com/v1alpha1',
    kind: 'AutoscalingRunnerSet',
    metadata: {
      name: 'linux',
      namespace: 'arc-runners',
      uid: 'u-1',
      resourceVersion: '42',
      labels: { 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'gha-rs-0.14.2', 'app.kubernetes.io/name': 'linux' },
      annotations: { 'meta.helm.sh/release-name': 'linux', 'meta.helm.sh/release-namespace': 'arc-runners', 'actions.github.com/values-hash': 'h' },
      managedFields: [
        { manager: 'helm', operation: 'Update' },
        { manager: 'manager', operation: 'Update' },
        { manager: 'kubectl', operation: 'Apply' },
        { manager: 'helm', operation: 'Apply' },
      ],
      ...over,
    },
  };
}
const desired: KubeObject = {
  apiVersion: 'actions.github.com/v1alpha1',
  kind: 'AutoscalingRunnerSet',
  metadata: { name: 'linux', namespace: 'arc-runners', labels: { 'app.kubernetes.io/name': 'linux' }, annotations: { 'actions.github.com/values-hash': 'h' } },
};

test('the patch removes every helm entry (last first, each guarded), then Helm\'s labels and annotations, guarded by the resourceVersion', () => {
  expect(helmRemovalPatch(live(), desired)).toEqual([
    { op: 'test', path: '/metadata/resourceVersion', value: '42' },
    { op: 'test', path: '/metadata/managedFields/3/manager', value: 'helm' },
    { op: 'remove', path: '/metadata/managedFields/3' },
    { op: 'test', path: '/metadata/managedFields/0/manager', value: 'helm' },
    { op: 'remove', path: '/metadata/managedFields/0' },
    { op: 'remove', path: '/metadata/labels/helm.sh~1chart' },
    { op: 'remove', path: '/metadata/labels/app.kubernetes.io~1managed-by' },
    { op: 'remove', path: '/metadata/annotations/meta.helm.sh~1release-name' },
    { op: 'remove', path: '/metadata/annotations/meta.helm.sh~1release-namespace' },
  ]);
});

test('applied to the object, the patch leaves the other managers and every other label and annotation', () => {
  const o = JSON.parse(JSON.stringify(live()));
  for (const op of helmRemovalPatch(live(), desired)) {
    const [, , field, key] = op.path.split('/');
    if (op.op !== 'remove') continue;
    if (field === 'managedFields') o.metadata.managedFields.splice(Number(key), 1);
    else delete o.metadata[field][key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  expect(o.metadata.managedFields.map((e: { manager: string }) => e.manager)).toEqual(['manager', 'kubectl']);
  expect(o.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'linux' });
  expect(o.metadata.annotations).toEqual({ 'actions.github.com/values-hash': 'h' });
  expect(helmRemovalPatch(o, desired)).toEqual([]);
});

test('what our output writes itself is kept, and managed-by is Helm\'s only when it says Helm', () => {
  const ours = { ...desired, metadata: { ...desired.metadata, labels: { 'helm.sh/chart': 'mine' } } };
  expect(helmLeftovers(live(), ours).labels).toEqual(['app.kubernetes.io/managed-by']);
  expect(helmLeftovers(live({ labels: { 'app.kubernetes.io/managed-by': 'argocd' } }), desired).labels).toEqual([]);
});

test('nothing of Helm: no patch', () => {
  expect(helmRemovalPatch(live({ labels: {}, annotations: {}, managedFields: [{ manager: 'kubectl', operation: 'Apply' }] }), desired)).toEqual([]);
});

test('helm as the only manager is refused: the API server ignores an emptied managedFields list', () => {
  expect(() => helmRemovalPatch(live({ managedFields: [{ manager: 'helm', operation: 'Update' }] }), desired))
    .toThrow('AutoscalingRunnerSet arc-runners/linux: the helm field manager is its only manager; apply the object before removing helm\'s entries');
});

test('kubectl type names and JSON pointer segments', () => {
  expect(kubectlType({ apiVersion: 'v1', kind: 'Secret' })).toBe('Secret');
  expect(kubectlType({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' })).toBe('Role.v1.rbac.authorization.k8s.io');
  expect(pointerSegment('a/b~c')).toBe('a~1b~0c');
});
