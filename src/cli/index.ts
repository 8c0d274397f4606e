/**
 * `gha-rs`: synthesize and check runner scale set specs. Each command loads only what it
 * needs (`validate` never loads cdk8s).
 */
import { UserError, environmentError } from '../errors';
import { redact } from '../rules/redact';
import { commandUsage, parseArgs, ParsedArgs, usage } from './args';
import type { Io } from './io';
import { fdWriter } from './stdio';

const [writeOut, writeErr] = [fdWriter(1), fdWriter(2)];
const stdio: Io = {
  out: (l) => writeOut(`${l}\n`),
  err: (l) => writeErr(`${l}\n`),
};

/** A command; one that writes files returns a promise (it lets SIGINT and SIGTERM in while it writes). */
type Command = (args: ParsedArgs, io: Io) => void | Promise<void>;

const RUN: Record<'synth' | 'validate' | 'convert' | 'takeover', () => Command> = {
  synth: () => require('./synth').synthCommand,
  validate: () => require('./validate').validateCommand,
  convert: () => require('./convert').convertCommand,
  takeover: () => require('./takeover').takeoverCommand,
};

/**
 * `io` whose stderr hides anything that looks like a credential: no error, warning or usage
 * message can echo a token or key, whichever field, key, alias or argument it came from.
 */
export function guardedIo(io: Io): Io {
  return { out: io.out, err: (line) => io.err(redact(line)) };
}

/** Runs the CLI; returns the exit status (a promise of it for a command that writes files). */
export function main(argv: readonly string[], rawIo: Io = stdio): number | Promise<number> {
  const io = guardedIo(rawIo);
  const args = parseArgs(argv);
  if (args.errors.length) {
    for (const e of args.errors) io.err(`error: ${e}`);
    io.err(`Run gha-rs ${args.command && args.command !== 'help' ? `${args.command} ` : ''}--help for usage.`);
    return 2;
  }
  const { command } = args;
  if (command === 'help' || args.help) {
    const topic = command === 'help' ? args.topic : command;
    io.out(topic && topic !== 'help' ? commandUsage(topic) : usage());
    return 0;
  }
  if (args.version || command === 'version') {
    io.out(require('../../../package.json').version);
    return 0;
  }
  if (!command) {
    io.err(usage());
    return 2;
  }
  try {
    const running = RUN[command]()(args, io);
    return running ? running.then(() => 0, (e) => report(e, io, command === 'synth')) : 0;
  } catch (e) {
    return report(e, io, command === 'synth');
  }
}

/** Prints a failure: every spec problem, or one line; a stack trace only with GHA_RS_DEBUG=1. */
export function report(e: unknown, io: Io, writes = false): number {
  const kept = writes ? '; nothing was written' : '';
  const problems = (e as { problems?: unknown[] }).problems;
  if (Array.isArray(problems)) {
    const { formatProblem } = require('../input/problems');
    for (const p of problems) io.err(`error: ${formatProblem(p)}`);
    io.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} found${kept}.`);
    return 1;
  }
  const known = e instanceof UserError ? e : environmentError(e);
  if (known) {
    io.err(`error: ${known.message}`);
    return known.exitCode;
  }
  io.err(`error: internal failure: ${(e as Error)?.message ?? String(e)}${kept}. Please report this (GHA_RS_DEBUG=1 shows details).`);
  if (process.env.GHA_RS_DEBUG) io.err(String((e as Error)?.stack));
  return 1;
}
