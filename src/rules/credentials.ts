/**
 * The rules of GitHub credentials given as values: a personal access token, a GitHub App's ID,
 * installation ID and private key. The spec reader (src/input/scale-set-spec.ts), the Helm values
 * reader (src/input/helm/to-props.ts) and the `GitHubAuth` factories (through the scale set
 * construct) call them with the value they hold. Messages never show the value.
 *
 * Pure: no cdk8s, no I/O.
 */
import type { RuleProblem } from './scale-set';

/** A PEM private key, whole. */
export const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]*-----END ([A-Z]+ )?PRIVATE KEY-----/;
/** The start of any PEM block. */
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----/;
const ONE_WORD = 'allowed: one word (a token or an ID: no spaces or line breaks)';

/** What a value is, without showing it. */
function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a map' : `a ${typeof v}`;
}

/**
 * A token or an ID (`what` says which): one word. Nothing or an empty string is what an unset
 * environment variable gives (`process.env.GITHUB_TOKEN!`); a PEM block is a private key put in
 * the wrong place.
 */
export function credentialWordProblem(v: unknown, what: string): RuleProblem {
  if (v === undefined || v === null) return `is required (${what}), found nothing: is the variable or file it is read from set?`;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return undefined; // an ID given as a number
  if (typeof v !== 'string') return `must be a string (${what}), found ${kindOf(v)}`;
  if (!v.trim()) return `is empty (${what}): is the variable or file it is read from set?`;
  if (PEM_BLOCK.test(v)) return `holds a PEM block (the value is hidden), not ${what}; a GitHub App's private key goes with its App ID and installation ID`;
  if (/\s/.test(v.trim())) return `holds whitespace inside (the value is hidden); ${ONE_WORD}`;
  if (/\s/.test(v)) return `ends or starts with whitespace, such as the line break a file ends in (the value is hidden); ${ONE_WORD}: trim what was read`;
  return undefined;
}

/** A GitHub App's private key as PEM text (not base64). */
export function privateKeyPemProblem(v: unknown): RuleProblem {
  if (v === undefined || v === null) return 'is required (the App\'s private key, PEM text), found nothing: is the variable or file it is read from set?';
  if (typeof v !== 'string') return `must be a string (the App's private key, PEM text), found ${kindOf(v)}`;
  if (!v.trim()) return 'is empty (the App\'s private key, PEM text): is the variable or file it is read from set?';
  if (!PEM_PRIVATE_KEY.test(v)) return 'is not a PEM private key (the value is hidden); allowed: the PEM text, -----BEGIN ... PRIVATE KEY----- to -----END ... PRIVATE KEY----- (not its base64)';
  return undefined;
}
