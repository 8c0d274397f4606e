import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from '../constants';
import { OutputFile, synthesizeFleet, synthesizeScaleSets } from '../synth/fleet';
import { replaceOutputDir } from '../synth/output';
import { formatProblem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { helmRelease, ParsedArgs, STDOUT } from './args';
import type { Io } from './index';

export interface SynthOptions {
  readonly files: readonly string[];
  /** The output folder; `-` for standard output. */
  readonly outDir: string;
  readonly quiet?: boolean;
}

/** Loads, checks and synthesizes every spec, then replaces the output folder; nothing is written on any problem. */
export function runSynth(o: SynthOptions, io: Io): void {
  const { specs, controllers, warnings } = loadSpecs(o.files);
  if (!o.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const notes: string[] = [];
  const files = synthesizeFleet(specs, controllers, notes);
  if (!o.quiet) for (const n of notes) io.err(`note: ${n}`);
  if (!writeOutput(o.outDir, files, io)) return;
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
  if (!o.quiet) for (const n of notes) io.err(`note: ${n}`);
  if (!writeOutput(o.outDir, files, io)) return;
  io.out(`release ${o.releaseName} written to ${o.outDir} (${files.length} file${files.length === 1 ? '' : 's'})`);
}

/** `gha-rs synth`. */
export function synthCommand(args: ParsedArgs, io: Io): void {
  const outDir = args.out ?? DEFAULT_OUT_DIR;
  const release = helmRelease(args);
  if (release) runHelmSynth({ ...release, outDir, quiet: args.quiet }, io);
  else runSynth({ files: args.files.length ? args.files : [DEFAULT_SPEC_PATH], outDir, quiet: args.quiet }, io);
}

/** Replaces the output folder, or with `-` writes every file to standard output as one YAML stream. */
function writeOutput(outDir: string, files: readonly OutputFile[], io: Io): boolean {
  if (outDir !== STDOUT) {
    replaceOutputDir(outDir, files);
    return true;
  }
  io.out(files.map((f) => f.content).join('---\n').replace(/\n$/, ''));
  return false;
}
