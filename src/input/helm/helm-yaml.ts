/**
 * A values file as Helm reads it, for the values-hash: Helm parses YAML with go-yaml v2 (YAML
 * 1.1 plain scalars: `yes`/`no`/`on`/`off` are booleans, `0777` is octal, `1_000` is 1000, merge
 * keys apply), turns every number into a float64 through JSON, and coalesces the file over the
 * chart's values (`chartutil.CoalesceValues`). Rendering reads the file with the yaml package's
 * YAML 1.2 core schema (./load.ts); only the hash needs Helm's exact view.
 */
import { parseDocument } from 'yaml';
import type { ScalarTag } from 'yaml';

const GO_BOOL: Record<string, boolean> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false]),
]);
const GO_NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const GO_SPECIAL_FLOAT: Record<string, number> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};
/** Go's `strconv.ParseInt(s, 0, 64)` syntax: a sign, then a 0x / 0o / 0b / leading-0 octal or decimal number. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|(0[0-7]*)|([1-9][0-9]*))$/;
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** A plain scalar as go-yaml v2 resolves it into an `interface{}` (timestamps stay strings). */
export function resolveLikeGoYaml(s: string): unknown {
  if (GO_NULL.has(s)) return null;
  if (s in GO_BOOL) return GO_BOOL[s];
  if (s in GO_SPECIAL_FLOAT) return GO_SPECIAL_FLOAT[s];
  const first = s[0];
  if (first === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? Number(s) : s;
  if (!/[-+0-9]/.test(first)) return s;
  const plain = s.replace(/_/g, '');
  const m = GO_INT.exec(plain);
  if (m) {
    const [, sign, hex, oct, bin, leadingZero, dec] = m;
    const digits = hex !== undefined ? `0x${hex}` : oct !== undefined ? `0o${oct}` : bin !== undefined ? `0b${bin}` : leadingZero !== undefined ? (leadingZero.length > 1 ? `0o${leadingZero.slice(1)}` : '0') : dec;
    const n = BigInt(digits) * (sign === '-' ? -1n : 1n);
    if (n >= INT64_MIN && n <= UINT64_MAX) return Number(n);
  }
  if (GO_FLOAT.test(plain)) return Number(plain);
  return s;
}

const GO_PLAIN: ScalarTag = {
  tag: 'tag:gha-rs,2026:go-yaml-plain',
  default: true,
  test: /^(?!<<$)[\s\S]*$/,
  resolve: resolveLikeGoYaml,
};

/** The file's value as Helm sees it (before the chart's defaults are merged under it). */
export function readValuesLikeHelm(text: string): unknown {
  const doc = parseDocument(text, { merge: true, customTags: (tags) => [GO_PLAIN, ...tags] });
  return doc.toJS({ maxAliasCount: 100 });
}

const isTable = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `.Values` as Helm builds it from the chart's `defaults` and a values file (`chartutil.CoalesceValues`,
 * Helm 3.13 on): at the top, a null removes a default and any other key is kept as given (nulls
 * too); where both sides hold a table, the file's nulls are removed and the rest merged key by key.
 * Lists and scalars replace. Neither input is changed.
 */
export function coalesceLikeHelm(defaults: Record<string, unknown>, user: Record<string, unknown>): Record<string, unknown> {
  const v = structuredClone(user);
  for (const [key, val] of Object.entries(defaults)) {
    if (!(key in v)) v[key] = structuredClone(val);
    else if (v[key] === null) delete v[key];
    else if (isTable(v[key]) && isTable(val)) coalesceTables(v[key] as Record<string, unknown>, structuredClone(val));
  }
  return v;
}

function coalesceTables(dst: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const [key, val] of Object.entries(dst)) if (val === null) src[key] = null;
  for (const [key, val] of Object.entries(src)) {
    if (key in dst && dst[key] === null) delete dst[key];
    else if (!(key in dst)) dst[key] = val;
    else if (isTable(val) && isTable(dst[key])) coalesceTables(dst[key] as Record<string, unknown>, val);
  }
}
