import { DEFAULT_SPEC_PATH } from '../constants';
import { formatProblem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { ParsedArgs } from './args';
import { helmReleasesOf } from './helm';
import type { Io } from './index';

/** `gha-rs validate`: checks every spec, or every Helm release with the wiring between them; writes nothing. */
export function validateCommand(args: ParsedArgs, io: Io): void {
  const releases = helmReleasesOf(args);
  if (releases) {
    const { loadHelmReleases } = require('../input/helm/releases') as typeof import('../input/helm/releases');
    const { warnings } = loadHelmReleases(releases);
    if (!args.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
    io.out(`${releases.length} release${releases.length === 1 ? '' : 's'} valid`);
    return;
  }
  const { specs, controllers, warnings } = loadSpecs(args.files.length ? args.files : [DEFAULT_SPEC_PATH]);
  if (!args.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const n = specs.length + controllers.length;
  io.out(`${n} spec${n === 1 ? '' : 's'} valid`);
}
