import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from '../constants';
import { OutputFile, synthesizeFleet, synthesizeWired } from '../synth/fleet';
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

/** Loads, checks and synthesizes every spec, then replaces the output folder; nothing is written on any problem. */
export function runSynth(o: SynthOptions, io: Io): void {
  const { specs, controllers, warnings } = loadSpecs(o.files);
  if (!o.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const files = synthesizeFleet(specs, controllers);
  if (!writeOutput(o.outDir, files, io)) return;
  const what = [
    ...(controllers.length ? [`${controllers.length} controller${controllers.length === 1 ? '' : 's'} (with the CRDs)`] : []),
    `${specs.length} scale set${specs.length === 1 ? '' : 's'}`,
  ].join(' and ');
  io.out(`${what} written to ${o.outDir} (${files.length} file${files.length === 1 ? '' : 's'})`);
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
export function runHelmSynth(o: HelmSynthOptions, io: Io): void {
  const { loadHelmReleases } = require('../input/helm/releases') as typeof import('../input/helm/releases');
  const { controllers, scaleSets, warnings } = loadHelmReleases(o.releases);
  if (!o.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const files = synthesizeWired(scaleSets, controllers);
  if (!writeOutput(o.outDir, files, io)) return;
  const names = o.releases.map((r) => r.releaseName);
  const what = names.length === 1 ? `release ${names[0]}` : `releases ${names.join(', ')}`;
  io.out(`${what} written to ${o.outDir} (${files.length} file${files.length === 1 ? '' : 's'}${controllers.length ? ', the CRDs among them' : ''})`);
}

/** `gha-rs synth`. */
export function synthCommand(args: ParsedArgs, io: Io): void {
  const outDir = args.out ?? DEFAULT_OUT_DIR;
  const releases = helmReleases(args);
  if (releases) runHelmSynth({ releases, outDir, quiet: args.quiet }, io);
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
