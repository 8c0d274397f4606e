import { DEFAULT_SPEC_PATH } from '../constants';
import { formatProblem, Problem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { helmReleases, ParsedArgs } from './args';
import type { Io } from './index';

/** `gha-rs validate`: checks every spec, or Helm releases (`--helm-values`, `--helm-releases`) with their wiring; writes nothing. */
export function validateCommand(args: ParsedArgs, io: Io): void {
  const releases = helmReleases(args);
  const warn = (warnings: readonly Problem[]) => {
    if (!args.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  };
  if (releases) {
    const { loadHelmReleases } = require('../input/helm/releases') as typeof import('../input/helm/releases');
    const { warnings, controllers, scaleSets } = loadHelmReleases(releases);
    warn(warnings);
    const [one] = [...controllers, ...scaleSets];
    io.out(releases.length === 1 ? `${one.loaded.file}: values of release ${releases[0].releaseName} valid` : `${releases.length} releases valid, wired to each other`);
    return;
  }
  const { specs, controllers, warnings } = loadSpecs(args.files.length ? args.files : [DEFAULT_SPEC_PATH]);
  warn(warnings);
  const n = specs.length + controllers.length;
  io.out(`${n} spec${n === 1 ? '' : 's'} valid`);
}
