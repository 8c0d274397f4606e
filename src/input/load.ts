/**
 * src/input/: what users write, read and checked field by field (every problem at once, with
 * file, field path and line), then turned into construct props: spec files of the
 * `KubernetesGhaRunnerScaleSet` and `KubernetesGhaRunnerScaleSetController` kinds (this folder)
 * and Helm chart values (input/helm/).
 *
 * This file reads spec files: a file may hold several YAML documents, a folder is read whole
 * (its `.yaml` / `.yml` files, recursively, in name order, hidden ones and `node_modules` left out).
 */
import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { SPEC_API_VERSION, SPEC_KIND } from '../constants';
import { environmentProblem } from '../errors';
import { heapKeeper } from '../heap';
import { CONTROLLER_SPEC_KIND } from '../controller/constants';
import { Checker, describe, yamlLocator } from './checker';
import { CredentialSources } from './credentials';
import { fastReadAll } from './fast-yaml';
import { isStackOverflow, readInputFile, TOO_DEEP, tooDeep } from './limits';
import { ControllerSpec, parseControllerSpec } from './controller-spec';
import { Problem, SpecError } from './problems';
import { ScaleSetSpec, parseScaleSetSpec } from './scale-set-spec';
import { WIRING_FIELDS, checkWiring } from '../rules/wiring';
import type { ExperimentalControllerProps } from '../controller/experimental';
import type { ExperimentalScaleSetProps } from '../constructs/experimental-scale-set';
import type { ExperimentalScaleSetHead } from './experimental-spec';

/** One scale set spec and where it came from. */
export interface LoadedSpec {
  /** `file` or `file#N` for the N-th document of a multi-document file. */
  readonly source: string;
  readonly spec: ScaleSetSpec;
}

/** A scale set spec of the experimental chart (`spec.experimentalChartValues`), read into the props of its construct. */
export interface LoadedExperimentalSpec {
  readonly source: string;
  readonly spec: ExperimentalScaleSetHead;
  readonly experimental: ExperimentalScaleSetProps;
}

/** One controller spec and where it came from; of the experimental chart, `experimental` holds its props. */
export interface LoadedControllerSpec {
  readonly source: string;
  readonly spec: ControllerSpec;
  readonly experimental?: ExperimentalControllerProps;
}

export interface LoadResult {
  /** The scale sets. */
  readonly specs: LoadedSpec[];
  /** The scale sets of the experimental chart. */
  readonly experimental: LoadedExperimentalSpec[];
  readonly controllers: LoadedControllerSpec[];
  readonly warnings: Problem[];
}

const KINDS = [SPEC_KIND, CONTROLLER_SPEC_KIND];

/** Spec files are named so. */
const SPEC_FILE = /\.ya?ml$/;

/** Entries a folder walk leaves out: hidden files and folders (`.git`), and `node_modules`. */
const skipped = (name: string) => name.startsWith('.') || name === 'node_modules';

/** Path order, segment by segment: a folder's files sort where the folder does. */
const bySegments = (a: string, b: string) => {
  const [x, y] = [a.split(sep), b.split(sep)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length - y.length;
};

/** Why a path cannot be followed, from its error code. */
const unreachable = (code: string | undefined) => (code === 'ELOOP' ? 'is a symlink loop' : code === 'ENOENT' ? 'no such file or folder' : `cannot be read: ${environmentProblem({ code }) ?? `${code ?? 'error'}`}`);

/**
 * The spec files under a folder: regular files named `*.yaml` / `*.yml`, also through symlinks,
 * hidden entries and `node_modules` left out. A symlinked folder is read too; one that leads
 * back to a folder being read (`up -> ..`) is a problem. `within`: the real paths being read.
 */
function folderFiles(root: string, problems: Problem[], within: readonly string[] = []): string[] {
  const chain = [...within, realpathSync(root)];
  const files: string[] = [];
  // Folders are walked here, one level at a time: readdir's own recursion follows symlinked
  // folders on some Node releases (24) and not on others (20), and a symlink must be checked
  // for a loop (below) before it is entered.
  const entries = (dir: string): { entry: Dirent; path: string }[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? entries(path) : [{ entry, path }];
  });
  for (const { entry, path } of entries(root)) {
    if (entry.isFile()) {
      if (SPEC_FILE.test(entry.name)) files.push(path);
      continue;
    }
    if (!entry.isSymbolicLink()) continue; // folders are walked; sockets, FIFOs and devices hold no spec
    let target;
    try {
      target = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || SPEC_FILE.test(entry.name)) problems.push({ file: path, path: '', message: unreachable(code) });
      continue;
    }
    if (target.isFile()) {
      if (SPEC_FILE.test(entry.name)) files.push(path);
    } else if (target.isDirectory()) {
      const real = realpathSync(path);
      const loop = chain.find((c) => c === real || c.startsWith(`${real}${sep}`));
      if (loop !== undefined) problems.push({ file: path, path: '', message: `is a symlink loop: it leads to ${real}, which holds it` });
      else files.push(...folderFiles(path, problems, chain));
    }
  }
  return files.sort(bySegments);
}

/** The spec files `paths` name, in a stable order. Missing paths are problems. */
export function specFiles(paths: readonly string[], problems: Problem[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      problems.push({ file: p, path: '', message: unreachable((e as NodeJS.ErrnoException).code) });
      continue;
    }
    if (st.isDirectory()) {
      const found = folderFiles(p, problems);
      if (!found.length) problems.push({ file: p, path: '', message: 'the folder holds no .yaml or .yml file' });
      files.push(...found);
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
  const loaded: Loaded = { specs: [], experimental: [], controllers: [], checkers: new Map() };
  const keepHeap = heapKeeper();
  for (const path of specFiles(paths, problems)) {
    keepHeap();
    const read = readInputFile(path);
    if ('problem' in read) {
      problems.push({ file: path, path: '', message: read.problem });
      continue;
    }
    const { text } = read;
    // The fast reader first (it keeps the lines warnings need); the yaml package when it gives up or a spec has problems.
    const fast = fastReadAll(text);
    if (fast) {
      const [problemCount, warningCount] = [problems.length, warnings.length];
      const attempt: Loaded = { specs: [], experimental: [], controllers: [], checkers: new Map() };
      fast.forEach((doc, i) => checkDocument(new Checker(docSource(path, i, fast.length), doc, problems, warnings), doc.value, attempt, problems, sourcesOf(path)));
      if (problems.length === problemCount) {
        merge(loaded, attempt);
        continue;
      }
      problems.length = problemCount;
      warnings.length = warningCount;
    }
    readWithLines(path, text, loaded, problems, warnings);
  }
  const { specs, experimental, controllers, checkers } = loaded;
  if (!problems.length && !specs.length && !experimental.length && !controllers.length) {
    problems.push({ file: paths.join(', '), path: '', message: `holds no ${KINDS.join(' or ')} document; nothing to do` });
  }
  checkWiring([...specs, ...experimental], controllers, (src, p, m) => checkers.get(src)!.error(p, m), (src, p, m) => checkers.get(src)!.warn(p, m));
  if (problems.length) throw new SpecError(problems);
  return { specs, experimental, controllers, warnings };
}

/** What the documents read so far hold. */
interface Loaded {
  readonly specs: LoadedSpec[];
  readonly experimental: LoadedExperimentalSpec[];
  readonly controllers: LoadedControllerSpec[];
  readonly checkers: Map<string, Checker>;
}

function merge(into: Loaded, from: Loaded): void {
  into.specs.push(...from.specs);
  into.experimental.push(...from.experimental);
  into.controllers.push(...from.controllers);
  for (const [k, v] of from.checkers) into.checkers.set(k, v);
}

/** `file`, or `file#N` for the N-th document of a file of several. */
function docSource(file: string, index: number, count: number): string {
  return count > 1 ? `${file}#${index + 1}` : file;
}

/** A document the yaml package read: its value, or why it has none. */
interface YamlDocument {
  readonly doc: Document;
  readonly json?: unknown;
  readonly error?: string;
  /** Where the value is nested deeper than the limit. */
  readonly tooDeepAt?: (string | number)[];
}

/**
 * The documents of `text` as the yaml package reads them, empty ones skipped (the numbering of
 * `file#N` and of the fast reader's documents); undefined when the text is no YAML stream.
 */
function yamlDocuments(text: string): { lines: LineCounter; content: YamlDocument[] } | undefined {
  // loaded here, not at start-up: the fast reader reads most spec files alone
  const { LineCounter, parseAllDocuments } = require('yaml') as typeof import('yaml');
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true }) as Document[] | { errors: unknown[] };
  if (!Array.isArray(docs)) return undefined;
  const content: YamlDocument[] = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      content.push({ doc });
      continue;
    }
    try {
      const json = doc.toJS({ maxAliasCount: 100 });
      const deep = tooDeep(json);
      if (deep) content.push({ doc, tooDeepAt: deep });
      else if (json !== null && json !== undefined) content.push({ doc, json });
    } catch (e) {
      content.push({ doc, error: isStackOverflow((e as Error).message) ? TOO_DEEP : yamlMessage(e as never) });
    }
  }
  return { lines, content };
}

/** Reads a file with the yaml package, whose nodes know their lines; empty documents are skipped. */
function readWithLines(file: string, text: string, loaded: Loaded, problems: Problem[], warnings: Problem[]): void {
  const read = yamlDocuments(text);
  if (!read) {
    problems.push({ file, path: '', message: 'is not a YAML stream' });
    return;
  }
  read.content.forEach(({ doc, json, error, tooDeepAt }, i) => {
    const source = docSource(file, i, read.content.length);
    if (doc.errors.some((e) => isStackOverflow(e.message))) {
      problems.push({ file: source, path: '', message: TOO_DEEP });
      return;
    }
    if (doc.errors.length) {
      for (const e of doc.errors) problems.push({ file: source, path: '', message: `YAML syntax error: ${yamlMessage(e as never)}` });
      return;
    }
    const c = new Checker(source, yamlLocator(doc, read.lines), problems, warnings);
    if (error !== undefined) c.error([], error === TOO_DEEP ? error : `YAML error: ${error}`);
    else if (tooDeepAt) c.error(tooDeepAt, TOO_DEEP);
    else checkDocument(c, json, loaded, problems, sourcesOf(file));
  });
}

/** Credentials of a spec file: `fromFile` relative to its folder, `fromEnv` from this process. */
function sourcesOf(file: string): CredentialSources {
  return { baseDir: dirname(file), env: process.env };
}

/** For a document without `kind` whose keys are the chart's values: how to read it. */
function helmValuesHint(obj: Record<string, unknown>): string {
  const { CHART_VALUE_KEYS } = require('./helm/values') as typeof import('./helm/values');
  const chartKeys = Object.keys(obj).filter((k) => (CHART_VALUE_KEYS as readonly string[]).includes(k));
  if (!chartKeys.length) return '';
  return `. It looks like values of ARC's gha-runner-scale-set chart (${chartKeys.slice(0, 3).join(', ')}): `
    + 'read it with --helm-values FILE --release NAME -n NAMESPACE, or turn it into a spec with gha-rs convert';
}

/**
 * A copy of a checked spec whose strings are its own: the values read from a file are slices of
 * the file's text and would keep every file of a fleet in memory for the whole run (about 6 KiB
 * per spec; a fleet's memory must not grow with what was read).
 */
function ownStrings<T>(spec: T): T {
  return structuredClone(spec);
}

/** Checks one document and, when it has no problem, keeps the spec it holds. */
function checkDocument(c: Checker, json: unknown, loaded: Loaded, problems: Problem[], sources: CredentialSources): void {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    c.error([], `must be a map with apiVersion, kind, metadata and spec; found ${describe(json)}`);
    return;
  }
  const obj = json as Record<string, unknown>;
  if (!KINDS.includes(obj.kind as string)) {
    if (obj.kind === undefined) c.error(['kind'], `is required; allowed: ${KINDS.join(', ')}${helmValuesHint(obj)}`);
    else c.error(['kind'], `${describe(obj.kind)} is not a kind this tool reads; allowed: ${KINDS.join(', ')}`);
    return;
  }
  if (obj.apiVersion !== SPEC_API_VERSION) c.error(['apiVersion'], `${describe(obj.apiVersion)} is not supported; allowed: ${SPEC_API_VERSION}`);
  c.map(obj, [], ['apiVersion', 'kind', 'metadata', 'spec']);
  // without a metadata and a spec map there is nothing more to check field by field
  let complete = true;
  for (const k of ['metadata', 'spec']) {
    const v = obj[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) continue;
    c.error([k], v === undefined || v === null ? 'is required (a map)' : `must be a map, found ${c.show(v, [k])}`);
    complete = false;
  }
  if (!complete) return;
  const before = problems.length;
  const source = c.source;
  // wiring is checked once every file is read: only the lines it may point at are kept
  loaded.checkers.set(source, c.pinned(Object.values(WIRING_FIELDS)));
  const spec = obj.spec as Record<string, unknown>;
  if (spec.experimentalChartValues !== undefined) {
    // an experimental chart's values (see experimental-spec.ts), loaded only when a spec holds them
    const x = require('./experimental-spec') as typeof import('./experimental-spec');
    if (obj.kind === CONTROLLER_SPEC_KIND) {
      const read = x.parseExperimentalControllerSpec(c, obj);
      if (read && problems.length === before) loaded.controllers.push({ source, spec: read.spec, experimental: read.props });
    } else {
      const read = x.parseExperimentalScaleSetSpec(c, obj, sources);
      if (read && problems.length === before) loaded.experimental.push({ source, spec: read.head, experimental: read.props });
    }
    if (problems.length !== before) sortByLine(problems, before);
    return;
  }
  if (obj.kind === CONTROLLER_SPEC_KIND) {
    const spec = parseControllerSpec(c, obj);
    if (problems.length === before) loaded.controllers.push({ source, spec: ownStrings(spec) });
    else sortByLine(problems, before);
  } else {
    const spec = parseScaleSetSpec(c, obj, sources);
    if (problems.length === before) loaded.specs.push({ source, spec: ownStrings(spec) });
    else sortByLine(problems, before);
  }
}
