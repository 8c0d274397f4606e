import { stringify } from 'yaml';
import { UserError } from '../errors';
import { Checker } from '../input/checker';
import { formatProblem, Problem } from '../input/problems';
import { parseScaleSetSpec } from '../input/scale-set-spec';
import { helmRelease, ParsedArgs } from './args';
import type { Io } from './index';

/**
 * `gha-rs convert --helm-values FILE --release NAME --namespace NS`: prints the equivalent
 * spec file; what the spec format cannot express is listed on stderr and the exit status is 1.
 */
export function convertCommand(args: ParsedArgs, io: Io): void {
  const o = helmRelease(args);
  if (!o) throw new UserError('convert needs --helm-values FILE --release NAME --namespace NS', 2);
  const { loadHelmRelease } = require('../input/helm/load') as typeof import('../input/helm/load');
  const { helmValuesToSpec } = require('../input/helm/to-spec') as typeof import('../input/helm/to-spec');
  const release = { releaseName: o.releaseName, namespace: o.namespace, kubeVersion: o.kubeVersion };
  const { warnings, loaded } = loadHelmRelease(o.valuesFile, release);
  if (!args.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const { document, inexpressible } = helmValuesToSpec(loaded.values, release);

  // The spec must read back as a valid spec: what its checks reject cannot be expressed either.
  const problems: Problem[] = [];
  parseScaleSetSpec(new Checker('(converted spec)', undefined, problems, []), document);
  const lines = [
    ...inexpressible.map((x) => `${loaded.file}: ${x.path}: cannot be expressed in a spec file: ${x.reason}`),
    ...problems.map((p) => `${loaded.file}: the converted spec is not valid: ${p.path}: ${p.message}`),
  ];
  io.out(`# ${o.releaseName}: converted by gha-rs convert from ${loaded.file} (namespace ${o.namespace})`);
  io.out(stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }).trimEnd());
  const github = (document.spec as { github: { patToken?: unknown; githubApp?: unknown } }).github;
  if (github.patToken || github.githubApp) {
    io.err('warning: the spec above holds the GitHub credentials of the values file; keep it out of git, or use existingSecretName');
  }
  if (lines.length) {
    for (const l of lines) io.err(`error: ${l}`);
    throw new UserError(`${lines.length} value${lines.length === 1 ? '' : 's'} cannot be expressed in a spec file; the spec above leaves ${lines.length === 1 ? 'it' : 'them'} out or changes ${lines.length === 1 ? 'it' : 'them'}`);
  }
}
