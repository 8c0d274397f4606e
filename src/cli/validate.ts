import { DEFAULT_SPEC_PATH } from '../constants';
import { formatProblem, Problem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { helmReleases, ParsedArgs } from './args';
import type { Io } from './io';

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
  const { specs, experimental, controllers, warnings } = loadSpecs(args.files.length ? args.files : [DEFAULT_SPEC_PATH]);
  warn(warnings);
  if ([...specs, ...controllers].some((x) => x.spec.podSecurity?.level)) {
    // A Pod Security level asked for is checked against the pods as synth builds them: only then is
    // the synthesis machinery (cdk8s) loaded; its problems are thrown like the specs' own.
    const { fleetFiles } = require('../synth/fleet') as typeof import('../synth/fleet');
    for (const _file of fleetFiles(specs, controllers)) { /* made and dropped: only the problems count */ }
  }
  const n = specs.length + experimental.length + controllers.length;
  io.out(`${n} spec${n === 1 ? '' : 's'} valid`);
}
