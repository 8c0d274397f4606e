/**
 * Each scale set rule is written once (src/rules/scale-set.ts): a spec file, Helm values and the
 * construct report the same rule, in the same words, under the field as each of them names it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { GhaRunnerScaleSet, GhaRunnerScaleSetProps } from '../../src/constructs/gha-runner-scale-set';
import { GitHubAuth } from '../../src/constructs/github-auth';
import { loadHelmRelease } from '../../src/input/helm/load';
import { formatProblem, SpecError } from '../../src/input/problems';
import { hasNativeSidecars, kubeMinor, kubeVersionProblem, namespaceProblem, resourceMetaCrashProblem, runnerCountProblem, runnerRangeProblem, scaleSetLabelProblem, scaleSetNameProblem } from '../../src/rules/scale-set';
import { problemsOf, specDoc } from '../support/specs';
import { tempDir } from '../support/temp';

/** The problems of Helm values, formatted as the CLI prints them, without file and line. */
function helmProblems(values: Record<string, unknown>, releaseName = 'rel'): string[] {
  const dir = tempDir();
  const file = join(dir, 'values.yaml');
  writeFileSync(file, stringify({ githubConfigUrl: 'https://github.com/acme', githubConfigSecret: 'gh', controllerServiceAccount: { name: 'c', namespace: 'n' }, ...values }));
  try {
    loadHelmRelease(file, { releaseName, namespace: 'runners' }, dir);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => formatProblem({ ...p, file: 'F', line: undefined }));
  }
}

/** The construct's validation errors. */
function constructProblems(props: Partial<GhaRunnerScaleSetProps>): string[] {
  const set = new GhaRunnerScaleSet(Testing.chart(), 'rel', { namespace: 'ci', githubConfigUrl: 'https://github.com/a', auth: GitHubAuth.existingSecret('s'), ...props });
  return set.node.validate();
}

const specProblems = (spec: Record<string, unknown>, name?: string) => problemsOf([specDoc(spec, name)]).map((l) => l.replace(/ \(line \d+\)$/, ''));

describe('one rule, three paths', () => {
  test('minRunners above maxRunners', () => {
    const rule = '3 is more than maxRunners (2); minRunners must be at most maxRunners';
    expect(runnerRangeProblem(3, 2)).toBe(rule);
    expect(specProblems({ scaling: { minRunners: 3, maxRunners: 2 } })).toEqual([`F: spec.scaling.minRunners: ${rule}`]);
    expect(helmProblems({ minRunners: 3, maxRunners: 2 })).toEqual([`F: minRunners: ${rule}`]);
    expect(constructProblems({ minRunners: 3, maxRunners: 2 })).toEqual([`minRunners: ${rule}`]);
  });

  test('a negative runner count', () => {
    const rule = '-1 is negative; maxRunners must be 0 or more';
    expect(runnerCountProblem('maxRunners', -1)).toBe(rule);
    expect(specProblems({ scaling: { maxRunners: -1 } })).toEqual([`F: spec.scaling.maxRunners: ${rule}`]);
    expect(helmProblems({ maxRunners: -1 })).toEqual([`F: maxRunners: ${rule}`]);
    expect(constructProblems({ maxRunners: -1 })).toEqual([`maxRunners: ${rule}`]);
  });

  test('a runner count that is no whole number: the spec file and values say it alike', () => {
    expect(specProblems({ scaling: { minRunners: 1.5 } })).toEqual(['F: spec.scaling.minRunners: must be a whole number, found number 1.5']);
    expect(helmProblems({ minRunners: 1.5 })).toEqual(['F: minRunners: must be a whole number, found number 1.5']);
  });

  test('a namespace that is no DNS label', () => {
    const rule = '"Team_A" is not a valid namespace (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
    expect(namespaceProblem('Team_A')).toBe(rule);
    expect(specProblems({ namespace: 'Team_A' })).toEqual([`F: spec.namespace: ${rule}`]);
    expect(specProblems({ controllerServiceAccount: { namespace: 'Team_A', name: 'arc' } })).toEqual([`F: spec.controllerServiceAccount.namespace: ${rule}`]);
    expect(helmProblems({ namespaceOverride: 'Team_A' })).toEqual([`F: namespaceOverride: ${rule}`]);
    expect(constructProblems({ namespace: 'Team_A' })).toEqual([`namespace: ${rule}`]);
  });

  test('a namespace of more than 63 characters', () => {
    const ns = 'n'.repeat(64);
    const rule = `"${ns}" has 64 characters; a namespace has at most 63`;
    expect(namespaceProblem(ns)).toBe(rule);
    expect(specProblems({ namespace: ns })).toEqual([`F: spec.namespace: ${rule}`]);
    expect(helmProblems({ namespaceOverride: ns })).toEqual([`F: namespaceOverride: ${rule}`]);
    expect(constructProblems({ namespace: ns })).toEqual([`namespace: ${rule}`]);
  });

  test('a scale set name of more than 45 characters', () => {
    const name = 'r'.repeat(46);
    const rule = `"${name}" has 46 characters; a scale set name has at most 45 (ARC's limit)`;
    expect(scaleSetNameProblem(name)).toBe(rule);
    expect(specProblems({ runnerScaleSetName: name })).toEqual([`F: spec.runnerScaleSetName: ${rule}`]);
    expect(helmProblems({ runnerScaleSetName: name })).toEqual([`F: runnerScaleSetName: ${rule}`]);
    expect(constructProblems({ scaleSetName: name })).toEqual([`scaleSetName: ${rule}`]);
    // a name that becomes the scale set name: each path says how to fix it in its own terms
    expect(specProblems({}, name)).toEqual([`F: metadata.name: ${rule}: shorten it or set spec.runnerScaleSetName`]);
    expect(helmProblems({}, name)).toEqual([`F: --release: ${rule}: use a shorter release name or set runnerScaleSetName`]);
  });

  test('an empty scale set label', () => {
    const rule = 'is empty; each label must be a non-empty string of less than 256 characters';
    expect(scaleSetLabelProblem('')).toBe(rule);
    expect(specProblems({ scaleSetLabels: ['linux', ''] })).toEqual([`F: spec.scaleSetLabels[1]: ${rule}`]);
    expect(helmProblems({ scaleSetLabels: ['linux', ''] })).toEqual([`F: scaleSetLabels[1]: ${rule}`]);
    expect(constructProblems({ scaleSetLabels: ['linux', ''] })).toEqual([`scaleSetLabels[1]: ${rule}`]);
  });

  test('a Kubernetes version that is none', () => {
    const rule = '"latest" is not a Kubernetes version; allowed: a version such as 1.33.0';
    expect(kubeVersionProblem('latest')).toBe(rule);
    expect(specProblems({ kubeVersion: 'latest' })).toEqual([`F: spec.kubeVersion: ${rule}`]);
    expect(constructProblems({ kubeVersion: 'latest' })).toEqual([`kubeVersion: ${rule}`]);
  });
});

describe('resourceMeta entries that crash ARC 0.14.x: an error for spec files and the construct, a warning for Helm values', () => {
  const rule = 'has labels but no annotations, which crashes ARC 0.14.x: its EphemeralRunnerSet reconciler panics building each EphemeralRunner '
    + '("assignment to entry in nil map" in mergeAnnotations) and no runner is ever created; '
    + 'give it at least one annotation (any key and value; an empty annotations map is dropped and does not help), or remove its labels';

  /** Helm values' warnings, as the CLI prints them, without file and line; the values are written, as the chart renders them. */
  function helmWarnings(values: Record<string, unknown>): string[] {
    const dir = tempDir();
    const file = join(dir, 'values.yaml');
    writeFileSync(file, stringify({ githubConfigUrl: 'https://github.com/acme', githubConfigSecret: 'gh', controllerServiceAccount: { name: 'c', namespace: 'n' }, ...values }));
    const { props, warnings } = loadHelmRelease(file, { releaseName: 'rel', namespace: 'runners' }, dir);
    const chart = Testing.chart();
    new GhaRunnerScaleSet(chart, 'rel', props);
    const ars = Testing.synth(chart).find((o) => o.kind === 'AutoscalingRunnerSet');
    expect(ars.spec.ephemeralRunnerMetadata).toEqual((values.resourceMeta as { ephemeralRunner?: unknown }).ephemeralRunner);
    return warnings.map((p) => formatProblem({ ...p, file: 'F', line: undefined }));
  }

  test('ephemeralRunner with labels only', () => {
    const labelsOnly = { ephemeralRunner: { labels: { team: 'ci' } } };
    expect(resourceMetaCrashProblem('ephemeralRunner', labelsOnly.ephemeralRunner)).toBe(rule);
    expect(specProblems({ resourceMeta: labelsOnly })).toEqual([`F: spec.resourceMeta.ephemeralRunner: ${rule}`]);
    // an empty annotations map is dropped by the readers, as by the chart: still the crash
    expect(specProblems({ resourceMeta: { ephemeralRunner: { labels: { team: 'ci' }, annotations: {} } } })).toEqual([`F: spec.resourceMeta.ephemeralRunner: ${rule}`]);
    expect(helmProblems({ resourceMeta: labelsOnly })).toEqual([]);
    expect(helmWarnings({ resourceMeta: labelsOnly })).toEqual([`F: resourceMeta.ephemeralRunner: ${rule} (written as the chart renders it)`]);
    expect(constructProblems({ resourceMeta: labelsOnly })).toEqual([`resourceMeta.ephemeralRunner: ${rule}`]);
    expect(constructProblems({ resourceMeta: labelsOnly, allowArcCrashingResourceMeta: true })).toEqual([]);
  });

  test('the other entries ARC merges annotations into: ephemeralRunnerSet and autoscalingListener', () => {
    expect(specProblems({ resourceMeta: { ephemeralRunnerSet: { labels: { a: 'b' } }, autoscalingListener: { labels: { a: 'b' } } } })).toEqual([
      expect.stringMatching(/^F: spec\.resourceMeta\.ephemeralRunnerSet: has labels but no annotations, which crashes ARC 0\.14\.x: its AutoscalingRunnerSet reconciler panics building the EphemeralRunnerSet .* no runner is ever created;/),
      expect.stringMatching(/^F: spec\.resourceMeta\.autoscalingListener: has labels but no annotations, which crashes ARC 0\.14\.x: its AutoscalingRunnerSet reconciler panics building the AutoscalingListener .* no listener is ever started;/),
    ]);
    // a construct writes an empty entry as given: ARC crashes on it too
    expect(constructProblems({ resourceMeta: { ephemeralRunnerSet: {} } })).toEqual([
      expect.stringMatching(/^resourceMeta\.ephemeralRunnerSet: has no annotations, which crashes ARC 0\.14\.x: .* or remove the entry$/),
    ]);
  });

  test('what ARC does not crash on passes', () => {
    const fine = {
      ephemeralRunner: { labels: { a: 'b' }, annotations: { c: 'd' } },
      ephemeralRunnerSet: { annotations: { c: 'd' } },
      // ARC merges no annotations of its own into these: labels alone are fine
      listenerRole: { labels: { a: 'b' } },
      listenerServiceAccount: { labels: { a: 'b' } },
      ephemeralRunnerConfigSecret: { labels: { a: 'b' } },
      autoscalingRunnerSet: { labels: { a: 'b' } },
    };
    expect(specProblems({ resourceMeta: fine })).toEqual([]);
    expect(helmWarnings({ resourceMeta: fine })).toEqual([]);
    expect(constructProblems({ resourceMeta: fine })).toEqual([]);
  });
});

test('kubeMinor and native sidecars: 1.29 on', () => {
  expect(['1.33.0', 'v1.28', '1.30.2-eks.1', '1.29'].map(kubeMinor)).toEqual([33, 28, 30, 29]);
  expect(kubeMinor('latest')).toBeNaN();
  expect(['1.28.9', '1.29.0'].map(hasNativeSidecars)).toEqual([false, true]);
});
