import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Document, LineCounter, parseAllDocuments, stringify } from 'yaml';
import { yamlLocator } from '../../src/input/checker';
import type { Path } from '../../src/rules/words';
import { fastParseAll, fastReadAll } from '../../src/input/fast-yaml';

/** What the `yaml` package reads, as the loader keeps it; undefined when it reports an error. */
function reference(text: string): unknown[] | undefined {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(docs)) return undefined;
  if (docs.some((d) => d.errors.length || d.warnings.length)) return undefined;
  return docs.map((d) => d.toJS()).filter((v) => v !== null && v !== undefined);
}

/** Every path into `v`, and below each map one that is missing from it. */
function paths(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === 'object') return [at, [...at, 'no such field'], ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}

/** The line of every field, as the `yaml` package places it, by document. */
function referenceLines(text: string, docs: unknown[]): number[][] {
  const lineCounter = new LineCounter();
  const read = parseAllDocuments(text, { lineCounter }) as Document[];
  const located = read.filter((d) => d.toJS() !== null && d.toJS() !== undefined).map((d) => yamlLocator(d, lineCounter));
  return docs.map((doc, i) => paths(doc).map((p) => located[i].line(p) ?? 0));
}

/** The fast reader agrees with `yaml`, values and lines of fields alike, or gives up. */
function agrees(text: string): boolean {
  const fast = fastReadAll(text);
  if (fast === undefined) return true;
  const values = fast.map((d) => d.value);
  expect(values).toEqual(reference(text));
  expect(fast.map((d) => paths(d.value).map((p) => d.line(p)))).toEqual(referenceLines(text, values));
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
}

const ROOT = join(__dirname, '..', '..');

describe('fast YAML reader', () => {
  test('reads every spec of the repository, as yaml does', () => {
    const files = [...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'specs')), ...yamlFiles(join(ROOT, 'test', 'fixtures', 'reference')).filter((f) => f.endsWith('spec.yaml'))];
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(fastParseAll(text)).toBeDefined();
      agrees(text);
    }
  });

  test.each([
    ['scalars', 'a: 1\nb: -2\nc: 0.5\nd: 1e3\ne: true\nf: ~\ng: null\nh: "x: y"\ni: \'it\'\'s\'\nj: 500m\nk: 0x1f\nl: 0o17\nm: .inf\nn: 2.331.0\n'],
    ['nesting', 'a:\n  b:\n    - 1\n    - c: 2\n      d: [x, "y", {z: 1}]\n  e:\n  - f\n'],
    ['documents', '# c\n---\na: 1\n---\n# only a comment\n---\nb: 2\n'],
    ['comments', 'a: b # c\nd: "e # f" # g\nh: i#j\n'],
    ['empty values', 'a:\nb: []\nc: {}\nd: ""\n'],
  ])('%s', (_n, text) => {
    expect(fastParseAll(text)).toBeDefined();
    agrees(text);
  });

  test.each([
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['block scalar', 'a: |\n  text\n'],
    ['multi-line plain', 'a: one\n  two\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['tabs', 'a:\t1\n'],
    ['tags', 'a: !!str 1\n'],
    ['syntax error', 'a: [1, 2\n'],
    ['numeric key', '1: a\n'],
    ['a line indented with a no-break space', 'a:\n\u00a0 b: 1\n'],
    ['a trailing no-break space', 'a: b\u00a0\n'],
    ['an ideographic space after a colon', 'a:\u3000b\n'],
    ['a byte order mark inside a line', 'a: \ufeffb\n'],
    ['a tag after unicode space', 'a:\u2003!!str 1\n'],
  ])('gives up on %s', (_n, text) => {
    expect(fastParseAll(text)).toBeUndefined();
  });

  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  })).object;

  test('agrees with yaml on any document yaml writes, block or flow', () => {
    fc.assert(fc.property(json, fc.constantFrom(undefined, 'flow'), (doc, style) => {
      const text = stringify(doc, style ? { collectionStyle: 'flow', lineWidth: 0 } : { lineWidth: 0 });
      return agrees(text);
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 400) });
  });

  /** Whitespace of Unicode that is no YAML whitespace, and characters around it where readers may differ. */
  const UNICODE_SPACE = ['\u00a0', '\u2028', '\u2029', '\ufeff', '\u0085', '\u1680', '\u2000', '\u2007', '\u200a', '\u202f', '\u205f', '\u3000', '\u180e', '\u200b', '\v', '\f'];

  test('agrees with yaml, or gives up, with Unicode whitespace in and around lines, keys, values and tags', () => {
    const bases = [...yamlFiles(join(ROOT, 'examples')), join(ROOT, 'specs', 'example.yaml')].map((f) => readFileSync(f, 'utf8').split('\n'));
    const piece = fc.oneof(fc.constantFrom(...UNICODE_SPACE), fc.constantFrom(...UNICODE_SPACE).map((u) => `${u} `), fc.constantFrom(...UNICODE_SPACE).map((u) => ` ${u}`),
      fc.constantFrom(...UNICODE_SPACE).map((u) => `!!str${u}`), fc.constantFrom(...UNICODE_SPACE).map((u) => `${u}!x `), fc.constantFrom(...UNICODE_SPACE).map((u) => `${u}#`));
    // where: the start of a line (indentation), its end, or anywhere inside
    const edit = fc.tuple(fc.nat(), fc.oneof(fc.constant(-1), fc.constant(-2), fc.nat()), piece);
    fc.assert(fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), (b, edits) => {
      const lines = [...bases[b % bases.length]];
      for (const [l, c, u] of edits) {
        const i = l % lines.length;
        const at = c === -1 ? 0 : c === -2 ? lines[i].length : c % (lines[i].length + 1);
        lines[i] = lines[i].slice(0, at) + u + lines[i].slice(at);
      }
      return agrees(lines.join('\n'));
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 600) });
  });

  test('agrees with yaml, or gives up, on documents yaml writes with Unicode whitespace in keys and strings', () => {
    const spaced = fc.array(fc.oneof(fc.constantFrom(...UNICODE_SPACE), fc.constantFrom('a', ' ', ':', '#', '!', '-', '"')), { maxLength: 6 }).map((cs) => cs.join(''));
    const doc = fc.dictionary(spaced, fc.oneof(spaced, fc.array(spaced, { maxLength: 3 }), fc.dictionary(spaced, spaced, { maxKeys: 2 })), { maxKeys: 4 });
    fc.assert(fc.property(doc, fc.constantFrom(undefined, 'flow'), (d, style) => agrees(stringify(d, style ? { collectionStyle: 'flow', lineWidth: 0 } : { lineWidth: 0 }))),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) });
  });

  test('agrees with yaml, or gives up, on mangled specs', () => {
    const bases = [...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'test', 'fixtures', 'reference')).filter((f) => f.endsWith('spec.yaml'))]
      .map((f) => readFileSync(f, 'utf8').split('\n'));
    const junk = fc.constantFrom(':', ': ', '#', ' #', '"', "'", '- ', '[', ']', '{', '}', ',', ', ', '  ', ' ', '&a', '*a', '|', '>', '---', '...', '?', '? ', '\t', '\r', 'x', '1', '-', '%', '@', '`', '!', '\\', '"a"', "'b'", '<<', '0x1', '~', 'null', 'true', ': x: y', '[]', '{}', 'é', ':x', '-x', '!!str ', '!x ', '!<tag:x> ', ...UNICODE_SPACE);
    const edit = fc.tuple(fc.nat(), fc.nat(), fc.oneof(junk, fc.constant('')), fc.nat({ max: 3 }));
    fc.assert(fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 4 }), (b, edits) => {
      const lines = [...bases[b % bases.length]];
      for (const [l, c, j, del] of edits) {
        const i = l % lines.length;
        const at = c % (lines[i].length + 1);
        lines[i] = lines[i].slice(0, at) + j + lines[i].slice(at + del);
      }
      return agrees(lines.join('\n'));
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 1500) });
  });
});
