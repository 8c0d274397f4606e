/**
 * `gha-rs`: synthesize and check runner scale set specs. Each command loads only what it
 * needs (`validate` never loads cdk8s).
 */
import { UserError } from '../errors';
import { parseArgs, ParsedArgs } from './args';

export const USAGE = `Usage: gha-rs <command> [options]

Commands:
  synth      write Kubernetes manifests for every spec (scale sets, controllers, and
             ARC's CRDs in 00-crds.k8s.yaml when a controller is among them)
  validate   check specs without writing anything
  convert    print the spec file equivalent to a Helm values file

Options:
  -f, --file FILE|DIR   spec file or folder; repeatable (default: specs/)
  -o, --output DIR      output folder for synth (default: dist/); replaced as a whole
      --helm-values FILE  values of ARC's gha-runner-scale-set chart 0.14.2, instead of spec files
      --release NAME      with --helm-values: the Helm release name
      --namespace NS      with --helm-values: the release namespace (helm -n)
      --kube-version V    with --helm-values: the target Kubernetes version (default 1.33.0)
      --secrets-dir DIR   synth: write the Secrets holding credentials to DIR (replaced as
                          a whole; keep it out of git) instead of the output folder
      --seal-cert FILE    synth: write them as SealedSecrets sealed with FILE, the
                          certificate that 'kubeseal --fetch-cert' prints (namespace-wide)
  -q, --quiet           print no warnings
  -h, --help            show this help
      --version         print the version

Exit status: 0 success, 1 invalid specs or output problem, 2 usage error.`;


export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const stdio: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

type Command = (args: ParsedArgs, io: Io) => void | Promise<void>;

const COMMANDS: Record<string, () => Command> = {
  synth: () => require('./synth').synthCommand,
  validate: () => require('./validate').validateCommand,
  convert: () => require('./convert').convertCommand,
};

/** Runs the CLI; returns the exit status (a promise of it for a command that works asynchronously, as synth does). */
export function main(argv: readonly string[], io: Io = stdio): number | Promise<number> {
  const args = parseArgs(argv);
  if (args.version) {
    io.out(require('../../../package.json').version);
    return 0;
  }
  if (args.help || (!args.command && !args.errors.length)) {
    (args.help ? io.out : io.err)(USAGE);
    return args.help ? 0 : 2;
  }
  const load = args.command ? COMMANDS[args.command] : undefined;
  const errors = [...args.errors];
  if (args.command && !load) errors.unshift(`unknown command "${args.command}"; allowed: ${Object.keys(COMMANDS).join(', ')}`);
  if (errors.length) {
    for (const e of errors) io.err(`error: ${e}`);
    io.err('Run gha-rs --help for usage.');
    return 2;
  }
  try {
    const done = load!()(args, io);
    return done ? done.then(() => 0, (e) => report(e, io)) : 0;
  } catch (e) {
    return report(e, io);
  }
}

/** Prints a failure: every spec problem, or one line; a stack trace only with GHA_RS_DEBUG=1. */
export function report(e: unknown, io: Io): number {
  const problems = (e as { problems?: unknown[] }).problems;
  if (Array.isArray(problems)) {
    const { formatProblem } = require('../input/problems');
    for (const p of problems) io.err(`error: ${formatProblem(p)}`);
    io.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was written.`);
    return 1;
  }
  if (e instanceof UserError) {
    io.err(`error: ${e.message}`);
    return e.exitCode;
  }
  io.err(`error: internal failure: ${(e as Error)?.message ?? String(e)}; nothing was written. Please report this (GHA_RS_DEBUG=1 shows details).`);
  if (process.env.GHA_RS_DEBUG) io.err(String((e as Error)?.stack));
  return 1;
}
