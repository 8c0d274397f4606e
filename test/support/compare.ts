/**
 * Strict semantic comparison of our manifests with the chart's render: every object of the
 * render must exist with the same kind, namespace and name; Helm-only metadata is ignored;
 * everything else must be equal (nulls and empty annotation maps aside).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type Obj = { apiVersion: string; kind: string; metadata: Record<string, any>; [k: string]: any };

const HELM_ONLY_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];
const HELM_ONLY_ANNOTATIONS = ['actions.github.com/values-hash'];
/**
 * Labels of ours beyond the render: the Pod Security level a Namespace we create carries (the
 * chart creates no Namespace; the seed's modules create it bare). Asserted on their own in
 * test/synth/pod-security.test.ts.
 */
const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

export function parseYaml(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && o.kind);
}

export function readDir(dir: string): Obj[] {
  return readdirSync(dir).sort().filter((f) => /\.ya?ml$/.test(f)).flatMap((f) => parseYaml(readFileSync(join(dir, f), 'utf8')));
}

export const id = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Drops nulls and Helm-only metadata; decodes Secret data; stringifies label values as YAML would quote them. */
export function normalize(o: Obj): Obj {
  const canon = (x: any): any => {
    if (Array.isArray(x)) return x.map(canon);
    if (x && typeof x === 'object') {
      const r: any = {};
      for (const k of Object.keys(x).sort()) if (x[k] !== null && x[k] !== undefined) r[k] = canon(x[k]);
      return r;
    }
    return x;
  };
  const c = canon(o);
  const md = c.metadata;
  if (md.labels) {
    for (const k of HELM_ONLY_LABELS) delete md.labels[k];
    for (const k of Object.keys(md.labels)) md.labels[k] = String(md.labels[k]);
    if (c.kind === 'Namespace') for (const k of Object.keys(md.labels)) if (k.startsWith(POD_SECURITY_LABEL_PREFIX)) delete md.labels[k];
    if (!Object.keys(md.labels).length) delete md.labels;
  }
  if (md.annotations) for (const k of HELM_ONLY_ANNOTATIONS) delete md.annotations[k];
  if (md.annotations && !Object.keys(md.annotations).length) delete md.annotations;
  if (c.kind === 'Secret' && c.data) {
    c.data = Object.fromEntries(Object.entries(c.data).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString()]));
  }
  if (c.subjects) c.subjects = c.subjects.map((s: any) => ({ ...s, name: String(s.name).trim(), namespace: String(s.namespace).trim() }));
  return c;
}

/** Differences, one line each, between the expected objects and ours; empty when they match. */
export function diff(expected: Obj[], actual: Obj[]): string[] {
  const out: string[] = [];
  const act = new Map(actual.map((o) => [id(o), normalize(o)]));
  for (const e of expected) {
    const a = act.get(id(e));
    if (!a) {
      out.push(`${id(e)}: missing`);
      continue;
    }
    walk(id(e), normalize(e), a, out);
  }
  return out;
}

function walk(path: string, e: any, a: any, out: string[]): void {
  if (JSON.stringify(e) === JSON.stringify(a)) return;
  if (e && a && typeof e === 'object' && typeof a === 'object' && Array.isArray(e) === Array.isArray(a)) {
    if (Array.isArray(e) && e.length !== a.length) {
      out.push(`${path}: expected ${e.length} items ${JSON.stringify(e)}, got ${a.length} ${JSON.stringify(a)}`);
      return;
    }
    for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) walk(`${path}.${k}`, e[k], a[k], out);
    return;
  }
  out.push(`${path}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
}

/**
 * The tests every reference scenario gets: each object of the render written field for field,
 * nothing beyond it, and every object valid against its schema.
 */
export function parityTests(expected: Obj[], actual: Obj[], schemaErrors: (o: Obj) => string[]): void {
  test('every object of the chart render is written, field for field', () => {
    expect(diff(expected, actual)).toEqual([]);
  });

  test('no object beyond the render', () => {
    const want = new Set(expected.map(id));
    expect(actual.map(id).filter((k) => !want.has(k))).toEqual([]);
  });

  test('every object validates against its schema (ARC CRDs with unknown fields rejected)', () => {
    expect(actual.flatMap(schemaErrors)).toEqual([]);
  });
}
