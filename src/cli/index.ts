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
  convert    print the spec file equivalent to Helm values (one document per release)

Options:
  -f, --file FILE|DIR   spec file or folder; repeatable (default: specs/)
  -o, --output DIR      output folder for synth (default: dist/); replaced as a whole
      --helm-values FILE  a Helm release's values file, instead of spec files
      --helm-chart NAME   with --helm-values: the release's chart 0.14.2, gha-runner-scale-set
                          (default) or gha-runner-scale-set-controller
      --release NAME      with --helm-values: the Helm release name
      --namespace NS      with --helm-values: the release namespace (helm -n)
      --kube-version V    with --helm-values: the target Kubernetes version (default 1.33.0)
      --helm-releases FILE  a whole Helm install: a list of releases (chart, name, namespace,
                          values file), wired to each other as spec files are
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

type Command = (args: ParsedArgs, io: Io) => void;

const COMMANDS: Record<string, () => Command> = {
  synth: () => require('./synth').synthCommand,
  validate: () => require('./validate').validateCommand,
  convert: () => require('./convert').convertCommand,
};

/** Runs the CLI; returns the exit status. */
export function main(argv: readonly string[], io: Io = stdio): number {
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
    load!()(args, io);
    return 0;
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
