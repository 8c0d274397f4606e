/** Every example the docs point to synthesizes, and every object passes schema validation. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadHelmReleases, readReleaseList } from '../src/input/helm/releases';
import { synthesizeFleet, synthesizeWired } from '../src/synth/fleet';
import { loadSpecs } from '../src/input/load';
import { parseYaml } from './support/compare';
import { schemaErrors } from './support/schema';

const ROOT = join(__dirname, '..');
const dirs = [join(ROOT, 'specs'), ...readdirSync(join(ROOT, 'examples')).map((d) => join(ROOT, 'examples', d))];
/** Helm installs (values files and a release list, no spec file) live apart, so that `-f examples` reads specs only. */
const helmInstalls = readdirSync(join(ROOT, 'examples-helm')).map((d) => join(ROOT, 'examples-helm', d));

test.each(helmInstalls)('%s (a Helm install) synthesizes to valid objects, wired, without a warning', (dir) => {
  const { controllers, scaleSets, warnings } = loadHelmReleases(readReleaseList(join(dir, 'releases.yaml')));
  expect(warnings).toEqual([]);
  const objects = synthesizeWired(scaleSets, controllers).filter((f) => f.name !== '00-crds.k8s.yaml').flatMap((f) => parseYaml(f.content));
  expect(objects.flatMap(schemaErrors)).toEqual([]);
  const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.namespace === controllers[0].spec.namespace)!;
  const managerBindings = objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.labels?.['app.kubernetes.io/component'] === 'manager-role-binding');
  expect(managerBindings).toHaveLength(scaleSets.length);
  for (const b of managerBindings) expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: sa.metadata.namespace }]);
});

test.each(dirs)('%s synthesizes to valid objects', (dir) => {
  const { specs, controllers } = loadSpecs([dir]);
  expect(specs.length).toBeGreaterThan(0);
  const objects = synthesizeFleet(specs, controllers).filter((f) => f.name !== '00-crds.k8s.yaml').flatMap((f) => parseYaml(f.content));
  expect(objects.flatMap(schemaErrors)).toEqual([]);
  expect(objects.filter((o) => o.kind === 'AutoscalingRunnerSet')).toHaveLength(specs.length);
});

test('the example spec holds no credential', () => {
  const { specs } = loadSpecs([join(ROOT, 'specs', 'example.yaml')]);
  expect(specs[0].spec.github.existingSecretName).toBe('github-app');
  expect(specs[0].spec.containerMode.type).toBe('DIND');
});
