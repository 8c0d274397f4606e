/**
 * The AutoscalingRunnerSet's `actions.github.com/values-hash` annotation. ARC re-creates a scale
 * set's listener (which holds its own copy of the credentials) only when the AutoscalingRunnerSet's
 * spec or this annotation changes. The chart writes `toJson .Values | sha256sum | trunc 63`:
 * {@link goJson} is Go's `encoding/json` as Helm's `toJson` uses it.
 */
import { createHash } from 'node:crypto';

/** Go's `json.Marshal`: map keys sorted by bytes, `<` `>` `&` U+2028 U+2029 escaped, no spaces. */
export function goJson(v: unknown): string {
  const sorted = v === undefined ? UNFIT : sortedForGo(v);
  if (sorted !== UNFIT) {
    const json = JSON.stringify(sorted);
    // a lone surrogate (Go writes U+FFFD), or text that merely looks like one: written by hand
    if (!LONE_SURROGATE_ESCAPE.test(json)) return json.replace(HTML_AND_SEPARATORS, (ch) => HTML_ESCAPES[ch]);
  }
  return goJsonByHand(v);
}

/** A value {@link sortedForGo} leaves to {@link goJsonByHand}. */
const UNFIT = Symbol('unfit');

/** A key JavaScript enumerates before all others, in numeric order: `"10"` before `"9"`, where Go sorts bytes. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/**
 * A copy of `v` whose maps hold their keys in Go's order, for `JSON.stringify` to write as Go
 * would, but for the characters `JSON.stringify` leaves alone (see {@link goJson}); UNFIT when
 * only the character-by-character encoding gets it right: -0, a number Go cannot encode, a key
 * JavaScript would reorder (or `__proto__`) or one that sorts otherwise in UTF-8 than in UTF-16, a value with
 * `toJSON`, a function, a symbol or a bigint.
 */
function sortedForGo(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : UNFIT;
  if (typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') return UNFIT;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i] === undefined ? null : sortedForGo(v[i]);
      if (x === UNFIT) return UNFIT;
      out[i] = x;
    }
    return out;
  }
  const keys = Object.keys(v);
  for (const k of keys) if (INDEX_KEY.test(k) || HIGH.test(k) || k === '__proto__') return UNFIT;
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    const y = sortedForGo(x);
    if (y === UNFIT) return UNFIT;
    out[k] = y;
  }
  return out;
}

/** What `JSON.stringify` writes for a lone surrogate (and for a backslash followed by such text). */
const LONE_SURROGATE_ESCAPE = /\\u[dD][89abAB]|\\u[dD][c-fC-F]/;
/** Characters Go escapes and `JSON.stringify` does not; they occur in JSON text only inside strings. */
const HTML_AND_SEPARATORS = /[<>&\u2028\u2029]/g;
const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** {@link goJson} written character by character: for what `JSON.stringify` cannot be made to write. */
function goJsonByHand(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${v}`);
    // Go prints float64 as JavaScript does (shortest digits, exponent from 1e21 and below 1e-6), -0 aside.
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (typeof v === 'string') return goString(v);
  if (Array.isArray(v)) return `[${v.map(goJsonByHand).join(',')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(entries.some(([k]) => HIGH.test(k)) ? byUtf8 : byCodeUnits);
    return `{${entries.map(([k, x]) => `${goString(k)}:${goJsonByHand(x)}`).join(',')}}`;
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
