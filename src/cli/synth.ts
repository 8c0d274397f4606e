import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from '../constants';
import { UserError } from '../errors';
import { FleetOutput, FleetUnits, OutputFile, SecretsMode, fleetUnits, scaleSetUnits, synthesizeWithSecrets } from '../synth/fleet';
import { OutputTarget, replaceOutputDirs } from '../synth/output';
import { Problem, formatProblem } from '../input/problems';
import { loadSpecs } from '../input/load';
import { PLAIN_TEXT_CREDENTIALS } from '../input/scale-set-spec';
import { helmRelease, ParsedArgs, STDOUT } from './args';
import type { Io } from './index';

/** Where the credentials Secrets of a run go (at most one of the two). */
export interface SecretsOptions {
  /** Write them to this folder, replaced as a whole, instead of the output. */
  readonly secretsDir?: string;
  /** Seal them with this certificate file (`kubeseal --fetch-cert`). */
  readonly sealCert?: string;
}

export interface SynthOptions extends SecretsOptions {
  readonly files: readonly string[];
  /** The output folder; `-` for standard output. */
  readonly outDir: string;
  readonly quiet?: boolean;
}

/**
 * Loads, checks and synthesizes every spec, then replaces the output folder; nothing is written on
 * any problem. Asynchronous only when sealing.
 */
export function runSynth(o: SynthOptions, io: Io): void | Promise<void> {
  const { specs, controllers, warnings } = loadSpecs(o.files);
  const what = [
    ...(controllers.length ? [`${controllers.length} controller${controllers.length === 1 ? '' : 's'} (with the CRDs)`] : []),
    `${specs.length} scale set${specs.length === 1 ? '' : 's'}`,
  ].join(' and ');
  return writeUnits(fleetUnits(specs, controllers), o, warnings, io, what);
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
 * same construct as spec files; nothing is written on any problem. Asynchronous only when sealing.
 */
export function runHelmSynth(o: HelmSynthOptions, io: Io): void | Promise<void> {
  const { loadHelmRelease } = require('../input/helm/load') as typeof import('../input/helm/load');
  const { props, warnings, loaded } = loadHelmRelease(o.valuesFile, { releaseName: o.releaseName, namespace: o.namespace, kubeVersion: o.kubeVersion });
  return writeUnits(scaleSetUnits([{ source: loaded.file, name: o.releaseName, props }]), o, warnings, io, `release ${o.releaseName}`);
}

/** `gha-rs synth`. */
export function synthCommand(args: ParsedArgs, io: Io): void | Promise<void> {
  const outDir = args.out ?? DEFAULT_OUT_DIR;
  const secrets: SecretsOptions = { secretsDir: args.options['secrets-dir'], sealCert: args.options['seal-cert'] };
  const release = helmRelease(args);
  if (release) return runHelmSynth({ ...release, ...secrets, outDir, quiet: args.quiet }, io);
  return runSynth({ files: args.files.length ? args.files : [DEFAULT_SPEC_PATH], ...secrets, outDir, quiet: args.quiet }, io);
}

/**
 * Prints the warnings, synthesizes with the credentials Secrets where `o` says, writes the output
 * (and the secrets folder) and says what was written. The plain-text credentials warning is left
 * out when the Secrets do not go to the output.
 */
function writeUnits(units: FleetUnits, o: SecretsOptions & { outDir: string; quiet?: boolean }, warnings: readonly Problem[], io: Io, what: string): void | Promise<void> {
  const mode = secretsMode(o);
  const shown = mode.kind === 'inline' ? warnings : warnings.filter((w) => w.message !== PLAIN_TEXT_CREDENTIALS);
  if (!o.quiet) for (const w of shown) io.err(`warning: ${formatProblem(w)}`);
  const output = synthesizeWithSecrets(units, mode);
  const write = (out: FleetOutput) => writeOutput(out, o, mode, io, what);
  return output instanceof Promise ? output.then(write) : write(output);
}

function writeOutput({ files, secretFiles }: FleetOutput, o: SecretsOptions & { outDir: string }, mode: SecretsMode, io: Io, what: string): void {
  const targets: OutputTarget[] = [];
  // The Secrets first: applied in that order, the scale sets find them.
  if (o.secretsDir !== undefined) targets.push({ dir: o.secretsDir, files: secretFiles });
  if (o.outDir !== STDOUT) targets.push({ dir: o.outDir, files });
  replaceOutputDirs(targets);
  if (o.outDir === STDOUT) {
    writeStdout(files, io);
    return;
  }
  const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const extra = o.secretsDir !== undefined ? `; credentials Secrets written to ${o.secretsDir} (${plural(secretFiles.length)})`
    : mode.kind === 'sealed' ? '; credentials sealed' : '';
  io.out(`${what} written to ${o.outDir} (${plural(files.length)}${extra})`);
}

/** `-o -`: every file to standard output as one YAML stream. */
function writeStdout(files: readonly OutputFile[], io: Io): void {
  io.out(files.map((f) => f.content).join('---\n').replace(/\n$/, ''));
}

/** How `o` says to write credentials; with `--seal-cert`, the sealer reuses what the output folder holds. */
function secretsMode(o: SecretsOptions & { outDir: string }): SecretsMode {
  if (o.secretsDir !== undefined && o.sealCert !== undefined) {
    throw new UserError('--secrets-dir and --seal-cert cannot be combined: sealed Secrets are safe in the output folder', 2);
  }
  if (o.secretsDir !== undefined) return { kind: 'separate' };
  if (o.sealCert !== undefined) {
    const { sealerFor } = require('../synth/sealing') as typeof import('../synth/sealing');
    return { kind: 'sealed', sealer: sealerFor(o.sealCert, o.outDir === STDOUT ? undefined : o.outDir) };
  }
  return { kind: 'inline' };
}
