/**
 * A Helm install as one run: releases of ARC's two charts (one controller, any number of scale
 * sets), each a values file with its release name and namespace, read, checked and wired to each
 * other as spec files are (see `rules/wiring.ts`). From `--helm-values` (one release) or a release
 * list file (`--helm-releases`).
 */
import { dirname, relative, resolve } from 'node:path';
import { HELM_CHART, HELM_CHARTS } from '../../constants';
import { Checker, describe } from '../checker';
import { Path } from '../../rules/words';
import type { LoadedControllerSpec } from '../load';
import { Problem, SpecError } from '../problems';
import { isMap, truthy, ValueMap } from '../chart-fields';
import { releaseNameProblem } from '../../rules/controller';
import { kubeVersionProblem, namespaceProblem } from '../../rules/scale-set';
import { checkWiring } from '../../rules/wiring';
import type { WiredExperimentalScaleSet, WiredScaleSet } from '../../synth/fleet';
import { controllerValuesToSpec, withControllerChartDefaults } from './controller';
import { experimentalValuesToProps } from './experimental-scale-set';
import { EXPERIMENTAL_CHART_DEFAULT_VALUES, withExperimentalChartDefaults } from './experimental-values';
import { experimentalControllerValuesToProps, experimentalControllerWiring, withExperimentalControllerChartDefaults } from './experimental-controller';
import type { ExperimentalControllerProps } from '../../controller/experimental';
import { LoadedHelmValues, readHelmValues, readYamlFile } from './load';
import type { HelmSetValue } from './load';
import { HelmRelease, helmValuesToProps } from './to-props';

/** One release: a chart, a values file, and what `helm template` gets besides. */
export interface HelmReleaseInput extends HelmRelease {
  /** @default 'gha-runner-scale-set' */
  readonly chart?: string;
  /** The (first) values file, `helm -f`. */
  readonly valuesFile: string;
  /** More values files, merged over it in order (`helm -f a -f b`). */
  readonly moreValuesFiles?: readonly string[];
  /** `--set` and `--set-string` arguments, applied after the files in order. */
  readonly set?: readonly HelmSetValue[];
}

/** A controller release, read; of the experimental chart, `experimental` holds its props (`spec` is what wiring reads). */
export interface LoadedControllerRelease extends LoadedControllerSpec {
  readonly release: HelmReleaseInput;
  readonly loaded: LoadedHelmValues;
  readonly experimental?: ExperimentalControllerProps;
}

/** A scale set release, read: of the scale set chart, or of the experimental one. */
export type LoadedScaleSetRelease = (WiredScaleSet | WiredExperimentalScaleSet) & {
  readonly release: HelmReleaseInput;
  readonly loaded: LoadedHelmValues;
};

export interface LoadedReleases {
  readonly controllers: LoadedControllerRelease[];
  readonly scaleSets: LoadedScaleSetRelease[];
  readonly warnings: Problem[];
}

/**
 * Spec paths of the wiring rules, as the values paths they come from: a scale set's namespace is
 * its `namespaceOverride`, or else the release's (no path in the values file).
 */
function valuesPath(path: Path, values: ValueMap): Path {
  const [, ...rest] = path;
  if (rest[0] === 'container' && rest[1] === 'image') return rest.slice(1);
  if (rest[0] === 'namespace') return truthy(values.namespaceOverride) ? ['namespaceOverride'] : [];
  return rest;
}

/**
 * Reads every release and checks each against its chart and all of them against each other.
 * @throws SpecError with every problem of every release, when there is any
 */
export function loadHelmReleases(releases: readonly HelmReleaseInput[], cwd = process.cwd()): LoadedReleases {
  const problems: Problem[] = [];
  const controllers: LoadedControllerRelease[] = [];
  const scaleSets: LoadedScaleSetRelease[] = [];
  const all: LoadedHelmValues[] = [];
  for (const release of releases) {
    const chart = release.chart ?? HELM_CHART.scaleSet;
    let loaded: LoadedHelmValues;
    try {
      const path = resolve(cwd, release.valuesFile);
      const more = { moreFiles: (release.moreValuesFiles ?? []).map((f) => resolve(cwd, f)), set: release.set ?? [] };
      loaded = chart === HELM_CHART.scaleSetExperimental
        ? readHelmValues(path, cwd, withExperimentalChartDefaults, more, EXPERIMENTAL_CHART_DEFAULT_VALUES)
        : readHelmValues(path, cwd, chart === HELM_CHART.controller ? withControllerChartDefaults
          : chart === HELM_CHART.controllerExperimental ? withExperimentalControllerChartDefaults : undefined, more);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      problems.push(...e.problems);
      continue;
    }
    all.push(loaded);
    if (chart === HELM_CHART.controllerExperimental) {
      const experimental = experimentalControllerValuesToProps(loaded.checker, loaded.values, release);
      if (!loaded.problems.length) controllers.push({ source: loaded.file, spec: experimentalControllerWiring(experimental), release, loaded, experimental });
    } else if (chart === HELM_CHART.scaleSetExperimental) {
      const experimental = experimentalValuesToProps(loaded.checker, loaded.values, release, loaded.valuesHash());
      const wiring = { namespace: experimental.namespace, controllerServiceAccount: experimental.controllerServiceAccount };
      if (!loaded.problems.length) scaleSets.push({ source: loaded.file, name: release.releaseName, experimental, wiring, release, loaded });
    } else if (chart === HELM_CHART.controller) {
      const spec = controllerValuesToSpec(loaded.checker, loaded.values, release);
      if (!loaded.problems.length) controllers.push({ source: loaded.file, spec, release, loaded });
    } else {
      const props = { ...helmValuesToProps(loaded.checker, loaded.values, release), valuesHash: loaded.valuesHash() };
      const csa = isMap(loaded.values.controllerServiceAccount) ? loaded.values.controllerServiceAccount : {};
      const named = truthy(csa.name) && truthy(csa.namespace) ? { name: String(csa.name), namespace: String(csa.namespace) } : undefined;
      const wiring = { namespace: props.namespace, controllerServiceAccount: named };
      if (!loaded.problems.length) scaleSets.push({ source: loaded.file, name: release.releaseName, props, wiring, release, loaded });
    }
  }
  const of = (source: string): LoadedHelmValues => all.find((l) => l.file === source)!;
  checkWiring(
    scaleSets.map((s) => ({ source: s.source, spec: s.wiring })),
    controllers,
    (src, p, m) => of(src).checker.error(valuesPath(p, of(src).values), m),
    // With no controller in the run, the chart's own "not set" warning has said it already.
    (src, p, m) => { if (controllers.length) of(src).checker.warn(valuesPath(p, of(src).values), m); },
  );
  // A scale set that names no controller uses the run's one controller: the chart's "not set" warning does not apply.
  const bound = new Set(controllers.length ? scaleSets.filter((s) => !s.wiring.controllerServiceAccount).map((s) => s.loaded) : []);
  const warnings = all.flatMap((l) => l.warnings.filter((w) => !(bound.has(l) && w.path === 'controllerServiceAccount')));
  problems.push(...all.flatMap((l) => l.problems));
  if (problems.length) throw new SpecError(problems);
  return { controllers, scaleSets, warnings };
}

const RELEASE_KEYS = ['name', 'namespace', 'chart', 'values', 'kubeVersion'];

/** A release list's `kubeVersion` (helm --kube-version), held to the rule the values path uses. */
function kubeVersionOf(c: Checker, v: unknown, path: Path): string | undefined {
  const s = c.string(v, path);
  const problem = s === undefined ? undefined : kubeVersionProblem(s);
  if (problem) c.error(path, problem);
  return problem ? undefined : s;
}

/**
 * Reads a release list file:
 * ```yaml
 * kubeVersion: 1.33.0            # optional, for every release
 * releases:
 *   - name: arc                  # helm install NAME
 *     namespace: arc-systems     # helm install -n NAMESPACE
 *     chart: gha-runner-scale-set-controller
 *     values: controller.yaml    # relative to this file
 *   - name: linux
 *     namespace: arc-runners
 *     chart: gha-runner-scale-set
 *     values: [linux.yaml, linux-prod.yaml]   # or a list, merged in order (helm -f a -f b)
 * ```
 * @throws SpecError with every problem of the file, when there is any
 */
export function readReleaseList(path: string, cwd = process.cwd()): HelmReleaseInput[] {
  const file = relative(cwd, path) || path;
  const problems: Problem[] = [];
  const { json, checker: c } = readYamlFile(resolve(cwd, path), file, problems, []);
  const top = c.map(json, [], ['kubeVersion', 'releases'], true) ?? {};
  const kubeVersion = kubeVersionOf(c, top.kubeVersion, ['kubeVersion']);
  const list = c.list(top.releases, ['releases'], true) ?? [];
  if (!list.length && top.releases !== undefined) c.error(['releases'], 'is empty; list at least one release');
  const dir = dirname(resolve(cwd, path));
  const seen = new Map<string, number>();
  const out: HelmReleaseInput[] = [];
  list.forEach((raw, i) => {
    const p: Path = ['releases', i];
    const r = c.map(raw, p, RELEASE_KEYS, true) ?? {};
    const releaseName = c.ruledName(r.name, [...p, 'name'], releaseNameProblem, { required: true, what: 'the release name (helm install NAME)' });
    const namespace = c.ruledName(r.namespace, [...p, 'namespace'], namespaceProblem, { required: true, what: 'the release namespace (helm install -n NAMESPACE)' });
    const chart = c.oneOf(r.chart, [...p, 'chart'], HELM_CHARTS) ?? HELM_CHART.scaleSet;
    const valuesPath: Path = [...p, 'values'];
    const files = Array.isArray(r.values)
      ? r.values.map((v, j) => c.string(v, [...valuesPath, j], { required: true, what: 'a values file (helm -f), relative to this file' }))
      : [c.string(r.values, valuesPath, { required: true, what: 'the values file of the release (helm -f), relative to this file, or a list of them' })];
    if (Array.isArray(r.values) && !r.values.length) c.error(valuesPath, 'is empty; list at least one values file');
    const [values, ...more] = files.every((f): f is string => !!f) ? files.map((f) => relative(cwd, resolve(dir, f)) || f) : [];
    const kv = kubeVersionOf(c, r.kubeVersion, [...p, 'kubeVersion']) ?? kubeVersion;
    if (releaseName && namespace) {
      const key = `${namespace}/${releaseName}`;
      const other = seen.get(key);
      if (other !== undefined) c.error([...p, 'name'], `${describe(releaseName)} in namespace "${namespace}" is release ${other + 1} too; Helm takes one release of a name per namespace`);
      else seen.set(key, i);
    }
    if (releaseName && namespace && values) {
      out.push({ chart, releaseName, namespace, valuesFile: values, ...(more.length ? { moreValuesFiles: more } : {}), ...(kv ? { kubeVersion: kv } : {}) });
    }
  });
  if (problems.length) throw new SpecError(problems);
  return out;
}
