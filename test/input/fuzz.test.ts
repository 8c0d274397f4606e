/**
 * Property-based: mangled specs (fields removed, replaced by values of the wrong type, keys
 * misspelt) give a clean SpecError naming fields, or a valid spec that synthesizes to objects
 * that pass schema validation. Never a crash, never a credential in a message.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { synthesizeFleet } from '../../src/synth/fleet';
import { loadSpecs } from '../../src/input/load';
import { formatProblem, SpecError } from '../../src/input/problems';
import { parseYaml } from '../support/compare';
import { schemaErrors } from '../support/schema';
import { writeSpec } from '../support/specs';
import { KEY_B64, TOKEN, fullSpec, paths } from '../support/fuzz';

function setAt(o: any, path: (string | number)[], value: unknown, mode: 'set' | 'delete' | 'rename'): void {
  if (!path.length) return;
  let cur = o;
  for (const p of path.slice(0, -1)) cur = cur[p as any];
  const last = path[path.length - 1];
  if (mode === 'delete') {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last as any];
  } else if (mode === 'rename' && !Array.isArray(cur)) {
    const v = cur[last as any];
    delete cur[last as any];
    cur[`${String(last)}x`] = v;
  } else cur[last as any] = value;
}

const junk = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 100 }), fc.double(), fc.string(), fc.constant(''),
  fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }),
  fc.constantFrom('20GB', '1Gi', '/abs', 'rel', 'DIND', 'KUBERNETES_NO_VOLUME', 'ReadWriteMany', 'Always', 'UPPER', 'a'.repeat(70)),
);

const mutation = fc.record({
  app: fc.boolean(),
  edits: fc.array(fc.record({ pick: fc.nat(), mode: fc.constantFrom('set', 'delete', 'rename') as fc.Arbitrary<'set' | 'delete' | 'rename'>, value: junk }), { minLength: 1, maxLength: 4 }),
});

test('mangled specs give a clean error or valid, schema-conformant manifests', () => {
  fc.assert(fc.property(mutation, ({ app, edits }) => {
    const doc = fullSpec(app);
    for (const e of edits) {
      const all = paths(doc).filter((p) => p.length);
      setAt(doc, all[e.pick % all.length], e.value, e.mode);
    }
    const file = writeSpec(stringify(doc));
    let specs;
    try {
      specs = loadSpecs([file]).specs;
    } catch (err) {
      expect(err).toBeInstanceOf(SpecError);
      const lines = (err as SpecError).problems.map(formatProblem);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l.startsWith(`${file}: `)).toBe(true);
        expect(l).not.toContain(TOKEN);
        expect(l).not.toContain(KEY_B64.slice(0, 40));
      }
      return;
    }
    const objects = synthesizeFleet(specs).flatMap((f) => parseYaml(f.content));
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  }), { numRuns: Number(process.env.FUZZ_RUNS ?? 150) });
});

test('random text never crashes the loader', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
    const file = writeSpec(text);
    try {
      loadSpecs([file]);
    } catch (err) {
      expect(err).toBeInstanceOf(SpecError);
    }
  }), { numRuns: Number(process.env.FUZZ_RUNS ?? 200) });
});
