/**
 * A YAML writer for manifests: maps, lists, strings, numbers, booleans and null, in block
 * style with sequences indented under their key (as `kubectl` and the `yaml` package write
 * them). A string is written plain only when no YAML reader can take it for anything else;
 * otherwise double-quoted, JSON-style. Several times faster than a general YAML library on
 * a fleet, since it builds no document tree.
 */

/** Plain-safe: starts with a letter, digit, `/` or `.`, then only characters that never start syntax. */
const PLAIN = /^(?:--?(?=[A-Za-z0-9])|[A-Za-z0-9_./$])[A-Za-z0-9_./:@=+,$()-]*$/;
/** Strings some YAML 1.1 or 1.2 reader may resolve to a non-string (anything number-like, booleans, null, dates). */
const AMBIGUOUS = /^(?:(?=.*[\d.])[-+\d._:eE]*|[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|0[xXoObB][\dA-Fa-f_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[yY](?:es)?|YES|[nN]o?|NO|[tT]rue|TRUE|[fF]alse|FALSE|[oO]n|ON|[oO]ff|OFF|[nN]ull|NULL|~|\d+(?::\d+)+(?:\.\d*)?|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)$/;

export function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  const s = String(v);
  if (PLAIN.test(s) && !AMBIGUOUS.test(s) && !s.endsWith(':')) return s;
  return JSON.stringify(s);
}

function isEmpty(v: unknown): boolean {
  return Array.isArray(v) ? v.length === 0 : !!v && typeof v === 'object' && Object.keys(v).length === 0;
}

function isCollection(v: unknown): v is object {
  return !!v && typeof v === 'object' && !isEmpty(v);
}

function emptyLiteral(v: unknown): string {
  return Array.isArray(v) ? '[]' : '{}';
}

function value(v: unknown): string {
  return v && typeof v === 'object' ? emptyLiteral(v) : scalar(v);
}

function writeMap(obj: Record<string, unknown>, indent: string, out: string[]): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const key = `${indent}${scalar(k)}:`;
    if (isCollection(v)) {
      out.push(key);
      if (Array.isArray(v)) writeList(v, `${indent}  `, out);
      else writeMap(v as Record<string, unknown>, `${indent}  `, out);
    } else out.push(`${key} ${value(v)}`);
  }
}

function writeList(list: readonly unknown[], indent: string, out: string[]): void {
  for (const item of list) {
    if (isCollection(item)) {
      const sub: string[] = [];
      if (Array.isArray(item)) writeList(item, `${indent}  `, sub);
      else writeMap(item as Record<string, unknown>, `${indent}  `, sub);
      out.push(`${indent}- ${sub[0].slice(indent.length + 2)}`, ...sub.slice(1));
    } else out.push(`${indent}- ${value(item)}`);
  }
}

/** One document. */
export function toYamlDocument(doc: unknown): string {
  if (!isCollection(doc)) return `${value(doc)}\n`;
  const out: string[] = [];
  if (Array.isArray(doc)) writeList(doc, '', out);
  else writeMap(doc as Record<string, unknown>, '', out);
  return `${out.join('\n')}\n`;
}

/** A stream of documents separated by `---`. */
export function toYaml(docs: readonly unknown[]): string {
  return docs.map(toYamlDocument).join('---\n');
}
