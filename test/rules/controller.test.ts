/**
 * Each controller and wiring rule is written once (src/rules/controller.ts, src/rules/wiring.ts):
 * a controller spec file, controller chart values and the constructs report the same rule, in the
 * same words, under the field as each of them names it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { HELM_CHART } from '../../src/constants';
import { GhaRunnerScaleSet } from '../../src/constructs/gha-runner-scale-set';
import { GitHubAuth } from '../../src/constructs/github-auth';
import { GhaRunnerScaleSetController, GhaRunnerScaleSetControllerProps } from '../../src/controller/gha-runner-scale-set-controller';
import { loadHelmReleases, readReleaseList } from '../../src/input/helm/releases';
import { loadHelmRelease } from '../../src/input/helm/load';
import { SpecError } from '../../src/input/problems';
import { fullNameProblem, metricsAddrProblem, nameOverrideProblem, podMonitorIntervalProblem, podMonitorProblems, releaseNameProblem, serviceAccountNameProblem } from '../../src/rules/controller';
import { namespaceProblem } from '../../src/rules/scale-set';
import { problemsOf, specDoc } from '../support/specs';
import { watchedNamespaceProblem } from '../../src/rules/wiring';
import { controller, load, scaleSet } from '../controller/support';
import { tempDir } from '../support/temp';

/** The problems of controller chart values, as `path: message`. */
function helmProblems(values: Record<string, unknown>, releaseName = 'arc', namespace = 'arc-systems'): string[] {
  const file = join(tempDir(), 'values.yaml');
  writeFileSync(file, stringify(values));
  try {
    loadHelmReleases([{ chart: HELM_CHART.controller, valuesFile: file, releaseName, namespace }]);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

const specProblems = (spec: string) => load(controller('arc', `namespace: arc-systems\n${spec}`)).errors.map((l) => l.replace(/ \(line \d+\)$/, ''));

function constructProblems(props: Partial<GhaRunnerScaleSetControllerProps>): string[] {
  return new GhaRunnerScaleSetController(Testing.chart(), 'arc', { namespace: 'arc-systems', ...props }).node.validate();
}

/** The problems of one scale set's values (`--helm-values`), as `path: message`. */
function scaleSetHelmProblems(releaseName: string, namespace = 'runners'): string[] {
  const dir = tempDir();
  const file = join(dir, 'values.yaml');
  writeFileSync(file, stringify({ githubConfigUrl: 'https://github.com/acme', githubConfigSecret: 'gh', runnerScaleSetName: 'linux', controllerServiceAccount: { name: 'c', namespace: 'n' } }));
  try {
    loadHelmRelease(file, { releaseName, namespace }, dir);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

/** The problems of a release list file, as `path: message`. */
function releaseListProblems(release: Record<string, unknown>): string[] {
  const dir = tempDir();
  const file = join(dir, 'releases.yaml');
  writeFileSync(file, stringify({ releases: [{ values: 'v.yaml', ...release }] }));
  try {
    readReleaseList(file, dir);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('one rule, every path', () => {
  test('a release name of more than 53 characters', () => {
    const name = 'r'.repeat(54);
    const rule = `"${name}" is not a valid release name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters)`;
    expect(releaseNameProblem(name)).toBe(rule);
    // controller: spec file, chart values (--release), release list, construct
    expect(load(controller(name, 'namespace: arc-systems')).errors.map((l) => l.replace(/ \(line \d+\)$/, ''))).toEqual([`a.yaml: metadata.name: ${rule}`]);
    expect(helmProblems({}, name)).toEqual([`: the release name ${rule}`]);
    expect(releaseListProblems({ name, namespace: 'arc-systems' })).toEqual([`releases[0].name: ${rule}`]);
    expect(new GhaRunnerScaleSetController(Testing.chart(), 'arc', { namespace: 'arc-systems', releaseName: name }).node.validate()).toEqual([`releaseName: ${rule}`]);
    // scale set (its own scale set name set, so the release name's rule is the one broken): spec file, --release
    expect(problemsOf([specDoc({ runnerScaleSetName: 'linux' }, name)]).map((l) => l.replace(/ \(line \d+\)$/, ''))).toEqual([`F: metadata.name: ${rule}`]);
    expect(scaleSetHelmProblems(name)).toEqual([`--release: ${rule}`]);
  });

  test('a namespace that is no DNS label', () => {
    const rule = namespaceProblem('Team_A');
    expect(rule).toBe('"Team_A" is not a valid namespace (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)');
    expect(specProblems('flags: {watchSingleNamespace: Team_A}')).toEqual([`a.yaml: spec.flags.watchSingleNamespace: ${rule}`]);
    expect(load(controller('arc', 'namespace: Team_A')).errors.map((l) => l.replace(/ \(line \d+\)$/, ''))).toEqual([`a.yaml: spec.namespace: ${rule}`]);
    expect(helmProblems({ flags: { watchSingleNamespace: 'Team_A' } })).toEqual([`flags.watchSingleNamespace: ${rule}`]);
    expect(helmProblems({}, 'arc', 'Team_A')).toEqual([`--namespace: ${rule}`]);
    expect(helmProblems({ namespaceOverride: 'Team_A' })).toEqual([`namespaceOverride: ${rule}`]);
    expect(releaseListProblems({ name: 'arc', namespace: 'Team_A' })).toEqual([`releases[0].namespace: ${rule}`]);
    expect(scaleSetHelmProblems('linux', 'Team_A')).toEqual([`--namespace: ${rule}`]);
    expect(constructProblems({ namespace: 'Team_A' })).toEqual([`namespace: ${rule}`]);
    expect(constructProblems({ flags: { watchSingleNamespace: 'Team_A' } })).toEqual([`flags.watchSingleNamespace: ${rule}`]);
  });

  test('a nameOverride that is no label value', () => {
    const rule = '"my app" is not a label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit): the chart writes it, cut to 63 characters, as the app.kubernetes.io/name label';
    expect(nameOverrideProblem('my app')).toBe(rule);
    expect(specProblems('nameOverride: my app')).toEqual([`a.yaml: spec.nameOverride: ${rule}`]);
    expect(helmProblems({ nameOverride: 'my app' })).toEqual([`nameOverride: ${rule}`]);
    expect(constructProblems({ nameOverride: 'my app' })).toEqual([`nameOverride: ${rule}`]);
    // cut to 63 characters as the chart cuts it: a longer one is no problem
    expect(nameOverrideProblem('n'.repeat(70))).toBeUndefined();
  });

  test('object names that are no DNS label', () => {
    const rule = 'gives the object names "Arc_Controller", which is not a valid name (lowercase letters, digits and "-", starting and ending with a letter or digit)';
    expect(fullNameProblem('Arc_Controller')).toBe(rule);
    expect(specProblems('fullnameOverride: Arc_Controller')).toEqual([`a.yaml: spec.fullnameOverride: ${rule}`]);
    expect(helmProblems({ fullnameOverride: 'Arc_Controller' })).toEqual([`fullnameOverride: ${rule}`]);
    expect(constructProblems({ fullnameOverride: 'Arc_Controller' })).toEqual([`fullnameOverride: ${rule}`]);
    // a nameOverride that is a label value but not a DNS label gives such names too
    const byName = fullNameProblem('arc-My_App');
    expect(specProblems('nameOverride: My_App')).toEqual([`a.yaml: spec.nameOverride: ${byName}`]);
    expect(helmProblems({ nameOverride: 'My_App' })).toEqual([`nameOverride: ${byName}`]);
    expect(constructProblems({ nameOverride: 'My_App' })).toEqual([`nameOverride: ${byName}`]);
  });

  test('a release list\'s Kubernetes version: the rule the values path uses', () => {
    expect(releaseListProblems({ name: 'arc', namespace: 'arc-systems', kubeVersion: 'latest' }))
      .toEqual(['releases[0].kubeVersion: "latest" is not a Kubernetes version; allowed: a version such as 1.33.0']);
  });

  test('the ServiceAccount named "default"', () => {
    const rule = '"default" is not allowed: the controller chart refuses the namespace\'s default ServiceAccount; choose another name';
    expect(serviceAccountNameProblem('default', true)).toBe(rule);
    expect(specProblems('serviceAccount: {name: default}')).toEqual([`a.yaml: spec.serviceAccount.name: ${rule}`]);
    expect(helmProblems({ serviceAccount: { create: true, name: 'default' } })).toEqual([`serviceAccount.name: ${rule}`]);
    expect(constructProblems({ serviceAccount: { name: 'default' } })).toEqual([`serviceAccount.name: ${rule}`]);
  });

  test('a ServiceAccount neither created nor named', () => {
    const rule = 'is required when serviceAccount.create is false (the name of the existing ServiceAccount the controller runs as)';
    expect(serviceAccountNameProblem(undefined, false)).toBe(rule);
    expect(specProblems('serviceAccount: {create: false}')).toEqual([`a.yaml: spec.serviceAccount.name: ${rule}`]);
    expect(helmProblems({ serviceAccount: { create: false } })).toEqual([`serviceAccount.name: ${rule}`]);
    expect(constructProblems({ serviceAccount: { create: false } })).toEqual([`serviceAccount.name: ${rule}`]);
  });

  test('a metrics address without a port', () => {
    const rule = '"8080" must end in :<port> with a port from 1 to 65535, such as ":8080"';
    expect(metricsAddrProblem('8080')).toBe(rule);
    const metrics = { controllerManagerAddr: '8080', listenerAddr: ':8080', listenerEndpoint: '/metrics' };
    expect(specProblems(`metrics: ${JSON.stringify(metrics)}`)).toEqual([`a.yaml: spec.metrics.controllerManagerAddr: ${rule}`]);
    expect(helmProblems({ metrics })).toEqual([`metrics.controllerManagerAddr: ${rule}: the chart makes the container port of it`]);
    expect(constructProblems({ metrics })).toEqual([`metrics.controllerManagerAddr: ${rule}`]);
  });
});

test('a scale set outside the one namespace its controller watches: spec files and constructs', () => {
  expect(watchedNamespaceProblem('team-b', 'team-a', '"arc"')).toBe('"team-b" is outside the one namespace its controller "arc" watches: "team-a"');
  expect(watchedNamespaceProblem('team-a', 'team-a', '"arc"')).toBeUndefined();
  expect(watchedNamespaceProblem('team-b', undefined, '"arc"')).toBeUndefined();

  const fromSpecs = load(
    controller('arc', 'namespace: arc-systems\nflags: {watchSingleNamespace: team-a}'),
    scaleSet('linux', 'namespace: team-b'),
  ).errors;
  expect(fromSpecs).toEqual([expect.stringMatching(/^b\.yaml: spec\.namespace: "team-b" is outside the one namespace its controller "arc" \(a\.yaml; ServiceAccount arc-systems\/arc-gha-rs-controller\) watches: "team-a" /)]);

  const chart = new Chart(Testing.app(), 'c');
  const arc = new GhaRunnerScaleSetController(chart, 'arc', { namespace: 'arc-systems', flags: { watchSingleNamespace: 'team-a' } });
  const set = new GhaRunnerScaleSet(chart, 'linux', { namespace: 'team-b', githubConfigUrl: 'https://github.com/acme', auth: GitHubAuth.existingSecret('gh'), controller: arc });
  expect(set.node.validate()).toEqual(['namespace: "team-b" is outside the one namespace its controller "arc" watches: "team-a"']);
});

describe('podMonitorProblems and podMonitorIntervalProblem', () => {
  const on = { controllerManagerAddr: ':8080', listenerAddr: ':8081', listenerEndpoint: '/metrics' };
  test('metrics on, listener address with a port and a path: none', () => expect(podMonitorProblems(on)).toEqual([]));
  test('listener metrics off: nothing asked of the listener address', () => expect(podMonitorProblems({ ...on, listenerAddr: '0', listenerEndpoint: '' })).toEqual([]));
  test('no metrics, or a listener address or path a PodMonitor cannot name', () => {
    expect(podMonitorProblems(undefined)).toEqual(['podMonitors need metrics: without metrics.controllerManagerAddr the controller and its listeners serve none']);
    expect(podMonitorProblems({ ...on, listenerAddr: 'localhost', listenerEndpoint: 'metrics' })).toEqual([
      'metrics.listenerAddr "localhost" must end in :<port> (1-65535), e.g. ":8080", for the listeners\' PodMonitor to scrape it',
      'metrics.listenerEndpoint "metrics" must be a path such as "/metrics", for the listeners\' PodMonitor to scrape it',
    ]);
  });
  test.each(['30s', '1m30s', '2h', '500ms'])('interval %s is a Prometheus duration', (d) => expect(podMonitorIntervalProblem(d)).toBeUndefined());
  test.each(['30', '30 s', '1.5m'])('interval %s is not', (d) => expect(podMonitorIntervalProblem(d)).toBe(`"${d}" is not a Prometheus duration, such as "30s" or "1m30s"`));
});
