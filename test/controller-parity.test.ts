/**
 * The controller chart's own renders (../shared/reference-controller, copied to
 * test/fixtures/reference-controller) as tests: each controller spec, synthesized in-process, must
 * give every object of the render, field for field (Helm-only metadata aside), nothing more beside
 * the CRDs, and every object must pass schema validation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeFleet } from '../src/synth/fleet';
import { loadSpecs } from '../src/input/load';
import { parityTests, parseYaml } from './support/compare';
import { schemaErrors } from './support/schema';

const ROOT = join(__dirname, 'fixtures', 'reference-controller');
const scenarios = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'spec.yaml'))).sort();

describe.each(scenarios)('controller reference scenario %s', (scenario) => {
  const dir = join(ROOT, scenario);
  const expected = parseYaml(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  const { specs, controllers } = loadSpecs([join(dir, 'spec.yaml')]);
  const files = synthesizeFleet(specs, controllers);
  const actual = files.filter((f) => f.name !== '00-crds.k8s.yaml').flatMap((f) => parseYaml(f.content));

  parityTests(expected, actual, schemaErrors);

  test('the Deployment spec matches the render exactly, args in order', () => {
    const e = expected.find((o) => o.kind === 'Deployment')!;
    const a = actual.find((o) => o.kind === 'Deployment')!;
    expect(a.spec).toEqual(e.spec);
  });

  test('the CRDs come first, in their own file', () => {
    expect(files.map((f) => f.name).sort()[0]).toBe('00-crds.k8s.yaml');
    expect(parseYaml(files.find((f) => f.name === '00-crds.k8s.yaml')!.content).map((o) => o.metadata.name)).toEqual([
      'autoscalingrunnersets.actions.github.com',
      'autoscalinglisteners.actions.github.com',
      'ephemeralrunnersets.actions.github.com',
      'ephemeralrunners.actions.github.com',
    ]);
  });
});

test('there are three controller reference scenarios', () => {
  expect(scenarios).toHaveLength(3);
});
