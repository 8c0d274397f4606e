import { DEFAULT_SPEC_PATH } from '../constants';
import { formatProblem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { ParsedArgs } from './args';
import type { Io } from './index';

/** `gha-rs validate`: checks every spec; writes nothing. */
export function validateCommand(args: ParsedArgs, io: Io): void {
  const { specs, controllers, warnings } = loadSpecs(args.files.length ? args.files : [DEFAULT_SPEC_PATH]);
  if (!args.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const n = specs.length + controllers.length;
  io.out(`${n} spec${n === 1 ? '' : 's'} valid`);
}
