/**
 * Kubernetes' own rules for object metadata, checked on every object a run writes (whatever path
 * made it: spec files, Helm values, construct props): label keys and values, annotation keys, and
 * the total size of an object's annotations. The API server refuses an object that breaks one.
 *
 * Pure: no cdk8s, no I/O.
 */
import { LIMIT } from '../constants';
import type { RuleProblem } from './scale-set';

const NAME = /^[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A label or annotation key: an optional DNS subdomain prefix (253 characters at most) and `/`, then a name of 1 to 63 characters. */
export function qualifiedNameProblem(key: string, what: 'label' | 'annotation'): RuleProblem {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
  const ok = NAME.test(name) && name.length <= 63 && (prefix === undefined || (DNS_SUBDOMAIN.test(prefix) && prefix.length <= 253));
  return ok ? undefined : `"${key}" is not a valid ${what} key (an optional DNS prefix of at most 253 characters and "/", then 1 to 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit)`;
}

/** A label value: empty, or 1 to 63 letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit. */
export function labelValueProblem(value: unknown): RuleProblem {
  if (typeof value !== 'string') return `must be a string, found ${typeof value}`;
  if (value === '' || (NAME.test(value) && value.length <= 63)) return undefined;
  return `"${value.length > 80 ? `${value.slice(0, 77)}...` : value}" is not a valid label value (at most 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit)`;
}

type Meta = { labels?: Record<string, unknown>; annotations?: Record<string, unknown> };

/** The problems of one `metadata` map, each prefixed with `at` (its path in the object). */
export function metadataProblems(meta: Meta | undefined, at: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(meta?.labels ?? {})) {
    const problem = qualifiedNameProblem(k, 'label') ?? labelValueProblem(v);
    if (problem) out.push(`${at}.labels: ${problem}`);
  }
  let bytes = 0;
  for (const [k, v] of Object.entries(meta?.annotations ?? {})) {
    const problem = qualifiedNameProblem(k, 'annotation') ?? (typeof v === 'string' ? undefined : `"${k}" must be a string, found ${typeof v}`);
    if (problem) out.push(`${at}.annotations: ${problem}`);
    bytes += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (bytes > LIMIT.annotationBytes) {
    out.push(`${at}.annotations: total ${bytes} bytes (keys and values); Kubernetes allows ${LIMIT.annotationBytes} (256 KiB) per object: shorten or drop annotations`);
  }
  return out;
}

type Obj = { metadata?: Meta; spec?: Record<string, unknown> };

/** Pod templates an object carries, whose metadata Kubernetes checks as an object's own. */
const TEMPLATES = ['template', 'listenerTemplate'];

/** The problems of an object's metadata and of the pod templates it carries. */
export function objectMetadataProblems(object: object): string[] {
  const obj = object as Obj;
  const out = metadataProblems(obj.metadata, 'metadata');
  for (const t of TEMPLATES) {
    const template = obj.spec?.[t] as Obj | undefined;
    if (template && typeof template === 'object') out.push(...metadataProblems(template.metadata, `spec.${t}.metadata`));
  }
  return out;
}
