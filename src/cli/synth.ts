import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from '../constants';
import { fleetFiles, inApplyOrder, OutputFile, wiredFiles } from '../synth/fleet';
import { replaceOutputDir } from '../synth/output';
import { formatProblem } from '../input/problems';
import { loadSpecs } from '../input/load';
import type { HelmReleaseInput } from '../input/helm/releases';
import { helmReleases, ParsedArgs, STDOUT } from './args';
import type { Io } from './index';

export interface SynthOptions {
  readonly files: readonly string[];
  /** The output folder; `-` for standard output. */
  readonly outDir: string;
  readonly quiet?: boolean;
}

/**
 * Loads, checks and synthesizes every spec, then replaces the output folder; nothing is written
 * on any problem. Problems of the specs are thrown at once; writing the folder is a promise.
 */
export function runSynth(o: SynthOptions, io: Io): Promise<void> | void {
  const { specs, controllers, warnings } = loadSpecs(o.files);
  if (!o.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const what = [
    ...(controllers.length ? [`${controllers.length} controller${controllers.length === 1 ? '' : 's'} (with the CRDs)`] : []),
    `${specs.length} scale set${specs.length === 1 ? '' : 's'}`,
  ].join(' and ');
  const notes: string[] = [];
  return withNotes(writeOutput(o.outDir, fleetFiles(specs, controllers, notes), io, what), notes, o, io);
}

export interface HelmSynthOptions {
  /** The releases: one from `--helm-values`, or a release list's. */
  readonly releases: readonly HelmReleaseInput[];
  /** The output folder; `-` for standard output. */
  readonly outDir: string;
  readonly quiet?: boolean;
}

/**
 * What `helm template` renders for each release (its chart, `-n NS --kube-version V -f VALUES`),
 * through the same constructs as spec files, wired to each other as spec files are, with ARC's
 * CRDs when a controller is among them; nothing is written on any problem.
 */
export function runHelmSynth(o: HelmSynthOptions, io: Io): Promise<void> | void {
  const { loadHelmReleases } = require('../input/helm/releases') as typeof import('../input/helm/releases');
  const { controllers, scaleSets, warnings } = loadHelmReleases(o.releases);
  if (!o.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const names = o.releases.map((r) => r.releaseName);
  const what = `${names.length === 1 ? 'release' : 'releases'} ${names.join(', ')}${controllers.length ? ' (with the CRDs)' : ''}`;
  const notes: string[] = [];
  return withNotes(writeOutput(o.outDir, wiredFiles(scaleSets, controllers, notes), io, what), notes, o, io);
}

/** Prints the notes of a run (the Pod Security level of namespaces it does not create) once its files are made, unless quiet. */
function withNotes(written: Promise<void> | void, notes: readonly string[], o: { readonly quiet?: boolean }, io: Io): Promise<void> | void {
  const print = () => {
    if (!o.quiet) for (const n of notes) io.err(`note: ${n}`);
  };
  if (written) return written.then(print);
  print();
}

/** `gha-rs synth`. */
export function synthCommand(args: ParsedArgs, io: Io): Promise<void> | void {
  const outDir = args.out ?? DEFAULT_OUT_DIR;
  const releases = helmReleases(args);
  if (releases) return runHelmSynth({ releases, outDir, quiet: args.quiet }, io);
  return runSynth({ files: args.files.length ? args.files : [DEFAULT_SPEC_PATH], outDir, quiet: args.quiet }, io);
}

/**
 * Replaces the output folder with the files, each written as it is made, and says so; with `-`,
 * writes every file to standard output as one YAML stream, in apply order, once all are made.
 */
function writeOutput(outDir: string, files: Iterable<OutputFile>, io: Io, what: string): Promise<void> | void {
  if (outDir === STDOUT) {
    io.out(inApplyOrder(files).map((f) => f.content).join('---\n').replace(/\n$/, ''));
    return;
  }
  return replaceOutputDir(outDir, files).then((count) => io.out(`${what} written to ${outDir} (${count} file${count === 1 ? '' : 's'})`));
}
