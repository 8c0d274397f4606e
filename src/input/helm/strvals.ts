/**
 * Helm's `--set` and `--set-string` (its strvals syntax) and its merge of several `-f` values
 * files, so that `gha-rs` takes a release's values as `helm template -f a.yaml -f b.yaml --set k=v`
 * builds them. Pure functions, no I/O.
 *
 * The syntax, as Helm 3 parses it:
 * - `a.b.c=v` sets a nested key; several assignments are separated by `,` (`a=1,b=2`);
 * - `a[0]=v`, `a[1].b=v`, `a[0][1]=v` set list items (the list grows with nulls, at most index 65536);
 * - `a={x,y}` sets a list;
 * - `\` escapes the next character: `a\.b=v` is the key `a.b`, `a=x\,y` the value `x,y`;
 * - with `--set`, `true`/`false` (any case) are booleans, `null` is null (which removes the chart's
 *   default), `0` and whole numbers not starting with `0` are numbers, anything else a string;
 *   with `--set-string` every value is a string;
 * - `a=` sets the empty string.
 */
import { isMap, ValueMap } from '../chart-fields';

/** Helm's largest list index in `--set` (`strvals.MaxIndex`). */
export const MAX_SET_INDEX = 65536;

/** A `--set` that cannot be read: what is wrong, in Helm's terms. */
export class SetSyntaxError extends Error {}

/** Helm's `mergeMaps` of two values files: maps merged key by key, anything else (lists, nulls) replaced by the later file's. */
export function mergeValueFiles(a: ValueMap, b: ValueMap): ValueMap {
  const out: ValueMap = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isMap(v) && isMap(prev) ? mergeValueFiles(prev, v) : v;
  }
  return out;
}

/** `--set` (typed values) or `--set-string` (strings). */
export type SetKind = 'set' | 'set-string';

class Reader {
  private i = 0;
  public constructor(private readonly s: string) {}
  public get done(): boolean { return this.i >= this.s.length; }
  public peek(): string | undefined { return this.s[this.i]; }
  public next(): string | undefined { return this.s[this.i++]; }
  /** Characters up to (not including) one of `stops`, with `\` escapes; the stop is consumed and returned. */
  public until(stops: string): { text: string; stop?: string } {
    let text = '';
    while (!this.done) {
      const ch = this.next()!;
      if (ch === '\\') {
        if (this.done) return { text };
        text += this.next();
      } else if (stops.includes(ch)) return { text, stop: ch };
      else text += ch;
    }
    return { text };
  }
}

function typed(v: string, kind: SetKind): unknown {
  if (kind === 'set-string') return v;
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (v === '0') return 0;
  if (v.length && v[0] !== '0' && /^[-+]?\d+$/.test(v)) {
    const n = BigInt(v);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return Number(n);
  }
  return v;
}

/** The value after `=`: a `{a,b}` list or one value up to the next `,`. */
function readValue(r: Reader, kind: SetKind): unknown {
  if (r.peek() === '{') {
    r.next();
    const list: unknown[] = [];
    for (;;) {
      const { text, stop } = r.until(',}');
      if (stop === undefined) throw new SetSyntaxError('a list ({a,b}) is not closed with "}"');
      list.push(typed(text, kind));
      if (stop === '}') break;
    }
    // after the list: the end, or `,` and the next assignment
    const after = r.next();
    if (after !== undefined && after !== ',') throw new SetSyntaxError(`"${after}" after a list: expected "," and the next key`);
    return list;
  }
  return typed(r.until(',').text, kind);
}

function readIndex(r: Reader): number {
  const { text, stop } = r.until(']');
  if (stop === undefined) throw new SetSyntaxError('"[" without "]"');
  if (!/^\d+$/.test(text)) throw new SetSyntaxError(`"${text}" is not a list index (a whole number of 0 or more)`);
  const n = Number(text);
  if (n > MAX_SET_INDEX) throw new SetSyntaxError(`index ${n} is larger than Helm's maximum, ${MAX_SET_INDEX}`);
  return n;
}

function setIndex(list: unknown[], index: number, value: unknown): unknown[] {
  const out = [...list];
  while (out.length <= index) out.push(null);
  out[index] = value;
  return out;
}

/** Reads the rest of an assignment below a list item `list[index]` (after `]`). */
function intoList(r: Reader, list: unknown[], kind: SetKind): unknown[] {
  const index = readIndex(r);
  const ch = r.next();
  if (ch === '=') return setIndex(list, index, readValue(r, kind));
  if (ch === '[') {
    const inner = Array.isArray(list[index]) ? list[index] as unknown[] : [];
    return setIndex(list, index, intoList(r, inner, kind));
  }
  if (ch === '.') {
    const inner = isMap(list[index]) ? list[index] as ValueMap : {};
    return setIndex(list, index, intoMap(r, inner, kind));
  }
  throw new SetSyntaxError(ch === undefined ? 'a list item without "=" and a value' : `"${ch}" after "]": expected "=", "." or "["`);
}

/** Reads one key (and what follows it) into `map`; returns the new map. */
function intoMap(r: Reader, map: ValueMap, kind: SetKind): ValueMap {
  const { text: key, stop } = r.until('=[.,');
  if (!key) throw new SetSyntaxError(stop === undefined ? 'a key is missing' : `a key is missing before "${stop}"`);
  const out: ValueMap = { ...map };
  switch (stop) {
    case '=':
      out[key] = r.done ? '' : readValue(r, kind);
      return out;
    case '.':
      out[key] = intoMap(r, isMap(map[key]) ? map[key] as ValueMap : {}, kind);
      return out;
    case '[':
      out[key] = intoList(r, Array.isArray(map[key]) ? map[key] as unknown[] : [], kind);
      return out;
    default:
      throw new SetSyntaxError(`key "${key}" has no value (expected ${key}=VALUE)`);
  }
}

/**
 * One `--set` / `--set-string` argument applied to `base` (the merged values files), as Helm's
 * `strvals.ParseInto` does: every assignment of it, in order. `base` is not changed.
 * @throws SetSyntaxError when the argument is not Helm's syntax
 */
export function applySet(base: ValueMap, arg: string, kind: SetKind): ValueMap {
  const r = new Reader(arg);
  let out = base;
  while (!r.done) out = intoMap(r, out, kind);
  return out;
}
