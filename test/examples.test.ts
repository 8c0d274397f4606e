/** Every example the README points to synthesizes, and every object passes schema validation. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeFleet } from '../src/synth/fleet';
import { loadSpecs } from '../src/input/load';
import { parseYaml } from './support/compare';
import { schemaErrors } from './support/schema';

const ROOT = join(__dirname, '..');
const dirs = [join(ROOT, 'specs'), ...readdirSync(join(ROOT, 'examples')).map((d) => join(ROOT, 'examples', d))];

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
