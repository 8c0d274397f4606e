/**
 * Problems found in spec files: each names the file, the field path and, where known, the line.
 */
import { redact } from '../rules/redact';

export interface Problem {
  readonly file: string;
  /** Dotted field path, e.g. `spec.scaling.maxRunners`; empty for a whole-document problem. */
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

/** One problem as a line; anything that looks like a credential, in any part, is hidden. */
export function formatProblem(p: Problem): string {
  const where = p.line ? ` (line ${p.line})` : '';
  return redact(`${p.file}: ${p.path ? `${p.path}: ` : ''}${p.message}${where}`);
}

/** Thrown when specs cannot be used; carries every problem found, for the CLI to print. */
export class SpecError extends Error {
  public constructor(public readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecError';
  }
}

