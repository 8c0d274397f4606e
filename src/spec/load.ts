/**
 * Reads spec files: a file may hold several YAML documents, a folder is read whole
 * (its `.yaml` / `.yml` files, recursively, in name order).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { SPEC_API_VERSION, SPEC_KIND } from '../constants';
import { CONTROLLER_SPEC_KIND } from '../controller/constants';
import { Checker, describe } from './checker';
import { ControllerSpec, parseControllerSpec } from './controller-spec';
import { Problem, SpecError } from './problems';
import { ScaleSetSpec, parseScaleSetSpec } from './scale-set-spec';
import { checkWiring } from './wiring';

/** One scale set spec and where it came from. */
export interface LoadedSpec {
  /** `file` or `file#N` for the N-th document of a multi-document file. */
  readonly source: string;
  readonly spec: ScaleSetSpec;
}

/** One controller spec and where it came from. */
export interface LoadedControllerSpec {
  readonly source: string;
  readonly spec: ControllerSpec;
}

export interface LoadResult {
  /** The scale sets. */
  readonly specs: LoadedSpec[];
  readonly controllers: LoadedControllerSpec[];
  readonly warnings: Problem[];
}

const KINDS = [SPEC_KIND, CONTROLLER_SPEC_KIND];

/** The spec files `paths` name, in a stable order. Missing paths are problems. */
export function specFiles(paths: readonly string[], problems: Problem[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(entry)) files.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      problems.push({ file: p, path: '', message: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length;
      walk(p);
      if (files.length === before) problems.push({ file: p, path: '', message: 'the folder holds no .yaml or .yml file' });
    } else files.push(p);
  }
  return [...new Set(files)];
}

/** The first line of a YAML parser message: its position, never the quoted source (which may hold a secret). */
function yamlMessage(e: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): string {
  return e.message.split('\n')[0].replace(/:$/, '');
}

/** Orders the problems from `start` on by line, so a document's problems read top to bottom. */
function sortByLine(problems: Problem[], start: number): void {
  const tail = problems.splice(start).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  problems.push(...tail);
}

/**
 * Reads, parses and checks every spec under `paths`.
 * @throws SpecError with every problem found, when there is any
 */
export function loadSpecs(paths: readonly string[]): LoadResult {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const specs: LoadedSpec[] = [];
  const controllers: LoadedControllerSpec[] = [];
  const checkers = new Map<string, Checker>();
  for (const path of specFiles(paths, problems)) {
    const file = path;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      problems.push({ file, path: '', message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: true }) as Document[] | { errors: unknown[] };
    if (!Array.isArray(docs)) {
      problems.push({ file, path: '', message: 'is not a YAML stream' });
      continue;
    }
    const content = docs.filter((d) => d.contents !== null || d.errors.length);
    content.forEach((doc, i) => {
      const source = content.length > 1 ? `${file}#${i + 1}` : file;
      if (doc.errors.length) {
        for (const e of doc.errors) problems.push({ file: source, path: '', message: `YAML syntax error: ${yamlMessage(e as never)}` });
        return;
      }
      const c = new Checker(source, doc, lineCounter, problems, warnings);
      let json: unknown;
      try {
        json = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        c.error([], `YAML error: ${yamlMessage(e as never)}`);
        return;
      }
      if (!json || typeof json !== 'object' || Array.isArray(json)) {
        c.error([], `must be a map with apiVersion, kind, metadata and spec; found ${describe(json)}`);
        return;
      }
      const obj = json as Record<string, unknown>;
      if (!KINDS.includes(obj.kind as string)) {
        c.error(['kind'], `${describe(obj.kind)} is not a kind this tool reads; allowed: ${KINDS.join(', ')}`);
        return;
      }
      if (obj.apiVersion !== SPEC_API_VERSION) c.error(['apiVersion'], `${describe(obj.apiVersion)} is not supported; allowed: ${SPEC_API_VERSION}`);
      c.map(obj, [], ['apiVersion', 'kind', 'metadata', 'spec']);
      const before = problems.length;
      checkers.set(source, c);
      if (obj.kind === CONTROLLER_SPEC_KIND) {
        const spec = parseControllerSpec(c, obj);
        if (problems.length === before) controllers.push({ source, spec });
        else sortByLine(problems, before);
      } else {
        const spec = parseScaleSetSpec(c, obj);
        if (problems.length === before) specs.push({ source, spec });
        else sortByLine(problems, before);
      }
    });
  }
  checkWiring(specs, controllers, (src, p, m) => checkers.get(src)!.error(p, m), (src, p, m) => checkers.get(src)!.warn(p, m));
  if (problems.length) throw new SpecError(problems);
  return { specs, controllers, warnings };
}
