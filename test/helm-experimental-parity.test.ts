/**
 * ARC 0.14.2's experimental charts, as their own helm-unittest inputs render them
 * (../shared/reference-experimental, copied to test/fixtures/reference-experimental): each
 * values file goes through the CLI (`gha-rs synth --helm-chart <chart> --helm-values ...`) and
 * must give every object of the chart's render, field for field (Helm-only metadata aside),
 * nothing more, objects valid against their schemas, and the chart's own values-hash; where the
 * chart fails, the run must fail with a message at the value's path, no stack trace, nothing written.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EXPERIMENTAL_CONTROLLER_CHART_DEFAULT_VALUES } from '../src/input/helm/experimental-controller';
import { EXPERIMENTAL_CHART_DEFAULT_VALUES } from '../src/input/helm/experimental-values';
import { runCli } from './support/cli';
import { Obj, diff, id, parseYaml } from './support/compare';
import { schemaErrors } from './support/schema';
import { tempDir } from './support/temp';

const ROOT = join(__dirname, 'fixtures', 'reference-experimental');

const SUITES = [
  { dir: 'scale-set', chart: 'gha-runner-scale-set-experimental', cases: 70 },
  { dir: 'controller', chart: 'gha-runner-scale-set-controller-experimental', cases: 16 },
];

/**
 * The render without the Helm-only labels of the runner pod template (Helm's chart and manager
 * labels: not ours to write, as on the objects themselves).
 */
function withoutHelmPodLabels(o: Obj): Obj {
  const labels = o.spec?.template?.metadata?.labels;
  if (labels) for (const k of ['helm.sh/chart', 'app.kubernetes.io/managed-by']) delete labels[k];
  return o;
}

/** Every object of every manifest under `dir`. */
function readOut(dir: string): Obj[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).sort()
    .flatMap((f) => parseYaml(readFileSync(join(dir, f), 'utf8')));
}

describe.each(SUITES)('$chart', ({ dir, chart, cases }) => {
  const root = join(ROOT, dir);
  const scenarios = readdirSync(root).filter((d) => existsSync(join(root, d, 'values.yaml'))).sort();

  test(`there are ${cases} cases`, () => {
    expect(scenarios).toHaveLength(cases);
  });

  describe.each(scenarios)('%s', (scenario) => {
    const caseDir = join(root, scenario);
    const rel = parse(readFileSync(join(caseDir, 'release.yaml'), 'utf8'));
    const errorFile = join(caseDir, 'expect-error.txt');
    const run = async () => {
      const out = join(tempDir(), 'out');
      const r = await runCli(['synth', '--helm-chart', chart, '--helm-values', join(caseDir, 'values.yaml'), '--release', rel.release, '--namespace', rel.namespace, '--kube-version', rel.kubeVersion, '-o', out]);
      return { ...r, outDir: out };
    };

    if (existsSync(errorFile)) {
      const pattern = new RegExp(readFileSync(errorFile, 'utf8').trim(), 'i');
      test('fails as the chart does: a message at the value\'s path, no stack trace, nothing written', async () => {
        const r = await run();
        expect(r.status).not.toBe(0);
        expect(r.err).toMatch(pattern);
        expect(r.err).toMatch(/values\.yaml: [\w.[\]-]+: /);
        expect(r.err).not.toMatch(/\n\s+at /);
        expect(existsSync(r.outDir)).toBe(false);
      });
      return;
    }

    const expected = parseYaml(readFileSync(join(caseDir, 'expected.yaml'), 'utf8')).map(withoutHelmPodLabels);
    let actual: Obj[] = [];
    let warnings: string[] = [];
    beforeAll(async () => {
      const r = await run();
      if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.err}`);
      actual = readOut(r.outDir);
      warnings = r.err.split('\n').filter((l) => l.startsWith('warning: '));
    });

    test('every object of the chart render is written, field for field', () => {
      expect(diff(expected, actual)).toEqual([]);
    });

    test('no object beyond the render (ARC\'s CRDs aside, which the render leaves out and a controller release writes)', () => {
      const want = new Set(expected.map(id));
      expect(actual.filter((o) => o.kind !== 'CustomResourceDefinition').map(id).filter((k) => !want.has(k))).toEqual([]);
    });

    test('every object validates against its schema (ARC CRDs with unknown fields rejected), but where the chart itself writes what the CRD lacks, and a warning says so', () => {
      const said = (e: string) => {
        const field = /additional properties (\S+)$/.exec(e)?.[1] ?? /\/([^/ ]+) must have required property/.exec(e)?.[1];
        return !!field && warnings.some((w) => w.includes(field) && w.includes('CRD'));
      };
      expect(actual.flatMap(schemaErrors).filter((e) => !said(e))).toEqual([]);
    });

    const hash = (objects: Obj[]) => objects.find((o) => o.kind === 'AutoscalingRunnerSet')?.metadata.annotations?.['actions.github.com/values-hash'];
    if (hash(expected)) {
      test('the values-hash is exactly the chart\'s', () => {
        expect(hash(expected)).toMatch(/^[0-9a-f]{63}$/);
        expect(hash(actual)).toBe(hash(expected));
      });
    }
  });
});

test('the scale set chart\'s defaults are its published values.yaml (they are in the values-hash)', () => {
  const published = parse(readFileSync(join(ROOT, 'values-0.14.2', 'gha-runner-scale-set-experimental.values.yaml'), 'utf8'));
  expect(EXPERIMENTAL_CHART_DEFAULT_VALUES).toEqual(published);
});

test('the controller chart\'s defaults are its published values.yaml', () => {
  const published = parse(readFileSync(join(ROOT, 'values-0.14.2', 'gha-runner-scale-set-controller-experimental.values.yaml'), 'utf8'));
  expect(EXPERIMENTAL_CONTROLLER_CHART_DEFAULT_VALUES).toEqual(published);
});
