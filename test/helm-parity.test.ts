/**
 * The chart's renders of Helm values (../shared/reference-helm, copied to
 * test/fixtures/reference-helm) as tests: each values file, through `--helm-values`' pipeline
 * in-process, must give every object of the render, field for field (Helm-only metadata aside),
 * nothing more, and every object must pass schema validation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { synthesizeScaleSets } from '../src/synth/fleet';
import { loadHelmRelease } from '../src/input/helm/load';
import { parityTests, parseYaml } from './support/compare';
import { schemaErrors } from './support/schema';

const ROOT = join(__dirname, 'fixtures', 'reference-helm');
const scenarios = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'values.yaml'))).sort();

describe.each(scenarios)('helm reference scenario %s', (scenario) => {
  const dir = join(ROOT, scenario);
  const rel = parse(readFileSync(join(dir, 'release.yaml'), 'utf8'));
  const expected = parseYaml(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  const { props, loaded } = loadHelmRelease(join(dir, 'values.yaml'), { releaseName: rel.release, namespace: rel.namespace, kubeVersion: rel.kubeVersion });
  const actual = synthesizeScaleSets([{ source: loaded.file, name: rel.release, props }]).flatMap((f) => parseYaml(f.content));

  parityTests(expected, actual, schemaErrors);

  test('the values-hash is exactly the chart\'s (no listener restart when migrating from Helm)', () => {
    const hash = (objects: any[]) => objects.find((o) => o.kind === 'AutoscalingRunnerSet').metadata.annotations['actions.github.com/values-hash'];
    expect(hash(expected)).toMatch(/^[0-9a-f]{63}$/);
    expect(hash(actual)).toBe(hash(expected));
  });
});

test('there are six helm reference scenarios', () => {
  expect(scenarios).toHaveLength(6);
});
