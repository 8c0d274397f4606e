/**
 * `gha-rs convert` of ARC's experimental charts: for every case of their helm-unittest suites
 * that renders (test/fixtures/reference-experimental), convert prints a spec holding no
 * credential, and `gha-rs synth` of that spec (the variables convert names set) writes exactly
 * what `gha-rs synth --helm-chart ... --helm-values` writes for the values: the same files, the
 * same objects, the chart's values-hash included. No case is refused: the spec carries every value.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, writeIn } from '../support/cli';
import { tempDir } from '../support/temp';

const ROOT = join(__dirname, '..', 'fixtures', 'reference-experimental');
const SUITES = [
  { dir: 'scale-set', chart: 'gha-runner-scale-set-experimental', kind: 'KubernetesGhaRunnerScaleSet', rendering: 60 },
  { dir: 'controller', chart: 'gha-runner-scale-set-controller-experimental', kind: 'KubernetesGhaRunnerScaleSetController', rendering: 15 },
];

/** Every output file under `dir`, by name. */
function files(dir: string): Record<string, string> {
  return Object.fromEntries((readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** The credential values of a values file (auth.githubToken, auth.app.*), which the printed spec must not hold. */
function credentialValues(values: any): string[] {
  const auth = values?.auth ?? {};
  return [auth.githubToken, auth.app?.privateKey].filter((x) => typeof x === 'string' && x.length > 3);
}

describe.each(SUITES)('convert --helm-chart $chart', ({ dir, chart, kind, rendering }) => {
  const root = join(ROOT, dir);
  const scenarios = readdirSync(root).filter((d) => existsSync(join(root, d, 'expected.yaml'))).sort();

  test(`every rendering case is converted (${rendering})`, () => {
    expect(scenarios).toHaveLength(rendering);
  });

  test.each(scenarios)('%s: synth of the printed spec writes what the values give', async (scenario) => {
    const caseDir = join(root, scenario);
    const rel = parse(readFileSync(join(caseDir, 'release.yaml'), 'utf8'));
    const values = parse(readFileSync(join(caseDir, 'values.yaml'), 'utf8'));
    const release = ['--release', rel.release, '--namespace', rel.namespace, '--kube-version', rel.kubeVersion];
    const helmArgs = ['--helm-chart', chart, '--helm-values', join(caseDir, 'values.yaml'), ...release];
    const tmp = tempDir();

    const converted = await runCli(['convert', ...helmArgs]);
    expect(converted.status).toBe(0);
    const doc = parse(converted.out);
    expect(doc).toMatchObject({ apiVersion: 'kubernetes.project-planton.org/v1', kind, metadata: { name: rel.release }, spec: { namespace: rel.namespace, kubeVersion: rel.kubeVersion } });
    for (const secret of credentialValues(values)) {
      expect(converted.out).not.toContain(secret);
      expect(converted.err).not.toContain(secret);
    }
    // the variables stderr names, with the values they stand for
    const env: Record<string, string> = {};
    for (const m of converted.err.matchAll(/([A-Z0-9_]+) \(the value of ([\w.]+)\)/g)) {
      env[m[1]] = String(m[2].split('.').reduce((o: any, k) => o?.[k], values));
    }
    const moved = Object.keys(env).length;
    expect(moved).toBe(dir === 'controller' ? 0 : [values?.auth?.githubToken, values?.auth?.app?.clientId, values?.auth?.app?.installationId, values?.auth?.app?.privateKey].filter((x) => x !== undefined && x !== null && x !== '').length);
    // the spec keeps the chart's values-hash: no listener restart to announce
    expect(converted.err).not.toContain('restarts the listener');

    const spec = writeIn(tmp, 'spec.yaml', converted.out);
    const fromSpec = join(tmp, 'from-spec');
    const fromValues = join(tmp, 'from-values');
    Object.assign(process.env, env);
    let a;
    try {
      a = await runCli(['synth', '-q', '-f', spec, '-o', fromSpec]);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
    const b = await runCli(['synth', '-q', ...helmArgs, '-o', fromValues]);
    expect([a.status, b.status]).toEqual([0, 0]);
    // what is said beyond -q (a Secret in plain text) is said of both
    expect(a.err.split(fromSpec).join('OUT')).toBe(b.err.split(fromValues).join('OUT'));
    const written = files(fromSpec);
    expect(Object.keys(written).length).toBeGreaterThan(0);
    expect(written).toEqual(files(fromValues));
  });
});
