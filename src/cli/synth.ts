import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from '../constants';
import { UserError } from '../errors';
import { synthesizeFleet, synthesizeScaleSets } from '../synth/fleet';
import { replaceOutputDir } from '../synth/output';
import { formatProblem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { ParsedArgs } from './args';
import type { Io } from './index';

export interface SynthOptions {
  readonly files: readonly string[];
  readonly outDir: string;
  readonly quiet?: boolean;
}

/** Loads, checks and synthesizes every spec, then replaces the output folder; nothing is written on any problem. */
export function runSynth(o: SynthOptions, io: Io): void {
  const { specs, controllers, warnings } = loadSpecs(o.files);
  if (!o.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const notes: string[] = [];
  const files = synthesizeFleet(specs, controllers, notes);
  replaceOutputDir(o.outDir, files);
  if (!o.quiet) for (const n of notes) io.err(`note: ${n}`);
  const what = [
    ...(controllers.length ? [`${controllers.length} controller${controllers.length === 1 ? '' : 's'} (with the CRDs)`] : []),
    `${specs.length} scale set${specs.length === 1 ? '' : 's'}`,
  ].join(' and ');
  io.out(`${what} written to ${o.outDir} (${files.length} file${files.length === 1 ? '' : 's'})`);
}

export interface HelmSynthOptions {
  /** The chart values file. */
  readonly valuesFile: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly kubeVersion?: string;
  readonly outDir: string;
  readonly quiet?: boolean;
}

/**
 * What `helm template RELEASE <chart> -n NS --kube-version V -f VALUES` renders, through the
 * same construct as spec files; nothing is written on any problem.
 */
export function runHelmSynth(o: HelmSynthOptions, io: Io): void {
  const { loadHelmRelease } = require('../input/helm/load') as typeof import('../input/helm/load');
  const { props, warnings, loaded } = loadHelmRelease(o.valuesFile, { releaseName: o.releaseName, namespace: o.namespace, kubeVersion: o.kubeVersion });
  if (!o.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const notes: string[] = [];
  const files = synthesizeScaleSets([{ source: loaded.file, name: o.releaseName, props }], notes);
  replaceOutputDir(o.outDir, files);
  if (!o.quiet) for (const n of notes) io.err(`note: ${n}`);
  io.out(`release ${o.releaseName} written to ${o.outDir} (${files.length} file${files.length === 1 ? '' : 's'})`);
}

/** The release options `--helm-values` needs; a usage error when one is missing. */
export function helmReleaseArgs(args: ParsedArgs): { valuesFile: string; releaseName: string; namespace: string; kubeVersion?: string } {
  const { options } = args;
  const missing = ['release', 'namespace'].filter((k) => !options[k]).map((k) => `--${k}`);
  if (missing.length) throw new UserError(`--helm-values needs ${missing.join(' and ')} (as helm template takes a release name and -n NAMESPACE)`, 2);
  if (args.files.length) throw new UserError('--helm-values and -f cannot be combined: give either spec files or one values file', 2);
  return { valuesFile: options['helm-values'], releaseName: options.release, namespace: options.namespace, kubeVersion: options['kube-version'] };
}

/** `gha-rs synth`. */
export function synthCommand(args: ParsedArgs, io: Io): void {
  if (args.options['helm-values'] !== undefined) {
    runHelmSynth({ ...helmReleaseArgs(args), outDir: args.out ?? DEFAULT_OUT_DIR, quiet: args.quiet }, io);
    return;
  }
  const stray = ['release', 'namespace', 'kube-version'].filter((k) => args.options[k] !== undefined);
  if (stray.length) throw new UserError(`${stray.map((k) => `--${k}`).join(', ')} only go with --helm-values`, 2);
  runSynth({ files: args.files.length ? args.files : [DEFAULT_SPEC_PATH], outDir: args.out ?? DEFAULT_OUT_DIR, quiet: args.quiet }, io);
}
