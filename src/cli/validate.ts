import { DEFAULT_SPEC_PATH } from '../constants';
import { formatProblem, Problem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { helmRelease, ParsedArgs } from './args';
import type { Io } from './index';

/** `gha-rs validate`: checks every spec, or a Helm values file with `--helm-values`; writes nothing. */
export function validateCommand(args: ParsedArgs, io: Io): void {
  const release = helmRelease(args);
  const warn = (warnings: readonly Problem[]) => {
    if (!args.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  };
  if (release) {
    const { loadHelmRelease } = require('../input/helm/load') as typeof import('../input/helm/load');
    const { warnings, loaded } = loadHelmRelease(release.valuesFile, { releaseName: release.releaseName, namespace: release.namespace, kubeVersion: release.kubeVersion });
    warn(warnings);
    io.out(`${loaded.file}: values of release ${release.releaseName} valid`);
    return;
  }
  const { specs, controllers, warnings } = loadSpecs(args.files.length ? args.files : [DEFAULT_SPEC_PATH]);
  warn(warnings);
  const n = specs.length + controllers.length;
  io.out(`${n} spec${n === 1 ? '' : 's'} valid`);
}
