/**
 * Field readers for spec documents: each checks one value, records a problem with the
 * field's path and line when it is wrong, and returns the value in its checked form.
 * All problems of a document are collected; nothing throws.
 */
import type { Document, LineCounter } from 'yaml';
import { Path, describe, formatPath, suggest } from '../rules/words';

export { describe };
import { Problem } from './problems';
import { HIDDEN } from '../rules/redact';


const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes quantity: a decimal number, then a binary (Ki…Ei) or decimal (n…E) suffix or an exponent. */
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;


/** Fields whose values are credentials: never quoted in a message, nor the names of keys under them. */
const SECRET_FIELDS = new Set(['patToken', 'token', 'githubApp', 'privateKeyBase64', 'githubConfigSecret', 'github_token', 'github_app_private_key']);

export function isSecretPath(path: Path): boolean {
  return path.some((p) => typeof p === 'string' && SECRET_FIELDS.has(p));
}

/** Where the fields of a document start: the line of the field at a path, or of the nearest enclosing one. */
export interface Locator {
  line(path: Path): number | undefined;
  /**
   * Its lines cost a lookup or two, so a problem's line is found when the problem is made: a
   * problem then holds no reference to the document (a fleet's warnings would keep every file's
   * document alive otherwise).
   */
  readonly eager?: boolean;
  /** Whether the node at `path` carries a YAML tag; a reader that takes no tags leaves this out. */
  hasTag?(path: Path): boolean;
  /** Where the value at `path` comes from, when a document is merged from several sources (Helm's -f a -f b --set). */
  source?(path: Path): string | undefined;
}

/** Lines from a document parsed by the yaml package, whose nodes know their positions. */
export function yamlLocator(doc: Document, lines: LineCounter): Locator {
  return {
    line(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = nodeAt(doc, path.slice(0, n));
        if (node?.range) return lines.linePos(node.range[0]).line;
      }
      return undefined;
    },
    hasTag(path) {
      const node = doc.getIn(path, true) as { tag?: unknown } | undefined;
      return !!node && typeof node === 'object' && typeof node.tag === 'string';
    },
  };
}

/** The key of a map entry (where a person looks for a field), else the value node. */
function nodeAt(doc: Document, path: Path): { range?: [number, number, number] } | undefined {
  const parent = path.length ? doc.getIn(path.slice(0, -1), true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined : undefined;
  const last = path[path.length - 1];
  if (parent && typeof last === 'string' && Array.isArray(parent.items)) {
    const pair = parent.items.find((it) => it && it.key && (it.key.value === last || it.key === (last as unknown)));
    if (pair?.key?.range) return pair.key;
  }
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node && typeof node === 'object' ? node : undefined;
}

export class Checker {
  /**
   * @param source the file (or `file#N`) the document comes from
   * @param locator the lines of the document's fields (the fast reader's, or the yaml package's)
   */
  public constructor(
    public readonly source: string,
    private readonly locator: Locator | undefined,
    public readonly problems: Problem[],
    public readonly warnings: Problem[],
    /** Where a path given to this checker is in the document (see `within`). */
    private readonly place: (path: Path) => Path = (path) => path,
  ) {}

  /**
   * A checker of a part of this document (chart values held in a spec field): a path given to it
   * is read under `prefix`, or, when its first key is one of `renamed`'s, under that path instead
   * (`--release` of a values reader is a spec's `metadata.name`). Problems go to this checker's lists.
   */
  public within(prefix: Path, renamed: Readonly<Record<string, Path>> = {}): Checker {
    return new Checker(this.source, this.locator, this.problems, this.warnings, (path) => {
      const head = path[0];
      return this.place(typeof head === 'string' && Object.prototype.hasOwnProperty.call(renamed, head) ? [...renamed[head], ...path.slice(1)] : [...prefix, ...path]);
    });
  }

  /** Whether the node at `path` carries a YAML tag (`!x`, `!!str`), which changes how it is read. */
  public hasTag(path: Path): boolean {
    return this.locator?.hasTag?.(this.place(path)) ?? false;
  }

  /**
   * A problem; its line is found only when it is read (most warnings are never printed), unless
   * the locator's lines are cheap (`eager`).
   */
  private problem(at: Path, message: string): Problem {
    const path = this.place(at);
    const p = { file: this.locator?.source?.(path) ?? this.source, path: formatPath(path), message } as Problem & { line?: number };
    if (this.locator?.eager) {
      p.line = this.locator.line(path);
      return p;
    }
    let line: number | undefined | null = null;
    Object.defineProperty(p, 'line', {
      enumerable: true,
      get: () => (line === null ? (line = this.locator?.line(path)) : line),
    });
    return p;
  }

  /**
   * A checker of the same document that knows the lines of `paths` alone, found now: it holds
   * no reference to the document, for problems found after the document is let go.
   */
  public pinned(paths: readonly Path[]): Checker {
    const lines = new Map(paths.map((p) => [formatPath(p), this.locator?.line(this.place(p))]));
    return new Checker(this.source, { eager: true, line: (p) => lines.get(formatPath(p)) }, this.problems, this.warnings);
  }

  public error(path: Path, message: string): void {
    this.problems.push(this.problem(path, message));
  }

  /** A found value for a message: described, or hidden under a credential field. */
  public show(v: unknown, path: Path): string {
    if (!isSecretPath(path)) return describe(v);
    if (v === null || v === undefined) return 'nothing';
    return `${Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a map' : `a ${typeof v}`} ${HIDDEN}`;
  }

  public warn(path: Path, message: string): void {
    this.warnings.push(this.problem(path, message));
  }

  /** A map with only the allowed keys; unknown keys are reported with a did-you-mean. */
  public map(v: unknown, path: Path, allowed: readonly string[], required = false): Record<string, unknown> | undefined {
    if (v === undefined || v === null) {
      if (required) this.error(path, 'is required (a map)');
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.error(path, `must be a map, found ${this.show(v, path)}`);
      return undefined;
    }
    const rec = v as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      if (allowed.includes(k)) continue;
      if (isSecretPath(path)) {
        this.error(path, `has an unknown field (name hidden, as it may be a credential); allowed: ${allowed.join(', ')}`);
        continue;
      }
      const s = suggest(k, allowed);
      this.error([...path, k], `unknown field${s ? ` (did you mean "${s}"?)` : ''}; allowed: ${allowed.join(', ')}`);
    }
    return rec;
  }

  public list(v: unknown, path: Path, required = false): unknown[] | undefined {
    if (v === undefined || v === null) {
      if (required) this.error(path, 'is required (a list)');
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.error(path, `must be a list, found ${this.show(v, path)}`);
      return undefined;
    }
    return v;
  }

  /**
   * A string. Numbers and booleans are accepted where a string is meant (YAML reads `60` as a number).
   */
  public string(v: unknown, path: Path, o: { required?: boolean; what?: string } = {}): string | undefined {
    if (v === undefined || v === null || v === '') {
      if (o.required) this.error(path, `is required${o.what ? ` (${o.what})` : ''}`);
      return undefined;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') {
      this.error(path, `must be a string${o.what ? ` (${o.what})` : ''}, found ${this.show(v, path)}`);
      return undefined;
    }
    return v;
  }

  /**
   * A name (of an object, a namespace, a container, an image tag…): a string. A number or a
   * boolean is refused, never converted: YAML reads an unquoted `012` as 12 and `1e3` as 1000.
   */
  public name(v: unknown, path: Path, o: { required?: boolean; what?: string } = {}): string | undefined {
    if (typeof v === 'number' || typeof v === 'boolean') {
      this.error(path, `must be a string, found ${this.show(v, path)}: YAML reads an unquoted name such as 012, 1e3 or true as a ${typeof v}; write the name in quotes`);
      return undefined;
    }
    return this.string(v, path, o);
  }

  public boolean(v: unknown, path: Path): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.error(path, `must be true or false, found ${this.show(v, path)}`);
      return undefined;
    }
    return v;
  }

  /** A whole number ≥ 0. */
  public count(v: unknown, path: Path): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      this.error(path, `must be a whole number of 0 or more, found ${this.show(v, path)}`);
      return undefined;
    }
    return v;
  }

  /** A whole number (its range is the rule's business: see `runnerCount` in chart-fields.ts). */
  public wholeNumber(v: unknown, path: Path): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.error(path, `must be a whole number, found ${this.show(v, path)}`);
      return undefined;
    }
    return v;
  }

  /**
   * A name held to one of the rules of src/rules/ (a namespace, a release name): the rule's words
   * follow the field's path, with `hint` after them when the caller has a fix in its own terms.
   */
  public ruledName(v: unknown, path: Path, rule: (s: string) => string | undefined, o: { required?: boolean; what?: string; hint?: string } = {}): string | undefined {
    const s = this.name(v, path, o);
    if (s === undefined) return undefined;
    const problem = rule(s);
    if (!problem) return s;
    this.error(path, `${problem}${o.hint ? `: ${o.hint}` : ''}`);
    return undefined;
  }

  public oneOf<T extends string>(v: unknown, path: Path, allowed: readonly T[], required = false): T | undefined {
    const s = this.string(v, path, { required, what: `one of ${allowed.join(', ')}` });
    if (s === undefined) return undefined;
    if (!allowed.includes(s as T)) {
      const hint = suggest(s, allowed);
      this.error(path, `${this.show(s, path)} is not allowed${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${allowed.join(', ')}`);
      return undefined;
    }
    return s as T;
  }

  public dnsLabel(v: unknown, path: Path, o: { required?: boolean } = {}): string | undefined {
    const s = this.name(v, path, { required: o.required, what: 'a DNS-1123 label' });
    if (s === undefined) return undefined;
    if (!DNS_LABEL.test(s) || s.length > 63) {
      this.error(path, `${this.show(s, path)} is not a valid name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)`);
      return undefined;
    }
    return s;
  }

  public dnsSubdomain(v: unknown, path: Path, required = false): string | undefined {
    const s = this.name(v, path, { required, what: 'a Kubernetes object name' });
    if (s === undefined) return undefined;
    if (!DNS_SUBDOMAIN.test(s) || s.length > 253) {
      this.error(path, `${this.show(s, path)} is not a valid object name (lowercase letters, digits, "-" and ".", at most 253 characters)`);
      return undefined;
    }
    return s;
  }

  public quantity(v: unknown, path: Path, required = false): string | undefined {
    const s = this.string(v, path, { required, what: 'a Kubernetes quantity such as 20Gi' });
    if (s === undefined) return undefined;
    if (!QUANTITY.test(s)) {
      this.error(path, `${this.show(s, path)} is not a Kubernetes quantity (such as 500M, 20Gi, 1Ti, 250m; binary suffixes are Ki Mi Gi Ti Pi Ei)`);
      return undefined;
    }
    return s;
  }

  public absolutePath(v: unknown, path: Path, required = false): string | undefined {
    const s = this.string(v, path, { required, what: 'an absolute path' });
    if (s === undefined) return undefined;
    if (!s.startsWith('/')) {
      this.error(path, `${this.show(s, path)} must be an absolute path (starting with "/")`);
      return undefined;
    }
    return s;
  }

  /** A map of string values (labels, annotations, resource amounts). */
  public stringMap(v: unknown, path: Path, value?: (s: unknown, p: Path) => string | undefined): Record<string, string> | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.error(path, `must be a map, found ${this.show(v, path)}`);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, raw] of Object.entries(v as Record<string, unknown>)) {
      const s = value ? value(raw, [...path, k]) : this.string(raw, [...path, k], { required: true });
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
}
