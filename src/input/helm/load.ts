/**
 * src/input/helm/: Helm values files of ARC's two charts (over the charts' defaults, with the
 * charts' own failures as problems) turned into the props of the same constructs spec files use.
 *
 * This file reads a chart values file and turns it, with the release, into the construct's props.
 */
import { relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { GhaRunnerScaleSetProps } from '../../constructs/gha-runner-scale-set';
import { valuesHash } from '../../values-hash';
import { isMap } from '../chart-fields';
import { Checker, describe, yamlLocator } from '../checker';
import { coalesceLikeHelm, readValuesLikeHelm } from './helm-yaml';
import { isStackOverflow, readInputFile, TOO_DEEP, tooDeep } from '../limits';
import { Problem, SpecError } from '../problems';
import { HelmRelease, helmValuesToProps } from './to-props';
import { CHART_DEFAULT_VALUES, ValueMap, withChartDefaults } from './values';

export interface LoadedHelmValues {
  /** The file as the user named it (relative to the working folder). */
  readonly file: string;
  /** The user's values merged over the chart's defaults. */
  readonly values: ValueMap;
  /** The scale set chart's `values-hash` of this file: `toJson .Values | sha256sum | trunc 63`. */
  readonly valuesHash: () => string;
  /** A checker bound to the file, for problems with value paths and line numbers. */
  readonly checker: Checker;
  readonly problems: Problem[];
  readonly warnings: Problem[];
}

/**
 * Reads one YAML document from `path` (within the input limits) with a checker bound to it.
 * @param file the name messages give the file
 * @throws SpecError when it cannot be read, is no YAML, or is nested too deeply
 */
export function readYamlFile(path: string, file: string, problems: Problem[], warnings: Problem[]): { json: unknown; checker: Checker; text: string } {
  const read = readInputFile(path);
  if ('problem' in read) throw new SpecError([{ file, path: '', message: read.problem }]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(read.text, { lineCounter, uniqueKeys: true });
  if (doc.errors.some((e) => isStackOverflow(e.message))) throw new SpecError([{ file, path: '', message: TOO_DEEP }]);
  if (doc.errors.length) {
    // The first line only: YAML messages quote the source, which may hold a secret.
    throw new SpecError(doc.errors.map((e) => ({ file, path: '', message: `YAML syntax error: ${e.message.split('\n')[0].replace(/:$/, '')}` })));
  }
  let json: unknown;
  try {
    json = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new SpecError([{ file, path: '', message: isStackOverflow((e as Error).message) ? TOO_DEEP : `YAML error: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const checker = new Checker(file, yamlLocator(doc, lineCounter), problems, warnings);
  const deep = tooDeep(json);
  if (deep) {
    checker.error(deep, TOO_DEEP);
    throw new SpecError(problems);
  }
  return { json, checker, text: read.text };
}

/**
 * Reads and parses a values file and merges it over a chart's defaults (the scale set chart's unless
 * told; `hashDefaults` are those the chart's values-hash covers).
 * @throws SpecError when the file cannot be read or is not a YAML map
 */
export function readHelmValues(path: string, cwd = process.cwd(), withDefaults: (user: ValueMap) => ValueMap = withChartDefaults, hashDefaults: ValueMap = CHART_DEFAULT_VALUES as ValueMap): LoadedHelmValues {
  const file = relative(cwd, path) || path;
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const { json, checker, text } = readYamlFile(path, file, problems, warnings);
  if (json !== null && json !== undefined && (typeof json !== 'object' || Array.isArray(json))) {
    throw new SpecError([{ file, path: '', message: `must be a map of chart values; found ${describe(json)}` }]);
  }
  // The scale set chart's values-hash covers `.Values` as Helm builds it: the file read again, when asked.
  const hash = () => {
    const helmView = readValuesLikeHelm(text);
    return valuesHash(coalesceLikeHelm(hashDefaults, isMap(helmView) ? helmView : {}));
  };
  return { file, values: withDefaults((json ?? {}) as ValueMap), valuesHash: hash, checker, problems, warnings };
}

/**
 * A values file and a release, as the construct's props.
 * @throws SpecError with every problem found, when there is any
 */
export function loadHelmRelease(path: string, release: HelmRelease, cwd = process.cwd()): { props: GhaRunnerScaleSetProps; warnings: Problem[]; loaded: LoadedHelmValues } {
  const loaded = readHelmValues(path, cwd);
  const props = { ...helmValuesToProps(loaded.checker, loaded.values, release), valuesHash: loaded.valuesHash() };
  if (loaded.problems.length) throw new SpecError(loaded.problems);
  return { props, warnings: loaded.warnings, loaded };
}
