import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from '../constants';
import { UserError } from '../errors';
import { FleetUnits, SecretsMode, fleetUnits, scaleSetUnits, synthesizeWithSecrets } from '../synth/fleet';
import { OutputTarget, replaceOutputDirs } from '../synth/output';
import { Problem, formatProblem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { PLAIN_TEXT_CREDENTIALS } from '../input/scale-set-spec';
import { ParsedArgs } from './args';
import type { Io } from './index';

/** Where the credentials Secrets of a run go (at most one of the two). */
export interface SecretsOptions {
  /** Write them to this folder, replaced as a whole, instead of the output folder. */
  readonly secretsDir?: string;
  /** Seal them with this certificate file (`kubeseal --fetch-cert`). */
  readonly sealCert?: string;
}

export interface SynthOptions extends SecretsOptions {
  readonly files: readonly string[];
  readonly outDir: string;
  readonly quiet?: boolean;
}

/** Loads, checks and synthesizes every spec, then replaces the output folder; nothing is written on any problem. */
export async function runSynth(o: SynthOptions, io: Io): Promise<void> {
  const { specs, controllers, warnings } = loadSpecs(o.files);
  const written = await writeUnits(fleetUnits(specs, controllers), o, warnings, io);
  const what = [
    ...(controllers.length ? [`${controllers.length} controller${controllers.length === 1 ? '' : 's'} (with the CRDs)`] : []),
    `${specs.length} scale set${specs.length === 1 ? '' : 's'}`,
  ].join(' and ');
  io.out(`${what} written to ${o.outDir} (${written})`);
}

export interface HelmSynthOptions extends SecretsOptions {
  /** The chart values file. */
  readonly valuesFile: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly kubeVersion?: string;
  readonly outDir: string;
  readonly quiet?: boolean;
}

/**
 * What `helm template RELEASE <chart> -n NS --kube-version V -f VALUES` renders, through the
 * same construct as spec files; nothing is written on any problem.
 */
export async function runHelmSynth(o: HelmSynthOptions, io: Io): Promise<void> {
  const { loadHelmRelease } = require('../input/helm/load') as typeof import('../input/helm/load');
  const { props, warnings, loaded } = loadHelmRelease(o.valuesFile, { releaseName: o.releaseName, namespace: o.namespace, kubeVersion: o.kubeVersion });
  const written = await writeUnits(scaleSetUnits([{ source: loaded.file, name: o.releaseName, props }]), o, warnings, io);
  io.out(`release ${o.releaseName} written to ${o.outDir} (${written})`);
}

/**
 * Prints the warnings, synthesizes with the credentials Secrets where `o` says, and replaces the
 * output folder (and the secrets folder); returns what was written, for the summary line. The
 * plain-text credentials warning is left out when the Secrets do not go to the output folder.
 */
async function writeUnits(units: FleetUnits, o: SecretsOptions & { outDir: string; quiet?: boolean }, warnings: readonly Problem[], io: Io): Promise<string> {
  const mode = secretsMode(o);
  const shown = mode.kind === 'inline' ? warnings : warnings.filter((w) => w.message !== PLAIN_TEXT_CREDENTIALS);
  if (!o.quiet) for (const w of shown) io.err(`warning: ${formatProblem(w)}`);
  const files = await synthesizeWithSecrets(units, mode);
  const targets: OutputTarget[] = [{ dir: o.outDir, files: files.files }];
  // The Secrets first: applied in that order, the scale sets find them.
  if (o.secretsDir !== undefined) targets.unshift({ dir: o.secretsDir, files: files.secretFiles });
  replaceOutputDirs(targets);
  const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const extra = o.secretsDir !== undefined ? `; credentials Secrets written to ${o.secretsDir} (${plural(files.secretFiles.length)})`
    : mode.kind === 'sealed' ? '; credentials sealed' : '';
  return `${plural(files.files.length)}${extra}`;
}

function secretsMode(o: SecretsOptions & { outDir: string }): SecretsMode {
  if (o.secretsDir !== undefined && o.sealCert !== undefined) {
    throw new UserError('--secrets-dir and --seal-cert cannot be combined: sealed Secrets are safe in the output folder', 2);
  }
  if (o.secretsDir !== undefined) return { kind: 'separate' };
  if (o.sealCert !== undefined) {
    const { sealerFor } = require('../synth/sealing') as typeof import('../synth/sealing');
    return { kind: 'sealed', sealer: sealerFor(o.sealCert, o.outDir) };
  }
  return { kind: 'inline' };
}

/** The release options `--helm-values` needs; a usage error when one is missing. */
export function helmReleaseArgs(args: ParsedArgs): { valuesFile: string; releaseName: string; namespace: string; kubeVersion?: string } {
  const { options } = args;
  const missing = ['release', 'namespace'].filter((k) => !options[k]).map((k) => `--${k}`);
  if (missing.length) throw new UserError(`--helm-values needs ${missing.join(' and ')} (as helm template takes a release name and -n NAMESPACE)`, 2);
  if (args.files.length) throw new UserError('--helm-values and -f cannot be combined: give either spec files or one values file', 2);
  return { valuesFile: options['helm-values'], releaseName: options.release, namespace: options.namespace, kubeVersion: options['kube-version'] };
}

/** `gha-rs synth`. */
export async function synthCommand(args: ParsedArgs, io: Io): Promise<void> {
  const secrets: SecretsOptions = { secretsDir: args.options['secrets-dir'], sealCert: args.options['seal-cert'] };
  if (args.options['helm-values'] !== undefined) {
    await runHelmSynth({ ...helmReleaseArgs(args), ...secrets, outDir: args.out ?? DEFAULT_OUT_DIR, quiet: args.quiet }, io);
    return;
  }
  const stray = ['release', 'namespace', 'kube-version'].filter((k) => args.options[k] !== undefined);
  if (stray.length) throw new UserError(`${stray.map((k) => `--${k}`).join(', ')} only go with --helm-values`, 2);
  await runSynth({ files: args.files.length ? args.files : [DEFAULT_SPEC_PATH], ...secrets, outDir: args.out ?? DEFAULT_OUT_DIR, quiet: args.quiet }, io);
}
