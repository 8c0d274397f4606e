/**
 * Schema validation of synthesized objects: ARC kinds against the CRD's openAPIV3Schema with
 * unknown fields rejected (as `kubectl apply --validate=strict` would), core kinds against the
 * Kubernetes OpenAPI schemas of `kubernetes-models`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import type { Obj } from './compare';

function strict(s: any): any {
  if (!s || typeof s !== 'object') return s;
  const o: any = { ...s };
  for (const k of Object.keys(o)) if (k.startsWith('x-kubernetes-')) delete o[k];
  if (s['x-kubernetes-int-or-string']) {
    delete o.type;
    o.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (o.properties) {
    o.properties = Object.fromEntries(Object.entries(o.properties).map(([k, v]) => [k, strict(v)]));
    if (!s['x-kubernetes-preserve-unknown-fields'] && o.additionalProperties === undefined) o.additionalProperties = false;
  }
  if (o.items) o.items = strict(o.items);
  if (o.additionalProperties && typeof o.additionalProperties === 'object') o.additionalProperties = strict(o.additionalProperties);
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (o[k]) o[k] = o[k].map(strict);
  return o;
}

const CRD_DIR = join(__dirname, '..', '..', 'crds');
let validators: Record<string, (o: unknown) => boolean> | undefined;

function crdValidators() {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  validators = {};
  for (const f of ['autoscalingrunnersets', 'autoscalinglisteners', 'ephemeralrunners', 'ephemeralrunnersets']) {
    const crd = parse(readFileSync(join(CRD_DIR, `actions.github.com_${f}.yaml`), 'utf8'));
    for (const v of crd.spec.versions) {
      const schema = strict(v.schema.openAPIV3Schema);
      schema.properties.metadata = { type: 'object' };
      validators[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = ajv.compile(schema);
    }
  }
  return validators;
}

/** Problems of one object; empty when valid. */
export function schemaErrors(o: Obj): string[] {
  const v = crdValidators()[`${o.apiVersion}/${o.kind}`] as any;
  if (v) return v(o) ? [] : v.errors.map((e: any) => `${o.kind}/${o.metadata.name}${e.instancePath} ${e.message} ${e.params?.additionalProperty ?? ''}`.trim());
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  const Cls = mod[o.kind];
  if (!Cls) return [`no schema for ${o.apiVersion} ${o.kind}`];
  try {
    new Cls(o).validate();
    return [];
  } catch (e) {
    return [`${o.kind}/${o.metadata.name}: ${(e as Error).message.slice(0, 500)}`];
  }
}
