import { stringify } from 'yaml';
import { HELM_CHART } from '../constants';
import { UserError } from '../errors';
import { Checker } from '../input/checker';
import { parseControllerSpec } from '../input/controller-spec';
import { formatProblem, Problem } from '../input/problems';
import { parseScaleSetSpec } from '../input/scale-set-spec';
import { helmReleases, ParsedArgs } from './args';

import type { Io } from './io';

/** The fields of a converted spec meant to hold credentials: warned about above, not as a credential in another field. */
const CREDENTIAL_FIELDS: readonly string[] = ['spec.github.patToken', 'spec.github.githubApp'];

/**
 * `gha-rs convert --helm-values FILE --release NAME --namespace NS [--helm-chart NAME]` (or
 * `--helm-releases FILE`): prints the equivalent spec file (one document per release); what the
 * spec format cannot express is listed on stderr and the exit status is 1.
 */
export function convertCommand(args: ParsedArgs, io: Io): void {
  const releases = helmReleases(args);
  if (!releases) throw new UserError('convert needs --helm-values FILE --release NAME --namespace NS [--helm-chart NAME], or --helm-releases FILE', 2);
  const { loadHelmReleases } = require('../input/helm/releases') as typeof import('../input/helm/releases');
  const { helmValuesToSpec } = require('../input/helm/to-spec') as typeof import('../input/helm/to-spec');
  const { controllerSpecDocument, controllerInexpressible } = require('../input/helm/controller') as typeof import('../input/helm/controller');
  const { controllers, scaleSets, warnings } = loadHelmReleases(releases);
  if (!args.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);

  const lines: string[] = [];
  const documents: string[] = [];
  const printed: Record<string, unknown>[] = [];
  const notes: string[] = [];
  const restarts: string[] = [];
  /** Experimental releases whose spec does not keep the chart's values-hash. */
  const hashChanges: string[] = [];
  for (const release of releases) {
    const c = controllers.find((x) => x.release === release);
    const s = scaleSets.find((x) => x.release === release);
    const file = (c ?? s)!.loaded.file;
    // The spec must read back as a valid spec: what its checks reject cannot be expressed either.
    const problems: Problem[] = [];
    const checker = new Checker('(converted spec)', undefined, problems, []);
    let document: Record<string, unknown>;
    let inexpressible: { path: string; reason: string }[];
    if (release.chart === HELM_CHART.scaleSetExperimental || release.chart === HELM_CHART.controllerExperimental) {
      // the values whole, in spec.experimentalChartValues: read back as synth reads them
      const x = require('../input/experimental-spec') as typeof import('../input/experimental-spec');
      const { experimentalValuesToSpec } = require('../input/helm/experimental-to-spec') as typeof import('../input/helm/experimental-to-spec');
      const loaded = (c ?? s)!.loaded;
      const converted = experimentalValuesToSpec(loaded.user, release, !!c);
      ({ document, inexpressible } = converted);
      if (c) x.parseExperimentalControllerSpec(checker, document);
      else {
        const env = Object.fromEntries(converted.credentials.map((y) => [y.variable, y.value]));
        const back = x.parseExperimentalScaleSetSpec(checker, document, { baseDir: '.', env });
        // the spec keeps the chart's values-hash, unless a credential reads otherwise from the environment (a number, a key without its final newline)
        if (back && !problems.length && back.props.valuesHash !== loaded.valuesHash()) hashChanges.push(release.releaseName);
      }
      if (converted.credentials.length) {
        notes.push(`${file}: the spec of release "${release.releaseName}" reads its credentials from the environment, not from the file: before gha-rs synth or validate, set ${converted.credentials.map((y) => `${y.variable} (the value of ${y.from})`).join(', ')}`);
      }
    } else if (c) {
      document = controllerSpecDocument(c.spec);
      inexpressible = controllerInexpressible(c.spec);
      parseControllerSpec(checker, document);
    } else {
      const converted = helmValuesToSpec(s!.loaded.values, release);
      ({ document, inexpressible } = converted);
      // read back with the credentials it reads from the environment
      parseScaleSetSpec(checker, document, { baseDir: '.', env: Object.fromEntries(converted.credentials.map((x) => [x.variable, x.value])) });
      if (converted.credentials.length) {
        notes.push(`${file}: the spec of release "${release.releaseName}" reads its credentials from the environment, not from the file: before gha-rs synth or validate, set ${converted.credentials.map((x) => `${x.variable} (the value of ${x.from})`).join(', ')}`);
      }
      restarts.push(release.releaseName);
    }
    lines.push(
      ...inexpressible.map((x) => `${file}: ${x.path}: cannot be expressed in a spec file: ${x.reason}`),
      ...problems.map((p) => `${file}: the converted spec is not valid: ${p.path}: ${p.message}`),
    );
    printed.push(document);
    documents.push([
      `# ${release.releaseName}: converted by gha-rs convert from ${file} (namespace ${release.namespace})`,
      stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }).trimEnd(),
    ].join('\n'));
  }
  io.out(documents.join('\n---\n'));
  // what to set, said -q or not: the spec cannot be used without it (the values are never printed)
  for (const n of notes) io.err(`note: ${n}`);
  if (restarts.length && !args.quiet) {
    io.err(`note: the first apply of what gha-rs synth writes from ${restarts.length === 1 ? 'this spec' : 'these specs'} restarts the listener of ${restarts.map((r) => `"${r}"`).join(', ')} once: the AutoscalingRunnerSet's actions.github.com/values-hash is then a hash of the spec's objects and credentials, not the chart's hash of the values (the controller re-creates the listener when it changes). To avoid it, apply at a quiet moment, or keep synthesizing from the values with --helm-values, which keeps the chart's hash`);
  }
  if (hashChanges.length && !args.quiet) {
    io.err(`note: the first apply of what gha-rs synth writes from the spec of ${hashChanges.map((r) => `"${r}"`).join(', ')} restarts the listener once: a credential read back from the environment is not the values' text (a number, such as an unquoted installationId, reads as a string; a private key gets its final newline), which changes the chart's values-hash (the controller re-creates the listener when it changes). To avoid it, quote the number (or write the key as a | block) in the values file before converting, or apply at a quiet moment`);
  }
  // a token or key the values put in another field (an env value, an annotation) is printed as given: said, -q or not, as synth does
  const { plainCredentialFields, plainCredentialFieldsWarning } = require('../synth/plain-credentials') as typeof import('../synth/plain-credentials');
  const places = plainCredentialFields(printed, (path) => CREDENTIAL_FIELDS.includes(path));
  if (places.length) io.err(plainCredentialFieldsWarning('standard output', places));
  if (lines.length) {
    for (const l of lines) io.err(`error: ${l}`);
    throw new UserError(`${lines.length} value${lines.length === 1 ? '' : 's'} cannot be expressed in a spec file; the spec above leaves ${lines.length === 1 ? 'it' : 'them'} out or changes ${lines.length === 1 ? 'it' : 'them'}`);
  }
}
