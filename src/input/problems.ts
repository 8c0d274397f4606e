/**
 * Problems found in spec files: each names the file, the field path and, where known, the line.
 */
import { redact } from './redact';

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

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest allowed name, if it is close enough to be a likely typo. */
export function suggest(found: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const a of allowed) {
    const d = editDistance(found.toLowerCase(), a.toLowerCase());
    if (d < bestDistance) {
      best = a;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(found.length / 3)) ? best : undefined;
}
