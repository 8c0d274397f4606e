/**
 * The Kubernetes shapes of src/k8s.ts name their fields: a misspelt field is a type error
 * (`npm test` type-checks this file; each `@ts-expect-error` fails the build if the error is gone).
 */
import type { Container, ObjectMeta, PodSpec, Volume } from '../src/k8s';

test('misspelt fields do not type-check', () => {
  // @ts-expect-error volumeMount is not a container field (volumeMounts is)
  const container: Container = { name: 'runner', volumeMount: [] };
  // @ts-expect-error serviceAcountName is misspelt
  const spec: PodSpec = { serviceAcountName: 'x' };
  // @ts-expect-error emptydir is not a volume source (emptyDir is)
  const volume: Volume = { name: 'work', emptydir: {} };
  // @ts-expect-error label is not a metadata field
  const meta: ObjectMeta = { name: 'x', label: {} };
  const fine: PodSpec = { containers: [{ name: 'runner', securityContext: { privileged: true } }], volumes: [{ name: 'work', emptyDir: {} }] };
  expect([container, spec, volume, meta].map((o) => Object.keys(o).length)).toEqual([2, 1, 2, 2]);
  expect(fine.volumes).toEqual([{ name: 'work', emptyDir: {} }]);
});
