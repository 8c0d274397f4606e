/**
 * How problems name a field and a near miss: the path of a field as users write it
 * (`spec.github.configUrl`, `template.spec.containers[0]`), and the allowed name a typo was
 * probably meant to be. Every reader, rule and construct words its problems with these.
 * Pure: no cdk8s, no I/O.
 */
import { HIDDEN, looksLikeCredential } from './redact';

/** Where a value is: map keys and list indexes from the top of the document (or the props). */
export type Path = readonly (string | number)[];

/** A value as a message shows what it found: quoted, cut short, and hidden when it looks like a credential. */
export const describe = (v: unknown): string => {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') {
    if (looksLikeCredential(v)) return `a string ${HIDDEN}`;
    return `"${v.length > 80 ? `${v.slice(0, 77)}...` : v}"`;
  }
  return `${typeof v} ${String(v)}`;
};

/** `['spec', 'containers', 0, 'name']` as `spec.containers[0].name`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
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
