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
import { Checker, Locator, describe, yamlLocator } from '../checker';
import type { Path } from '../../rules/words';
import { applySet, mergeValueFiles, SetKind, SetSyntaxError } from './strvals';
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
  /** The user's values alone (the files merged in order, then --set), as `convert` carries them over. */
  readonly user: ValueMap;
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
export function readYamlFile(path: string, file: string, problems: Problem[], warnings: Problem[]): { json: unknown; checker: Checker; text: string; locator: Locator } {
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
  const locator = yamlLocator(doc, lineCounter);
  const checker = new Checker(file, locator, problems, warnings);
  const deep = tooDeep(json);
  if (deep) {
    checker.error(deep, TOO_DEEP);
    throw new SpecError(problems);
  }
  return { json, checker, text: read.text, locator };
}

/** A `--set` or `--set-string` argument. */
export interface HelmSetValue {
  readonly kind: SetKind;
  readonly value: string;
}

/** What Helm adds to a release's first values file: more files (`-f b.yaml`) and `--set` arguments. */
export interface MoreHelmValues {
  readonly moreFiles: readonly string[];
  readonly set: readonly HelmSetValue[];
}

/** How a problem names a `--set` argument; its value is not shown (it may be a credential). */
const setSource = (s: HelmSetValue): string => `--${s.kind} ${s.value.split('=')[0]}=…`;

/** Does `v` hold a value at `path`? */
function has(v: unknown, path: Path): boolean {
  let at: unknown = v;
  for (const k of path) {
    if (at === null || typeof at !== 'object' || !(k in (at as object))) return false;
    at = (at as Record<string | number, unknown>)[k];
  }
  return true;
}

/**
 * Reads and parses a values file and merges it over a chart's defaults (the scale set chart's unless told).
 * With `more`, later files are merged over it and `--set` arguments applied, as Helm does; a
 * problem then names the last source that sets the value at its path.
 * @throws SpecError when a file cannot be read or is not a YAML map, or a `--set` is not Helm's syntax
 */
export function readHelmValues(path: string, cwd = process.cwd(), withDefaults: (user: ValueMap) => ValueMap = withChartDefaults, more?: MoreHelmValues, hashDefaults: ValueMap = CHART_DEFAULT_VALUES as ValueMap): LoadedHelmValues {
  const paths = [path, ...(more?.moreFiles ?? [])];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const read = paths.map((p) => {
    const file = relative(cwd, p) || p;
    const r = readYamlFile(p, file, problems, warnings);
    if (r.json !== null && r.json !== undefined && (typeof r.json !== 'object' || Array.isArray(r.json))) {
      throw new SpecError([{ file, path: '', message: `must be a map of chart values; found ${describe(r.json)}` }]);
    }
    return { file, ...r, map: (r.json ?? {}) as ValueMap };
  });
  const sets = more?.set ?? [];
  if (read.length === 1 && !sets.length) {
    const [{ file, checker, text, map }] = read;
    // The scale set chart's values-hash covers `.Values` as Helm builds it: the file read again, when asked.
    const hash = () => {
      const helmView = readValuesLikeHelm(text);
      return valuesHash(coalesceLikeHelm(hashDefaults, isMap(helmView) ? helmView : {}));
    };
    return { file, values: withDefaults(map), user: map, valuesHash: hash, checker, problems, warnings };
  }
  // Helm: the files merged in order (maps key by key, the rest replaced), then each --set applied.
  const applied: { source: string; values: ValueMap }[] = [];
  const withSets = (base: ValueMap) => {
    let v = base;
    for (const s of sets) {
      try {
        v = applySet(v, s.value, s.kind);
      } catch (e) {
        if (!(e instanceof SetSyntaxError)) throw e;
        problems.push({ file: setSource(s), path: '', message: `is not Helm's --set syntax: ${e.message}` });
      }
    }
    return v;
  };
  let merged: ValueMap = {};
  for (const r of read) merged = mergeValueFiles(merged, r.map);
  for (const s of sets) {
    try {
      applied.push({ source: setSource(s), values: applySet({}, s.value, s.kind) });
    } catch (e) {
      if (!(e instanceof SetSyntaxError)) throw e;
    }
  }
  merged = withSets(merged);
  if (problems.length) throw new SpecError(problems);
  const file = [...read.map((r) => r.file), ...(sets.length ? ['--set'] : [])].join(' + ');
  // a problem at a path names the last source that sets it, with that file's line
  const locator: Locator = {
    source(p) {
      for (let i = applied.length - 1; i >= 0; i--) if (has(applied[i].values, p)) return applied[i].source;
      for (let i = read.length - 1; i >= 0; i--) if (has(read[i].map, p)) return read[i].file;
      return undefined;
    },
    line(p) {
      if (applied.some((a) => has(a.values, p))) return undefined;
      for (let i = read.length - 1; i >= 0; i--) if (has(read[i].map, p)) return read[i].locator.line(p);
      return undefined;
    },
  };
  const checker = new Checker(file, locator, problems, warnings);
  const hash = () => {
    let helmView: ValueMap = {};
    for (const r of read) {
      const v = readValuesLikeHelm(r.text);
      helmView = mergeValueFiles(helmView, isMap(v) ? v : {});
    }
    return valuesHash(coalesceLikeHelm(hashDefaults, withSets(helmView)));
  };
  return { file, values: withDefaults(merged), user: merged, valuesHash: hash, checker, problems, warnings };
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
