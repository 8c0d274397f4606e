import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from '../constants';
import { synthesizeFleet } from '../fleet';
import { replaceOutputDir } from '../output';
import { formatProblem } from '../spec/problems';
import { loadSpecs } from '../spec/load';
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
  const files = synthesizeFleet(specs, controllers);
  replaceOutputDir(o.outDir, files);
  const what = [
    ...(controllers.length ? [`${controllers.length} controller${controllers.length === 1 ? '' : 's'} (with the CRDs)`] : []),
    `${specs.length} scale set${specs.length === 1 ? '' : 's'}`,
  ].join(' and ');
  io.out(`${what} written to ${o.outDir} (${files.length} file${files.length === 1 ? '' : 's'})`);
}

/** `gha-rs synth`. */
export function synthCommand(args: ParsedArgs, io: Io): void {
  runSynth({ files: args.files.length ? args.files : [DEFAULT_SPEC_PATH], outDir: args.out ?? DEFAULT_OUT_DIR, quiet: args.quiet }, io);
}
