/**
 * What README.md and docs/ show works: their spec snippets load and synthesize to valid objects,
 * their `gha-rs` commands run as written, and every relative link leads somewhere.
 * (Other snippets are tested beside their feature: credentials, PodMonitors; TypeScript blocks
 * compile in the consumer app, scripts/consumer-test.mjs.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { synthesizeFleet } from '../src/synth/fleet';
import { loadSpecs } from '../src/input/load';
import { runCli, writeIn } from './support/cli';
import { parseYaml, readDir } from './support/compare';
import { SEAL_CERT } from './support/sealing';
import { schemaErrors } from './support/schema';
import { specDoc, tempDir, writeSpec } from './support/specs';

const ROOT = join(__dirname, '..');
// loadSpecs throws a UserError listing every problem: a snippet that loads has none.
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');
/** The fenced blocks of a page (or of the part from `from` on), with their info string. */
function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(/^```(\S*)[^\n]*\n([\s\S]*?)^```/gm)].filter((m) => m[1] === lang).map((m) => m[2]);
}
/** The part of a page under `heading`, up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const rest = text.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

describe('spec-files.md', () => {
  const page = read('docs/spec-files.md');
  const snippets = blocks(section(page, '## Chart features, one snippet each'), 'yaml');

  test('has a snippet per chart feature', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(8);
  });

  test.each(snippets.map((s) => [s.split('\n')[0], s]))('%s', (_first, snippet) => {
    const fields = parse(snippet) as Record<string, any>;
    const base: Record<string, any> = { containerMode: { type: 'KUBERNETES', workVolumeClaim: { size: '1Gi' } } };
    if (fields.containerMode) fields.containerMode = { ...base.containerMode, ...fields.containerMode };
    const { specs } = loadSpecs([writeSpec([specDoc({ ...base, ...fields })])]);
    const objects = synthesizeFleet(specs).flatMap((f) => parseYaml(f.content));
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  test('the spec with every field loads without a problem and synthesizes to valid objects', () => {
    const [spec] = blocks(section(page, '## Every field'), 'yaml');
    const r = loadSpecs([writeSpec(spec)]);
    const objects = synthesizeFleet(r.specs).flatMap((f) => parseYaml(f.content));
    expect(objects.flatMap(schemaErrors)).toEqual([]);
    expect(objects.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual(expect.arrayContaining([
      'Namespace arc-runners', 'PersistentVolumeClaim arc-runner-set-tool-cache', 'AutoscalingRunnerSet linux-x64',
    ]));
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  test('the spec of "Spec files in, YAML out" is a whole spec: a DIND scale set with an existing Secret', () => {
    const [spec] = blocks(section(readme, '### 1. Spec files in, YAML out, `kubectl apply`'), 'yaml');
    const r = loadSpecs([writeSpec(spec)]);
    expect(r.specs[0].spec).toMatchObject({ namespace: 'arc-runners', createNamespace: true, github: { existingSecretName: 'github-app' }, containerMode: { type: 'DIND' } });
  });

  // Each `gha-rs` line of the front page, run as written in a folder holding its inputs.
  const commands = blocks(readme, 'sh').flatMap((b) => b.split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('gha-rs '));

  test('names the commands it shows', () => {
    expect(commands).toEqual(['gha-rs synth -f specs/ -o dist/', 'gha-rs synth -f specs/ -o dist/ --seal-cert sealing-cert.pem']);
  });

  test.each(commands)('%s', async (command) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'specs'));
    writeIn(join(dir, 'specs'), 'runners.yaml', blocks(section(readme, '### 1. Spec files in, YAML out, `kubectl apply`'), 'yaml')[0]);
    writeIn(dir, 'sealing-cert.pem', SEAL_CERT);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await runCli(command.split(' ').slice(1));
      expect(r.err).not.toMatch(/error/i);
      expect(r.status).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(join(dir, 'dist')).filter((f) => !f.startsWith('.')).sort()).toEqual([
      '00-namespaces.k8s.yaml', 'scale-set.arc-runners.arc-runner-set.k8s.yaml',
    ]);
    expect(readDir(join(dir, 'dist')).map((o) => o.kind)).toContain('AutoscalingRunnerSet');
  });
});

describe('controller.md', () => {
  const page = read('docs/controller.md');
  const one = section(page, '## One file: a controller and two scale sets');

  test('the short controller file writes the objects of examples/helm-free-arc, which it shortens', () => {
    const [short] = blocks(one, 'yaml');
    const ids = (dir: string) => {
      const r = loadSpecs([dir]);
      return synthesizeFleet(r.specs, r.controllers).flatMap((f) => parseYaml(f.content)).map((o) => `${o.kind} ${o.metadata.namespace ?? ''} ${o.metadata.name}`).sort();
    };
    expect(ids(writeSpec(short, 'arc.yaml'))).toEqual(ids(join(ROOT, 'examples', 'helm-free-arc')));
  });

  test('the console session is what the CLI prints', async () => {
    const [session] = blocks(one, 'console');
    const [cmd, said, , ...listed] = session.trim().split('\n');
    expect(cmd).toBe('$ gha-rs synth -f examples/helm-free-arc -o out');
    const out = join(tempDir(), 'out');
    const r = await runCli(['synth', '-f', join(ROOT, 'examples', 'helm-free-arc'), '-o', out]);
    expect(r.status).toBe(0);
    expect(r.out.replace(out, 'out')).toBe(said);
    expect(readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(listed.join(' ').split(/\s+/).sort());
  });
});

describe('links', () => {
  const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`),
    ...['examples', 'examples-helm'].flatMap((d) => readdirSync(join(ROOT, d)).map((e) => `${d}/${e}/README.md`))]
    .filter((p) => existsSync(join(ROOT, p)));
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
  const anchors = (text: string) => {
    const seen = new Map<string, number>();
    return text.replace(/^```[\s\S]*?^```/gm, '').split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => {
      const slug = l.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
      const n = seen.get(slug) ?? 0;
      seen.set(slug, n + 1);
      return n ? `${slug}-${n}` : slug;
    });
  };

  test('the pages are there', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/spec-files.md', 'docs/constructs.md', 'examples/dind/README.md']));
  });

  test.each(pages)('%s: every relative link leads to a file, and to a heading of it', (page) => {
    const text = read(page).replace(/^```[\s\S]*?^```/gm, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const file = path ? join(ROOT, dirname(page), path) : join(ROOT, page);
      if (!existsSync(file)) broken.push(`${target}: no ${relative(ROOT, file)}`);
      else if (anchor && (statSync(file).isDirectory() || !anchors(readFileSync(file, 'utf8')).includes(anchor))) broken.push(`${target}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });
});

test('every TypeScript block says what it is, so that the consumer test compiles it (scripts/doc-snippets.mjs)', () => {
  const infos = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)]
    .flatMap((page) => [...read(page).matchAll(/^```(ts|typescript)\b(.*)$/gm)].map((m) => `${page}: \`\`\`${m[1]}${m[2]}`));
  expect(infos.length).toBeGreaterThanOrEqual(4);
  // a whole program (```ts), one using names of test/consumer-app/snippets/prelude.ts (```ts fragment),
  // or lines of test/consumer-app/main.ts (```ts excerpt)
  expect(infos.filter((i) => !/: ```ts( fragment| excerpt)?$/.test(i))).toEqual([]);
  expect(infos.filter((i) => i.endsWith('```ts')).length).toBeGreaterThanOrEqual(3);
  // the sealing example is a whole program: an async main, as `cdk8s init`'s tsconfig allows no top-level await
  const sealing = blocks(section(read('docs/constructs.md'), '## Credentials'), 'ts');
  expect(sealing).toHaveLength(1);
  expect(sealing[0]).toMatch(/^async function main\(\)/m);
});

test('the consumer app\'s composition, shown in constructs.md, is code of the app, which CI compiles against the packed library', () => {
  const page = read('docs/constructs.md');
  const [snippet] = blocks(section(page, '## Your own objects beside them'), 'ts');
  const app = readFileSync(join(__dirname, 'consumer-app', 'main.ts'), 'utf8');
  expect(snippet.trim().split('\n').length).toBeGreaterThan(2);
  for (const line of snippet.trim().split('\n')) expect(app).toContain(line.trim());
});

test('the Python app of python.md is code of test/python-app/main.py, which CI runs against the wheel', () => {
  const [snippet] = blocks(read('docs/python.md'), 'python');
  const app = readFileSync(join(__dirname, 'python-app', 'main.py'), 'utf8');
  const lines = snippet.trim().split('\n').filter((l) => l.trim());
  expect(lines.length).toBeGreaterThan(20);
  for (const line of lines) expect(app).toContain(line.trim());
});
