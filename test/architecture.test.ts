/**
 * Layers point one way (STYLE.md): `src/rules/` is the ground floor, pure checks over plain
 * values that readers and constructs import, importing neither (nor cdk8s); and no module of
 * `src/` is part of an import circle. Every import counts: `import type`, `export … from`,
 * and the lazy `require()` / `import()` some modules make inside functions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const SRC = join(__dirname, '..', 'src');
const IMPORT = /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The modules a file imports: `src/…` paths for its own, package names for the rest. */
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const out = new Set<string>();
  // comments may quote imports
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) {
      out.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      continue;
    }
    const base = join(dirname(file), spec);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
    if (target) out.add(relative(join(SRC, '..'), target));
    else if (!spec.endsWith('.json')) throw new Error(`${relative(SRC, file)}: cannot resolve ${spec}`);
  }
  return [...out];
}

function graph(): Map<string, string[]> {
  const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
  return new Map(files.map((f) => [`src/${f}`, importsOf(join(SRC, f))]));
}

/** Every import circle (strongly connected set of modules), each as a path around it. */
function circles(g: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of g.get(f) ?? []) {
      if (!g.has(d)) continue;
      if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of g.keys()) if (!state.has(f)) visit(f);
  return found;
}

/** What a module reaches through its imports, itself left out. */
function reach(g: Map<string, string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(g.get(from) ?? [])];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(g.get(f) ?? []));
  }
  return seen;
}

test('no import circle in src/', () => {
  expect(circles(graph()).map((c) => c.join(' -> '))).toEqual([]);
});

test('src/rules/ reaches nothing in src/input/ or src/constructs/, nor cdk8s', () => {
  const g = graph();
  const rules = [...g.keys()].filter((f) => f.startsWith('src/rules/'));
  expect(rules.length).toBeGreaterThan(5);
  const wrong = rules.flatMap((f) => [...reach(g, f)]
    .filter((d) => d.startsWith('src/input/') || d.startsWith('src/constructs/') || ['cdk8s', 'constructs', 'cdk8s-plus-28'].includes(d))
    .map((d) => `${f} -> ${d}`));
  expect(wrong).toEqual([]);
});

describe('the checks themselves', () => {
  test('every kind of import is seen', () => {
    const file = join(SRC, 'rules', 'x.ts');
    expect(importsOf(file, [
      "import type { Path } from './words';",
      "export { formatPath } from './words';",
      "const { podTemplateProblems } = require('./pod-schema') as typeof import('./pod-schema');",
      "import { App } from 'cdk8s';",
      "// import { no } from '../input/checker';",
    ].join('\n')).sort()).toEqual(['cdk8s', 'src/rules/pod-schema.ts', 'src/rules/words.ts']);
  });

  test('a circle is found', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(circles(g)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
