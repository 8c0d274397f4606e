/**
 * A fast reader for the plain YAML that spec files are written in: block maps and lists,
 * one-line flow collections, plain and quoted one-line scalars, comments, several documents.
 * It gives the same values as the `yaml` package (YAML 1.2, core schema) or gives up: on
 * anything else (anchors, aliases, tags, block scalars, multi-line scalars or flows, complex
 * keys, tabs, duplicate keys, syntax errors) it returns `undefined` and the caller reads the
 * text with the `yaml` package, which also knows the line of every node for messages.
 *
 * It also keeps the line of every block map key and list item it reads, so that a warning about
 * a valid spec names its line without a second reading by the `yaml` package.
 *
 * A fleet of specs is read several times faster this way; correctness rests on giving up early.
 */
import type { Path } from '../rules/words';
import type { Locator } from './checker';

import { INPUT_LIMIT } from '../constants';

class GiveUp extends Error {}

const giveUp = (): never => {
  throw new GiveUp();
};

/** Maps and lists open around the node being read: beyond the limit, the yaml package reads (and refuses) it. */
let depth = 0;

/** Runs `read` one level of maps and lists deeper. */
function nested<T>(read: () => T): T {
  if (++depth > INPUT_LIMIT.nesting) giveUp();
  try {
    return read();
  } finally {
    depth--;
  }
}

interface Line {
  readonly indent: number;
  readonly text: string;
  /** The line's number in the file, from 1. */
  readonly no: number;
}

/** One document the fast reader read: its value, and the line where each field of it starts. */
export interface FastDocument extends Locator {
  readonly value: unknown;
  /** Its lines are a few map lookups away. */
  readonly eager: true;
  /**
   * The line of the field at `path` (a map key, or a list item's first line), as the `yaml`
   * package places it; for a field it did not read in block style (inside a one-line flow
   * collection, or missing), the line of the nearest enclosing field.
   */
  line(path: Path): number;
}

/** The line of each key (or index) of every block map and list read, by the object read. */
type Positions = WeakMap<object, Map<string | number, number>>;

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_TRUE = /^(?:[Tt]rue|TRUE)$/;
const BOOL_FALSE = /^(?:[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Characters a plain scalar may not start with (YAML indicators), besides `-`, `?`, `:` handled apart. */
const INDICATOR = /^[,[\]{}#&*!|>'"%@`]/;

/** A plain scalar's value under the core schema, as the `yaml` package resolves it. */
export function resolvePlain(s: string): unknown {
  if (NULL.test(s)) return null;
  if (BOOL_TRUE.test(s)) return true;
  if (BOOL_FALSE.test(s)) return false;
  if (INT.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : giveUp();
  }
  if (INT_OCT.test(s)) return parseInt(s.slice(2), 8);
  if (INT_HEX.test(s)) return parseInt(s.slice(2), 16);
  if (FLOAT_SPECIAL.test(s)) return s.includes('nan') || s.includes('NaN') || s.includes('NAN') ? NaN : s.startsWith('-') ? -Infinity : Infinity;
  if (FLOAT.test(s) || FLOAT_EXP.test(s)) return parseFloat(s);
  return s;
}

/** Removes a trailing comment (` #…` outside quotes) and trailing spaces; gives up on tabs. */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\t') giveUp();
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = '';
    } else if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ')) {
      return line.slice(0, i).trimEnd();
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:-]/.test(line[i - 1]))) {
      quote = c;
    }
  }
  return line.trimEnd();
}

const ESCAPES: Record<string, string> = { '0': '\0', 'a': '\x07', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r', 'e': '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', 'N': '\u0085', '_': '\u00a0', 'L': '\u2028', 'P': '\u2029' };

/** Reads a quoted scalar starting at `s[at]`; returns the value and the index after it. */
function readQuoted(s: string, at: number): [string, number] {
  const q = s[at];
  let out = '';
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i];
    if (q === "'") {
      if (c === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i++;
        } else return [out, i + 1];
      } else out += c;
    } else if (c === '"') {
      return [out, i + 1];
    } else if (c === '\\') {
      const e = s[++i];
      if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = s.slice(i + 1, i + 1 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) giveUp();
        out += String.fromCodePoint(parseInt(hex, 16));
        i += len;
      } else if (e in ESCAPES) out += ESCAPES[e];
      else giveUp();
    } else out += c;
  }
  return giveUp();
}

/** A flow collection or scalar filling `s` wholly (one line). */
function inlineValue(s: string): unknown {
  if (s === '') return null;
  const c = s[0];
  if (c === '[' || c === '{') {
    const [v, end] = readFlow(s, 0);
    if (s.slice(end).trim() !== '') giveUp();
    return v;
  }
  if (c === '"' || c === "'") {
    const [v, end] = readQuoted(s, 0);
    if (s.slice(end).trim() !== '') giveUp();
    return v;
  }
  return plain(s);
}

/** A plain scalar in block context. */
function plain(s: string): unknown {
  if (INDICATOR.test(s) || /^[?:]/.test(s) || /^-(\s|$)/.test(s) || s.includes(': ') || s.endsWith(':') || s.includes(' #')) giveUp();
  return resolvePlain(s);
}

function skipSpaces(s: string, i: number): number {
  while (s[i] === ' ') i++;
  return i;
}

/** A flow collection starting at `s[at]`; returns the value and the index after it. */
function readFlow(s: string, at: number): [unknown, number] {
  return nested(() => readFlowAt(s, at));
}

function readFlowAt(s: string, at: number): [unknown, number] {
  const open = s[at];
  const close = open === '[' ? ']' : '}';
  const list: unknown[] = [];
  const map: Record<string, unknown> = {};
  let i = skipSpaces(s, at + 1);
  if (s[i] === close) return [open === '[' ? list : map, i + 1];
  for (;;) {
    let key: unknown;
    let value: unknown;
    [key, i] = readFlowNode(s, i);
    i = skipSpaces(s, i);
    if (s[i] === ':') {
      [value, i] = readFlowNode(s, skipSpaces(s, i + 1));
      i = skipSpaces(s, i);
      if (open === '[') giveUp(); // a single-pair map inside a list: rare, left to yaml
    } else if (open === '{') {
      value = null;
    }
    if (open === '[') list.push(key);
    else {
      if (typeof key !== 'string' || Object.prototype.hasOwnProperty.call(map, key) || key === '<<' || key === '__proto__') giveUp();
      map[key as string] = value;
    }
    if (s[i] === ',') {
      i = skipSpaces(s, i + 1);
      continue;
    }
    if (s[i] === close) return [open === '[' ? list : map, i + 1];
    return giveUp();
  }
}

/** A node inside a flow collection: a nested flow, a quoted scalar or a plain scalar. */
function readFlowNode(s: string, at: number): [unknown, number] {
  const c = s[at];
  if (c === '[' || c === '{') return readFlow(s, at);
  if (c === '"' || c === "'") return readQuoted(s, at);
  // empty entries, indicators and `-`/`:`/`?` starts are left to yaml
  if (c === undefined || INDICATOR.test(c) || c === '?' || c === ':' || (c === '-' && /[\s,[\]{}]|$/.test(s[at + 1] ?? ''))) return giveUp();
  let j = at;
  while (j < s.length && !/[,[\]{}]/.test(s[j]) && !(s[j] === ':' && /[\s,[\]{}]/.test(s[j + 1] ?? ' ')) && !(s[j] === '#' && s[j - 1] === ' ')) j++;
  return [resolvePlain(s.slice(at, j).trimEnd()), j];
}

/** Splits `key: rest` at the first `: ` (or a final `:`) outside quotes; undefined when the line is no map entry. */
function splitEntry(text: string): [string, string] | undefined {
  if (text[0] === '"' || text[0] === "'") {
    const [key, end] = readQuoted(text, 0);
    const after = text.slice(end);
    if (key === '__proto__' || key === '<<') giveUp();
    if (after === ':') return [key, ''];
    if (after.startsWith(': ')) return [key, after.slice(2).trim()];
    return after.trim() === '' ? undefined : giveUp();
  }
  if (text[0] === '[' || text[0] === '{') return undefined;
  const at = text.indexOf(': ');
  const key = at >= 0 ? text.slice(0, at) : text.endsWith(':') ? text.slice(0, -1) : undefined;
  if (key === undefined) return undefined;
  if (key === '' || INDICATOR.test(key) || /^[-?:]/.test(key) || key === '<<' || key === '__proto__' || key.trimEnd() !== key) giveUp();
  if (typeof resolvePlain(key) !== 'string') giveUp(); // `1:`, `true:`, `null:` keys: left to yaml
  return [key, at >= 0 ? text.slice(at + 2).trim() : ''];
}

class BlockReader {
  private i = 0;
  public constructor(private readonly lines: Line[], private readonly positions: Positions) {}

  public document(): FastDocument {
    const first = this.lines[0].no;
    const value = this.node(0);
    if (this.i < this.lines.length) giveUp();
    const positions = this.positions;
    return {
      value,
      eager: true,
      line(path) {
        let node = value;
        let line = first;
        for (const key of path) {
          const at = node && typeof node === 'object' ? positions.get(node)?.get(key) : undefined;
          if (at === undefined) break;
          line = at;
          node = (node as Record<string | number, unknown>)[key];
        }
        return line;
      },
    };
  }

  /** The node whose first line is the current one, at indentation `min` or deeper. */
  private node(min: number): unknown {
    const line = this.lines[this.i];
    if (!line || line.indent < min) return null;
    if (line.text === '-' || line.text.startsWith('- ')) return nested(() => this.sequence(line.indent));
    if (splitEntry(line.text)) return nested(() => this.mapping(line.indent));
    this.i++;
    const next = this.lines[this.i];
    if (next && next.indent > line.indent) giveUp(); // a multi-line scalar
    return inlineValue(line.text);
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    const at = new Map<number, number>();
    this.positions.set(out, at);
    for (let line = this.lines[this.i]; line && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = this.lines[this.i]) {
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.i++;
        const next = this.lines[this.i];
        // an item under a lone dash starts on the next line, when there is one
        at.set(out.length, next && next.indent > indent ? next.no : line.no);
        out.push(this.childOf(indent));
      } else {
        // `- item`: the item starts at the column after the dash, as if on a line of its own
        (this.lines as Line[])[this.i] = { indent: indent + line.text.length - rest.length, text: rest, no: line.no };
        at.set(out.length, line.no);
        out.push(this.node(indent + 1));
      }
    }
    return out;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const at = new Map<string, number>();
    this.positions.set(out, at);
    for (let line = this.lines[this.i]; line && line.indent === indent; line = this.lines[this.i]) {
      const entry = splitEntry(line.text);
      if (!entry) giveUp();
      const [key, rest] = entry!;
      if (Object.prototype.hasOwnProperty.call(out, key)) giveUp();
      at.set(key, line.no);
      this.i++;
      if (rest !== '') {
        const next = this.lines[this.i];
        if (next && next.indent > indent) giveUp(); // a multi-line scalar or flow
        out[key] = inlineValue(rest);
        continue;
      }
      const next = this.lines[this.i];
      // a list may sit at the key's own indentation
      if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) out[key] = nested(() => this.sequence(indent));
      else out[key] = this.childOf(indent);
    }
    return out;
  }

  /** The node nested under a line at `indent`, or null when none is. */
  private childOf(indent: number): unknown {
    const next = this.lines[this.i];
    return next && next.indent > indent ? this.node(indent + 1) : null;
  }
}

/**
 * Every non-empty document of `text`, or undefined when the text is outside the supported subset
 * (the caller then reads it with the `yaml` package).
 */
export function fastParseAll(text: string): unknown[] | undefined {
  return fastReadAll(text)?.map((d) => d.value);
}

/** Every non-empty document of `text` with the lines of its fields, or undefined as `fastParseAll`. */
export function fastReadAll(text: string): FastDocument[] | undefined {
  depth = 0;
  try {
    const docs: FastDocument[] = [];
    const positions: Positions = new WeakMap();
    let lines: Line[] = [];
    const flush = () => {
      if (lines.length) docs.push(new BlockReader(lines, positions).document());
      lines = [];
    };
    // a lone CR, NEL, line or paragraph separators, a BOM or other control characters: left to yaml;
    // so is any whitespace but space, tab and line feed (U+00A0, U+2000–U+200A, U+3000…), which
    // JavaScript's trim() and \s take for spaces and YAML does not
    if (/[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]|[^\S \t\n]/.test(text.replace(/\r\n/g, '\n'))) giveUp();
    let no = 0;
    for (const raw of text.split(/\r?\n/)) {
      no++;
      if (raw.startsWith('%')) giveUp();
      if (/^---(\s|$)/.test(raw)) {
        if (raw.slice(3).trim() && !raw.slice(3).trim().startsWith('#')) giveUp();
        flush();
        continue;
      }
      if (/^\.\.\.(\s|$)/.test(raw)) giveUp();
      const content = stripComment(raw);
      if (content.trim() === '') continue;
      const indent = content.length - content.trimStart().length;
      lines.push({ indent, text: content.slice(indent), no });
    }
    flush();
    // empty documents (nothing, or only null) are skipped, as the loader skips them
    return docs.filter((d) => d.value !== null);
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}
