/**
 * A whole Helm install in one run (`--helm-releases`): a controller and two scale sets from three
 * values files, wired as spec files are, each release's output matching what its chart renders;
 * the wiring rules and the release list's own problems.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { HELM_CHART } from '../../../src/constants';
import { HelmReleaseInput, loadHelmReleases, readReleaseList } from '../../../src/input/helm/releases';
import { Problem, SpecError } from '../../../src/input/problems';
import { synthesizeWired } from '../../../src/synth/fleet';
import { diff, Obj, parseYaml } from '../../support/compare';
import { schemaErrors } from '../../support/schema';
import { tempDir } from '../../support/temp';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const LIST = join(FIXTURES, 'helm-releases', 'releases.yaml');
const expectedOf = (...p: string[]) => parseYaml(readFileSync(join(FIXTURES, ...p, 'expected.yaml'), 'utf8'));

describe('a controller and two scale sets from three values files, in one run', () => {
  const releases = readReleaseList(LIST);
  const loaded = loadHelmReleases(releases);
  const files = synthesizeWired(loaded.scaleSets, loaded.controllers);
  const content = (name: string) => parseYaml(files.find((f) => f.name === name)!.content);

  test('the release list is read in order, values files relative to it', () => {
    expect(releases).toEqual([
      { chart: HELM_CHART.controller, releaseName: 'arc', namespace: 'arc-systems', valuesFile: relative(process.cwd(), join(FIXTURES, 'helm-controller', '03-metrics-resources', 'values.yaml')), kubeVersion: '1.33.0' },
      { chart: HELM_CHART.scaleSet, releaseName: 'proxy-tls-dind', namespace: 'runners', valuesFile: relative(process.cwd(), join(FIXTURES, 'reference-helm', '01-proxy-tls-dind', 'values.yaml')), kubeVersion: '1.33.0' },
      { chart: HELM_CHART.scaleSet, releaseName: 'listener-metrics-labels', namespace: 'runners', valuesFile: relative(process.cwd(), join(FIXTURES, 'reference-helm', '02-listener-metrics-labels', 'values.yaml')), kubeVersion: '1.33.0' },
    ]);
  });

  test('one file per release, the CRDs first', () => {
    expect(files.map((f) => f.name)).toEqual([
      '00-crds.k8s.yaml', 'controller.arc-systems.arc.k8s.yaml', 'scale-set.runners.proxy-tls-dind.k8s.yaml', 'scale-set.runners.listener-metrics-labels.k8s.yaml',
    ]);
  });

  test('parity holds for each release: the controller chart\'s render, and each scale set chart\'s render', () => {
    const controller = expectedOf('reference-controller', '03-metrics-resources');
    expect(diff(controller, content('controller.arc-systems.arc.k8s.yaml'))).toEqual([]);
    expect(diff(expectedOf('reference-helm', '01-proxy-tls-dind'), content('scale-set.runners.proxy-tls-dind.k8s.yaml'))).toEqual([]);
    expect(diff(expectedOf('reference-helm', '02-listener-metrics-labels'), content('scale-set.runners.listener-metrics-labels.k8s.yaml'))).toEqual([]);
  });

  test('wired: each scale set\'s manager RoleBinding names the controller\'s ServiceAccount, and no warning says otherwise', () => {
    const sa = content('controller.arc-systems.arc.k8s.yaml').find((o) => o.kind === 'ServiceAccount')!;
    for (const name of ['proxy-tls-dind', 'listener-metrics-labels']) {
      const binding = content(`scale-set.runners.${name}.k8s.yaml`).find((o: Obj) => o.kind === 'RoleBinding' && o.metadata.labels?.['app.kubernetes.io/component'] === 'manager-role-binding')!;
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: sa.metadata.namespace }]);
    }
    expect(loaded.warnings.filter((w) => w.path === 'controllerServiceAccount')).toEqual([]);
  });

  test('every object validates against its schema', () => {
    expect(files.filter((f) => f.name !== '00-crds.k8s.yaml').flatMap((f) => parseYaml(f.content)).flatMap(schemaErrors)).toEqual([]);
  });
});

describe('wiring rules across releases, as for spec files', () => {
  const dir = tempDir();
  let n = 0;
  const rel = (chart: string, values: Record<string, unknown>, releaseName: string, namespace: string): HelmReleaseInput => {
    const valuesFile = join(dir, `v${++n}.yaml`);
    writeFileSync(valuesFile, stringify(values));
    return { chart, valuesFile, releaseName, namespace };
  };
  const scaleSet = (extra: Record<string, unknown> = {}, name = 'linux', ns = 'arc-runners') => rel(HELM_CHART.scaleSet, { githubConfigUrl: 'https://github.com/org', githubConfigSecret: 'gh', ...extra }, name, ns);
  const controller = (values: Record<string, unknown> = {}, name = 'ctl', ns = 'arc-systems') => rel(HELM_CHART.controller, values, name, ns);
  const problems = (releases: HelmReleaseInput[]): string[] => {
    try {
      loadHelmReleases(releases);
    } catch (e) {
      if (e instanceof SpecError) return e.problems.map((p: Problem) => `${p.path}: ${p.message}`);
      throw e;
    }
    return [];
  };

  test('a scale set that names no controller uses the run\'s one controller, whatever its name', () => {
    const loaded = loadHelmReleases([controller({}, 'ctl'), scaleSet()]);
    expect(loaded.warnings).toEqual([]);
    const files = synthesizeWired(loaded.scaleSets, loaded.controllers);
    const binding = parseYaml(files.find((f) => f.name === 'scale-set.arc-runners.linux.k8s.yaml')!.content).find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'linux-gha-rs-manager')!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'ctl-gha-rs-controller', namespace: 'arc-systems' }]);
  });

  test('a scale set outside the namespace a single-namespace controller watches is an error at its values', () => {
    expect(problems([controller({ flags: { watchSingleNamespace: 'team-a' } }), scaleSet()])).toEqual([
      ': "arc-runners" is outside the one namespace its controller "ctl" (' + relative(process.cwd(), join(dir, `v${n - 1}.yaml`)) + '; ServiceAccount arc-systems/ctl-gha-rs-controller) watches: "team-a" (its flags.watchSingleNamespace); the controller would never see this scale set. Put the scale set in "team-a" or change the controller\'s watchSingleNamespace',
    ]);
  });

  test('a controller of another ARC version is an error at image.tag', () => {
    const [p] = problems([controller({ image: { tag: '0.13.1' } }), scaleSet()]);
    expect(p).toMatch(/^image\.tag: "0\.13\.1" runs ARC 0\.13, but the scale sets it runs \(.*v\d+\.yaml\) carry app\.kubernetes\.io\/version 0\.14\.2/);
  });

  test('two controllers: a scale set must name one; naming one binds it', () => {
    const [p] = problems([controller({}, 'a', 'ns-a'), controller({}, 'b', 'ns-b'), scaleSet()]);
    expect(p).toMatch(/^controllerServiceAccount: not set, but 2 controllers are in the specs, so which one runs this scale set is ambiguous/);
    const named = loadHelmReleases([controller({}, 'a', 'ns-a'), controller({}, 'b', 'ns-b'), scaleSet({ controllerServiceAccount: { name: 'b-gha-rs-controller', namespace: 'ns-b' } })]);
    const files = synthesizeWired(named.scaleSets, named.controllers);
    const binding = parseYaml(files.find((f) => f.name === 'scale-set.arc-runners.linux.k8s.yaml')!.content).find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'linux-gha-rs-manager')!;
    expect(binding.subjects[0]).toEqual({ kind: 'ServiceAccount', name: 'b-gha-rs-controller', namespace: 'ns-b' });
  });

  test('problems of every release are reported together', () => {
    expect(problems([controller({ serviceAccount: { name: 'default' } }), scaleSet({ githubConfigUrl: null })]).map((p) => p.split(':')[0])).toEqual(['serviceAccount.name', 'githubConfigUrl']);
  });
});

describe('the release list file', () => {
  const dir = tempDir();
  const list = (text: string) => {
    const f = join(dir, `releases-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(f, text);
    return f;
  };
  const problems = (f: string) => {
    try {
      readReleaseList(f);
    } catch (e) {
      return (e as SpecError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    return [];
  };

  test('every problem, with its path', () => {
    expect(problems(list([
      'releases:',
      '  - name: Arc',
      '    namespace: arc-systems',
      '    chart: gha-runner-scale-set-controler',
      '  - name: linux',
      '    namespace: runners',
      '    values: a.yaml',
      '    valuess: b.yaml',
      '  - name: linux',
      '    namespace: runners',
      '    values: c.yaml',
    ].join('\n')))).toEqual([
      'releases[0].name: "Arc" is not a valid release name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters)',
      'releases[0].chart: "gha-runner-scale-set-controler" is not allowed (did you mean "gha-runner-scale-set-controller"?); allowed: gha-runner-scale-set, gha-runner-scale-set-controller, gha-runner-scale-set-experimental, gha-runner-scale-set-controller-experimental',
      'releases[0].values: is required (the values file of the release (helm -f), relative to this file, or a list of them)',
      'releases[1].valuess: unknown field (did you mean "values"?); allowed: name, namespace, chart, values, kubeVersion',
      'releases[2].name: "linux" in namespace "runners" is release 2 too; Helm takes one release of a name per namespace',
    ]);
  });

  test('a missing values file is a problem of the run, named by its path', () => {
    const releases = readReleaseList(list('releases:\n  - {name: a, namespace: b, values: missing.yaml}\n'));
    expect(() => loadHelmReleases(releases)).toThrow(/missing\.yaml: cannot be read: does not exist; check the path \(ENOENT\)/);
  });
});
