/**
 * Schema validation of synthesized objects: ARC kinds, SealedSecret and ExternalSecret against
 * their CRDs' openAPIV3Schema with unknown fields rejected (as `kubectl apply --validate=strict`
 * would), core kinds against the Kubernetes OpenAPI schemas of `kubernetes-models`. ARC's CRDs
 * are crds/; SealedSecret's and ExternalSecret's are the schema-only copies in
 * test/fixtures/third-party-crds/, made by scripts/third-party-crd-schemas.mjs from the CRDs the
 * conformance suite takes out of their projects' Go modules (and checks the copies against).
 *
 * Compiling the CRD schemas takes seconds, so it happens once per run (the jest globalSetup,
 * test/global-setup.ts, calls `compileCrdValidators()`): ajv writes standalone validator code to
 * node_modules/.cache/gha-rs-tests/, keyed by the CRDs' and ajv's contents, and test files load it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { parse } from 'yaml';
import type { Obj } from './compare';

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
};

/** The CRD schema made strict: unknown fields rejected unless the schema preserves them. */
function strict(s: Schema): Schema {
  const o: Schema = { ...s };
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
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(o[k])) o[k] = (o[k] as Schema[]).map(strict);
  return o;
}

const ROOT = join(__dirname, '..', '..');
const CRD_FILES = [
  ...['autoscalingrunnersets', 'autoscalinglisteners', 'ephemeralrunners', 'ephemeralrunnersets'].map((f) => join(ROOT, 'crds', `actions.github.com_${f}.yaml`)),
  ...['bitnami.com_sealedsecrets', 'external-secrets.io_externalsecrets'].map((f) => join(ROOT, 'test', 'fixtures', 'third-party-crds', `${f}.yaml`)),
];

/** The generated module's path: a new name whenever the CRDs or ajv change. */
function cacheFile(): string {
  const hash = createHash('sha256');
  for (const f of [...CRD_FILES, join(ROOT, 'node_modules', 'ajv', 'package.json'), __filename]) hash.update(readFileSync(f));
  return join(ROOT, 'node_modules', '.cache', 'gha-rs-tests', `crd-validators-${hash.digest('hex').slice(0, 16)}.js`);
}

/** Compiles the CRD schemas to standalone code (once: later calls find the file). Returns its path. */
export function compileCrdValidators(): string {
  const file = cacheFile();
  if (existsSync(file)) return file;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, code: { source: true } });
  const exports: Record<string, string> = {};
  for (const path of CRD_FILES) {
    const crd = parse(readFileSync(path, 'utf8'));
    for (const v of crd.spec.versions) {
      const schema = strict(v.schema.openAPIV3Schema);
      schema.properties = { ...schema.properties, metadata: { type: 'object' } };
      const key = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
      ajv.addSchema(schema, key);
      exports[`v${Object.keys(exports).length}`] = key;
    }
  }
  const code = `${standaloneCode(ajv, exports)}\nexports.keys = ${JSON.stringify(exports)};\n`;
  mkdirSync(join(file, '..'), { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  return file;
}

let validators: Record<string, ValidateFunction> | undefined;

function crdValidators(): Record<string, ValidateFunction> {
  if (validators) return validators;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod: Record<string, ValidateFunction> & { keys: Record<string, string> } = require(compileCrdValidators());
  validators = Object.fromEntries(Object.entries(mod.keys).map(([name, key]) => [key, mod[name]]));
  return validators;
}

const describe = (o: Obj, e: ErrorObject) => `${o.kind}/${o.metadata.name}${e.instancePath} ${e.message} ${e.params.additionalProperty ?? ''}`.trim();

/** Problems of one object; empty when valid. */
export function schemaErrors(o: Obj): string[] {
  const v = crdValidators()[`${o.apiVersion}/${o.kind}`];
  if (v) return v(o) ? [] : (v.errors ?? []).map((e) => describe(o, e));
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  // Prometheus Operator kinds against its CRD schemas, as @kubernetes-models/prometheus-operator ships them.
  const mod = group === 'monitoring.coreos.com'
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ? require(`@kubernetes-models/prometheus-operator/${group}/${version}`)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    : require(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  const Cls = mod[o.kind];
  if (!Cls) return [`no schema for ${o.apiVersion} ${o.kind}`];
  try {
    new Cls(o).validate();
    return [];
  } catch (e) {
    return [`${o.kind}/${o.metadata.name}: ${(e as Error).message.slice(0, 500)}`];
  }
}
