/**
 * A pod template given by the user (a spec's or Helm values' `template` and `listenerTemplate`,
 * the construct's props of those names) checked against Kubernetes' pod schema, as ARC's CRD
 * holds it: each value of the right type (a list where a list goes, a whole number within its
 * format's range…), no field the schema does not know. The schema is
 * loaded on first use only: a run without a template never reads it.
 *
 * Pure: no cdk8s, no I/O.
 */
import type { Schema } from './schema';
import { suggest } from './words';


/** One problem of a template: where (below the template) and what. */
export interface TemplateProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const INT32 = 2 ** 31 - 1;

/** What a found value is, without quoting it (a template may hold credentials, in env values say). */
function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return 'a string';
}

const EXPECTED: Record<string, string> = {
  object: 'a map',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function check(schema: Schema, v: unknown, path: (string | number)[], out: TemplateProblem[]): void {
  // null is "unset" to Kubernetes, as an absent field
  if (v === null || v === undefined) return;
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT32)) return;
    out.push({ path, message: `must be a whole number or a string, found ${kindOf(v)}` });
    return;
  }
  const type = schema.type;
  if (type) {
    const ok = type === 'object' ? typeof v === 'object' && !Array.isArray(v)
      : type === 'array' ? Array.isArray(v)
        : type === 'integer' ? typeof v === 'number' && Number.isInteger(v)
          : type === 'number' ? typeof v === 'number' && Number.isFinite(v)
            : typeof v === type;
    if (!ok) {
      out.push({ path, message: `must be ${EXPECTED[type]}, found ${kindOf(v)}` });
      return;
    }
  }
  if (type === 'integer') {
    const n = v as number;
    const max = schema.format === 'int32' ? INT32 : Number.MAX_SAFE_INTEGER;
    if (Math.abs(n) > max) out.push({ path, message: `${n} is out of range: at most ${max}${schema.format === 'int32' ? ' (a 32-bit number)' : ''} in size` });
    return;
  }
  if (Array.isArray(v)) {
    if (schema.items) v.forEach((item, i) => check(schema.items!, item, [...path, i], out));
    return;
  }
  if (typeof v !== 'object' || schema['x-kubernetes-preserve-unknown-fields']) return;
  const map = v as Record<string, unknown>;
  const props = schema.properties;
  // `required` is not checked: a template is merged with the chart's (the runner container, its
  // volumes), and the fields it must end with are checked on the merged pod, with messages of their own
  for (const [k, value] of Object.entries(map)) {
    const sub = props?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (sub) check(sub, value, [...path, k], out);
    else if (props && schema.additionalProperties !== true) {
      const names = Object.keys(props);
      const hint = suggest(k, names);
      const allowed = names.length <= 12 ? `; allowed: ${names.join(', ')}` : '';
      out.push({ path: [...path, k], message: `is not a field Kubernetes knows here${hint ? ` (did you mean "${hint}"?)` : ''}${allowed}` });
    }
  }
}

/** Every problem of `template` (a PodTemplateSpec: `metadata` and `spec`), paths relative to it. */
export function podTemplateProblems(template: unknown): TemplateProblem[] {
  const { POD_TEMPLATE_SCHEMA } = require('./pod-template-schema') as typeof import('./pod-template-schema');
  const out: TemplateProblem[] = [];
  check(POD_TEMPLATE_SCHEMA, template, [], out);
  return out;
}

/**
 * A copy of `template` without the values the problems point at (a list item is removed, a map
 * field deleted): what the checks of the merged pod can read without tripping over a wrong type.
 */
export function withoutProblems<T>(template: T, problems: readonly TemplateProblem[]): T {
  const copy = structuredClone(template);
  // the last paths first, so that removing a list item leaves the earlier indexes in place
  const paths = problems.map((p) => p.path).filter((p) => p.length).sort((a, b) => compare(b, a));
  for (const path of paths) {
    let parent: unknown = copy;
    for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[k];
    const last = path[path.length - 1];
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}

function compare(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    return typeof a[i] === 'number' && typeof b[i] === 'number' ? (a[i] as number) - (b[i] as number) : String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * `template` and `listenerTemplate` of construct props, checked: the problems as validation
 * messages (`template.spec.volumes: must be a list, found a map`), and props without the wrong
 * values, from which the pod can be built without failing.
 */
export function checkedTemplates<P extends { readonly template?: object; readonly listenerTemplate?: object }>(props: P): { props: P; errors: string[] } {
  const errors: string[] = [];
  let out = props;
  for (const key of ['template', 'listenerTemplate'] as const) {
    const template = props[key];
    if (!template) continue;
    const problems = podTemplateProblems(template);
    if (!problems.length) continue;
    errors.push(...problems.map((p) => `${key}${p.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}: ${p.message}`));
    out = { ...out, [key]: withoutProblems(template, problems) };
  }
  return { props: out, errors };
}
