/**
 * The AutoscalingRunnerSet's `actions.github.com/values-hash` annotation. ARC re-creates a scale
 * set's listener (which holds its own copy of the credentials) only when the AutoscalingRunnerSet's
 * spec or this annotation changes. The chart writes `toJson .Values | sha256sum | trunc 63`:
 * {@link goJson} is Go's `encoding/json` as Helm's `toJson` uses it.
 */
import { createHash } from 'node:crypto';

/** Go's `json.Marshal`: map keys sorted by bytes, `<` `>` `&` U+2028 U+2029 escaped, no spaces. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${v}`);
    // Go prints float64 as JavaScript does (shortest digits, exponent from 1e21 and below 1e-6), -0 aside.
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (typeof v === 'string') return goString(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(entries.some(([k]) => HIGH.test(k)) ? byUtf8 : byCodeUnits);
    return `{${entries.map(([k, x]) => `${goString(k)}:${goJson(x)}`).join(',')}}`;
  }
  throw new Error(`json: unsupported type: ${typeof v}`);
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * A character from U+D800 up: below it, UTF-16 code units sort as UTF-8 bytes do (the cheap
 * comparison); a surrogate pair (U+10000 and up) sorts after U+E000–U+FFFF in UTF-8 only.
 */
const HIGH = /[\ud800-\uffff]/;
const byCodeUnits = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
const byUtf8 = ([a]: [string, unknown], [b]: [string, unknown]) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Anything {@link goString} writes otherwise than as itself: a string without any is written as is. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

function goString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd'; // a lone surrogate: Go's invalid UTF-8
    else out += ch;
  }
  return `${out}"`;
}

/**
 * `sha256sum | trunc 63` of {@link goJson}: the chart's values-hash of merged values, and our hash
 * of whatever a scale set is built from. Where Go's JSON fails (NaN, infinities), `toJson` gives "".
 */
export function valuesHash(v: unknown): string {
  let json: string;
  try {
    json = goJson(v);
  } catch {
    json = '';
  }
  return createHash('sha256').update(json).digest('hex').slice(0, 63);
}
