import { realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_PATH } from '../constants';
import { UserError } from '../errors';
import { FleetUnits, fleetUnits, inApplyOrder, wiredUnits } from '../synth/fleet';
import { OutputFolder, breather, holdsPlainCredentials, replaceOutputDir } from '../synth/output';
import { SecretsMode, UnitFile, sealedUnitFiles, unitFiles } from '../synth/units';
import { Problem, formatProblem } from '../input/problems';
import { plainCredentialWarnings } from '../synth/plain-credentials';
import { loadSpecs } from '../input/load';
import type { HelmReleaseInput } from '../input/helm/releases';
import { helmReleases, ParsedArgs, STDOUT } from './args';
import type { Io } from './io';

/** Where the credentials Secrets of a run go (at most one of the two). */
export interface SecretsOptions {
  /** Write them to this folder, replaced as a whole, instead of the output. */
  readonly secretsDir?: string;
  /** Seal them with this certificate file (`kubeseal --fetch-cert`). */
  readonly sealCert?: string;
  /** With `sealCert`: the previous output (a folder or a file) whose sealed data is kept; default the output folder. */
  readonly previous?: string;
}

export interface SynthOptions extends SecretsOptions {
  readonly files: readonly string[];
  /** The output folder; `-` for standard output. */
  readonly outDir: string;
  readonly quiet?: boolean;
}

/**
 * Loads, checks and synthesizes every spec, then replaces the output folder; nothing is written
 * on any problem. Problems of the specs are thrown at once; writing the folder is a promise.
 */
export function runSynth(o: SynthOptions, io: Io): Promise<void> | void {
  const { specs, experimental, controllers, warnings } = loadSpecs(o.files);
  const mode = secretsMode(o);
  printWarnings(warnings, o, io);
  const scaleSets = [...specs, ...experimental];
  const what = [
    ...(controllers.length ? [`${controllers.length} controller${controllers.length === 1 ? '' : 's'} (with the CRDs)`] : []),
    `${scaleSets.length} scale set${scaleSets.length === 1 ? '' : 's'}`,
  ].join(' and ');
  return writeOutput(o, mode, fleetUnits(scaleSets, controllers), io, what);
}

export interface HelmSynthOptions extends SecretsOptions {
  /** The releases: one from `--helm-values`, or a release list's. */
  readonly releases: readonly HelmReleaseInput[];
  /** The output folder; `-` for standard output. */
  readonly outDir: string;
  readonly quiet?: boolean;
}

/**
 * What `helm template` renders for each release (its chart, `-n NS --kube-version V -f VALUES`),
 * through the same constructs as spec files, wired to each other as spec files are, with ARC's
 * CRDs when a controller is among them; nothing is written on any problem.
 */
export function runHelmSynth(o: HelmSynthOptions, io: Io): Promise<void> | void {
  const { loadHelmReleases } = require('../input/helm/releases') as typeof import('../input/helm/releases');
  const { controllers, scaleSets, warnings } = loadHelmReleases(o.releases);
  const mode = secretsMode(o);
  printWarnings(warnings, o, io);
  const names = o.releases.map((r) => r.releaseName);
  const what = `${names.length === 1 ? 'release' : 'releases'} ${names.join(', ')}${controllers.length ? ' (with the CRDs)' : ''}`;
  // as helm template, no note on the Pod Security level of the release namespaces
  return writeOutput({ ...o, quietNotes: true }, mode, wiredUnits(scaleSets, controllers), io, what);
}

/** `gha-rs synth`. */
export function synthCommand(args: ParsedArgs, io: Io): Promise<void> | void {
  const outDir = args.out ?? DEFAULT_OUT_DIR;
  const secrets: SecretsOptions = { secretsDir: args.options['secrets-dir'], sealCert: args.options['seal-cert'], previous: args.options.previous };
  const releases = helmReleases(args);
  if (releases) return runHelmSynth({ releases, ...secrets, outDir, quiet: args.quiet }, io);
  return runSynth({ files: args.files.length ? args.files : [DEFAULT_SPEC_PATH], ...secrets, outDir, quiet: args.quiet }, io);
}

/** The warnings of the input, unless `-q`. */
function printWarnings(warnings: readonly Problem[], o: { quiet?: boolean }, io: Io): void {
  if (!o.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
}

/** How `o` says to write credentials; with `--seal-cert`, the sealer reuses what the output folder holds. */
function secretsMode(o: SecretsOptions & { outDir: string }): SecretsMode {
  if (o.secretsDir !== undefined && o.sealCert !== undefined) {
    throw new UserError('--secrets-dir and --seal-cert cannot be combined: sealed Secrets are safe in the output folder', 2);
  }
  if (o.secretsDir !== undefined) {
    if (o.outDir !== STDOUT) apart(o.outDir, o.secretsDir);
    return { kind: 'separate' };
  }
  if (o.previous !== undefined && o.sealCert === undefined) {
    throw new UserError('--previous goes with --seal-cert: it names the output whose sealed data to keep', 2);
  }
  if (o.sealCert !== undefined) {
    const { sealerFor } = require('../synth/sealing') as typeof import('../synth/sealing');
    // -o - has no folder to read back: --previous gives what the last run wrote
    const previous = o.previous !== undefined ? { path: o.previous, given: true } : o.outDir === STDOUT ? undefined : { path: o.outDir, given: false };
    return { kind: 'sealed', sealer: sealerFor(o.sealCert, previous) };
  }
  return { kind: 'inline' };
}

/** Two folders each replaced as a whole must not hold one another, through symlinks either. */
function apart(outDir: string, secretsDir: string): void {
  for (const [a, b] of [[outDir, secretsDir], [secretsDir, outDir]]) {
    const rel = relative(realFolder(a), realFolder(b));
    if (rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'))) {
      throw new UserError(`${b}: ${rel === '' ? 'is the same folder as' : 'is inside'} ${a}; each output folder is replaced as a whole, so they must be apart`, 2);
    }
  }
}

/** `path` with symlinks resolved as far as it exists (the rest may not have been created yet). */
function realFolder(path: string): string {
  const rest: string[] = [];
  for (let head = resolve(path); ; head = dirname(head)) {
    try {
      return join(realpathSync(head), ...rest);
    } catch {
      if (dirname(head) === head) return resolve(path);
      rest.unshift(basename(head));
    }
  }
}

/**
 * Writes the files: to the output folder (replaced as a whole, each file written as it is made)
 * or with `-` to standard output as one YAML stream in apply order; credentials Secrets' files
 * (`separate` mode) to the secrets folder. Sealing makes every file first.
 */
function writeOutput(o: SecretsOptions & { outDir: string; quiet?: boolean; quietNotes?: boolean }, mode: SecretsMode, { units, withCrds }: FleetUnits, io: Io, what: string): Promise<void> | void {
  const notes: string[] = [];
  if (mode.kind === 'sealed') {
    return sealedUnitFiles(units, withCrds, mode.sealer, notes).then((files) => withNotes(write(o, files, io, `${what} written to ${o.outDir}`, '; credentials sealed'), notes, o, io));
  }
  return withNotes(write(o, unitFiles(units, withCrds, mode, notes), io, `${what} written to ${o.outDir}`, ''), notes, o, io);
}

/** Prints the notes of a run (the Pod Security level of namespaces it does not create) once its files are made, unless quiet. */
function withNotes(written: Promise<void> | void, notes: readonly string[], o: { readonly quiet?: boolean; readonly quietNotes?: boolean }, io: Io): Promise<void> | void {
  const print = () => {
    if (!o.quiet && !o.quietNotes) for (const n of notes) io.err(`note: ${n}`);
  };
  if (written) return written.then(print);
  print();
}

const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

function write(o: SecretsOptions & { outDir: string }, files: Iterable<UnitFile>, io: Io, written: string, extra: string): Promise<void> | void {
  const stdout = (all: Iterable<UnitFile>): void => {
    io.out(inApplyOrder(all).map((f) => f.content).join('---\n').replace(/\n$/, ''));
  };
  const { secretsDir } = o;
  // Said where a Secret with a credential is finally written (not to the secrets folder), -q or not.
  const plain: UnitFile[] = [];
  const noted = (function* () {
    for (const f of files) {
      if (holdsPlainCredentials(f) && !(secretsDir !== undefined && f.secret)) plain.push(f);
      yield f;
    }
  })();
  const warn = () => {
    const where = (name: string) => (o.outDir === STDOUT ? `standard output (${name})` : join(o.outDir, name));
    for (const w of plainCredentialWarnings(plain, where)) io.err(w);
  };
  if (secretsDir === undefined) {
    if (o.outDir === STDOUT) return (stdout(noted), warn());
    return replaceOutputDir(o.outDir, noted).then((count) => (io.out(`${written} (${plural(count)}${extra})`), warn()));
  }
  if (o.outDir === STDOUT) {
    const all = [...noted];
    return replaceOutputDir(secretsDir, all.filter((f) => f.secret), 'secrets folder').then(() => (stdout(all.filter((f) => !f.secret)), warn()));
  }
  return replaceBoth(o.outDir, secretsDir, noted)
    .then(([count, secrets]) => (io.out(`${written} (${plural(count)}; credentials Secrets written to ${secretsDir} (${plural(secrets)}))`), warn()));
}

/**
 * Replaces the output and the secrets folder together: both are opened (locked and checked)
 * before anything is written, and either both commit, the secrets first, or neither.
 */
async function replaceBoth(outDir: string, secretsDir: string, files: Iterable<UnitFile>): Promise<[number, number]> {
  const secrets = OutputFolder.open(secretsDir, 'secrets folder');
  let out: OutputFolder;
  try {
    out = OutputFolder.open(outDir);
  } catch (e) {
    secrets.abort();
    throw e;
  }
  const breathe = breather();
  try {
    for (const f of files) {
      (f.secret ? secrets : out).write(f.name, f.content, holdsPlainCredentials(f));
      await breathe();
    }
  } catch (e) {
    secrets.abort();
    out.abort();
    throw e;
  }
  // applied in this order, the scale sets find their Secrets
  secrets.commit();
  out.commit();
  return [out.files.length, secrets.files.length];
}
