/**
 * Schema validation of synthesized objects: ARC kinds against the CRD's openAPIV3Schema with
 * unknown fields rejected (as `kubectl apply --validate=strict` would), core kinds against the
 * Kubernetes OpenAPI schemas of `kubernetes-models`, SealedSecret and ExternalSecret against their
 * CRD schemas as `@kubernetes-models/sealed-secrets` and `@kubernetes-models/external-secrets` ship them.
 */
import { spawnSync } from 'node:child_process';
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

/** The model module of each custom kind whose package is ESM only (loaded in a child process: Jest runs CommonJS). */
const ESM_MODELS: Record<string, string> = {
  'bitnami.com/v1alpha1/SealedSecret': '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret',
  'external-secrets.io/v1/ExternalSecret': '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret',
};

const ESM_VALIDATE = `
const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const out = [];
for (const { module, object } of input) {
  const mod = await import(module);
  try { new mod[object.kind](object).validate(); out.push([]); } catch (e) { out.push([object.kind + '/' + object.metadata.name + ': ' + e.message.slice(0, 500)]); }
}
process.stdout.write(JSON.stringify(out));`;

function esmSchemaErrors(o: Obj, module: string): string[] {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); ${ESM_VALIDATE}`], {
    input: JSON.stringify([{ module, object: o }]), encoding: 'utf8', cwd: join(__dirname, '..', '..'),
  });
  if (r.status !== 0) return [`schema check failed to run: ${r.stderr.slice(0, 500)}`];
  return JSON.parse(r.stdout)[0];
}

/** Problems of one object; empty when valid. */
export function schemaErrors(o: Obj): string[] {
  const esm = ESM_MODELS[`${o.apiVersion}/${o.kind}`];
  if (esm) return esmSchemaErrors(o, esm);
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
