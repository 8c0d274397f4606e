/**
 * The chart's own renders (../shared/reference, copied to test/fixtures/reference) as tests:
 * each spec, synthesized in-process, must give every object of the render, field for field
 * (Helm-only metadata aside), and every object must pass schema validation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeFleet } from '../src/synth/fleet';
import { loadSpecs } from '../src/input/load';
import { parityTests, parseYaml } from './support/compare';
import { schemaErrors } from './support/schema';

const ROOT = join(__dirname, 'fixtures', 'reference');
const scenarios = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'spec.yaml'))).sort();

describe.each(scenarios)('reference scenario %s', (scenario) => {
  const dir = join(ROOT, scenario);
  const expected = parseYaml(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  const { specs } = loadSpecs([join(dir, 'spec.yaml')]);
  const actual = synthesizeFleet(specs).flatMap((f) => parseYaml(f.content));

  parityTests(expected, actual, schemaErrors);

  test('the AutoscalingRunnerSet carries the version label the controller checks, and a values-hash', () => {
    const ars = actual.find((o) => o.kind === 'AutoscalingRunnerSet')!;
    expect(ars.metadata.labels['app.kubernetes.io/version']).toBe('0.14.2');
    expect(ars.metadata.labels['helm.sh/chart']).toBeUndefined();
    expect(ars.metadata.annotations['actions.github.com/values-hash']).toMatch(/^[0-9a-f]{63}$/);
  });
});

test('there are six reference scenarios', () => {
  expect(scenarios).toHaveLength(6);
});
