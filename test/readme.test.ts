/** The README's spec-file snippets, one per chart feature, load and synthesize to valid objects. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { synthesizeFleet } from '../src/synth/fleet';
import { loadSpecs } from '../src/input/load';
import { parseYaml } from './support/compare';
import { schemaErrors } from './support/schema';
import { specDoc, writeSpec } from './support/specs';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Spec-file examples, one per feature'), readme.indexOf('## Helm-free ARC'));
const snippets = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the README has a snippet per chart feature', () => {
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

test('the README\'s composition snippet is code of the consumer app, which CI compiles against the packed library', () => {
  const after = readme.slice(readme.indexOf('Your own objects use the outputs'));
  const start = after.indexOf('```ts\n') + 6;
  const snippet = after.slice(start, after.indexOf('\n```', start));
  const app = readFileSync(join(__dirname, 'consumer-app', 'main.ts'), 'utf8');
  expect(snippet.split('\n').length).toBeGreaterThan(2);
  for (const line of snippet.split('\n')) expect(app).toContain(line.trim());
});
