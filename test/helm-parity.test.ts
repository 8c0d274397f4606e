/**
 * The chart's renders of Helm values (../shared/reference-helm, copied to
 * test/fixtures/reference-helm) as tests: each values file, through `--helm-values`' pipeline
 * in-process, must give every object of the render, field for field (Helm-only metadata aside),
 * nothing more, and every object must pass schema validation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HELM_CHART } from '../src/constants';
import { synthesizeScaleSets, synthesizeWired } from '../src/synth/fleet';
import { loadHelmReleases } from '../src/input/helm/releases';
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

/**
 * The controller chart's renders (../shared/reference-helm-controller, copied to
 * test/fixtures/reference-helm-controller): its 0.14.2 values (pprof, the workqueue rate limiter,
 * the health probes) and one `--auto-scaler-image-pull-secrets` flag per Secret.
 */
const CONTROLLER_ROOT = join(__dirname, 'fixtures', 'reference-helm-controller');
const controllerScenarios = readdirSync(CONTROLLER_ROOT).filter((d) => existsSync(join(CONTROLLER_ROOT, d, 'values.yaml'))).sort();

describe.each(controllerScenarios)('helm controller reference scenario %s', (scenario) => {
  const dir = join(CONTROLLER_ROOT, scenario);
  const rel = parse(readFileSync(join(dir, 'release.yaml'), 'utf8'));
  const expected = parseYaml(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
  const loaded = loadHelmReleases([{
    chart: HELM_CHART.controller, valuesFile: join(dir, 'values.yaml'), releaseName: rel.release, namespace: rel.namespace, kubeVersion: rel.kubeVersion,
  }]);
  const actual = synthesizeWired(loaded.scaleSets, loaded.controllers).filter((f) => f.name !== '00-crds.k8s.yaml').flatMap((f) => parseYaml(f.content));

  parityTests(expected, actual, schemaErrors);

  test('the Deployment spec is the render\'s, args in order, ports and probes', () => {
    const deployment = (objects: any[]) => objects.find((o) => o.kind === 'Deployment').spec;
    expect(deployment(actual)).toEqual(deployment(expected));
  });

  test('no warning', () => expect(loaded.warnings).toEqual([]));
});

test('there is one helm controller reference scenario', () => {
  expect(controllerScenarios).toEqual(['01-flags-0.14.2']);
});
