/**
 * Credential fields of spec files: the value itself, or `{fromEnv: NAME}` / `{fromFile: PATH}`
 * so that the spec can be committed. Problems name the field and the variable or file, never a value.
 */
import { resolve } from 'node:path';
import { Checker, describe } from './checker';
import { Path, formatPath } from '../rules/words';
import { readInputFile } from './limits';
import { PEM_PRIVATE_KEY } from '../rules/credentials';

/** Where `fromEnv` and `fromFile` read. */
export interface CredentialSources {
  /** The folder `fromFile` paths are relative to: the spec file's. */
  readonly baseDir: string;
  /** The environment `fromEnv` reads. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const PROCESS_SOURCES: CredentialSources = { baseDir: '.', env: process.env };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORMS = 'the value, {fromEnv: NAME} or {fromFile: PATH}';

/** A credential as read, and whether it was written in the spec itself. */
export interface Credential {
  readonly value: string;
  readonly inline: boolean;
}

/**
 * A credential field: a string (numbers are taken as written, as for IDs), `{fromEnv: NAME}` or
 * `{fromFile: PATH}` (relative to the spec file; the file's trailing newline is dropped).
 */
export function credential(c: Checker, v: unknown, path: Path, what: string, sources: CredentialSources): Credential | undefined {
  if (c.hasTag(path)) {
    c.error(path, `has a YAML tag ("!" before the value), which changes what is read; write ${FORMS} without one`);
    return undefined;
  }
  if (v === undefined || v === null || v === '') {
    c.error(path, `is required (${what}: ${FORMS})`);
    return undefined;
  }
  if (typeof v === 'number' || typeof v === 'string') return { value: String(v), inline: true };
  if (typeof v !== 'object' || Array.isArray(v)) {
    c.error(path, `must be ${FORMS} (${what}), found ${c.show(v, path)}`);
    return undefined;
  }
  const m = c.map(v, path, ['fromEnv', 'fromFile']) ?? {};
  const given = (['fromEnv', 'fromFile'] as const).filter((k) => m[k] !== undefined);
  if (given.length !== 1) {
    c.error(path, `must set exactly one of fromEnv and fromFile; found ${given.length ? 'both' : 'neither'}`);
    return undefined;
  }
  const key = given[0];
  const at = [...path, key];
  if (c.hasTag(at)) {
    c.error(at, 'has a YAML tag ("!" before the value), which changes what is read; write the name without one');
    return undefined;
  }
  const ref = m[key];
  if (typeof ref !== 'string' || !ref) {
    c.error(at, `must be ${key === 'fromEnv' ? 'the name of an environment variable' : 'a file path, relative to the spec file'}, found ${describe(ref)}`);
    return undefined;
  }
  const field = formatPath(path);
  if (key === 'fromEnv') {
    if (!ENV_NAME.test(ref)) {
      c.error(at, `${describe(ref)} is not an environment variable name (letters, digits and "_", not starting with a digit)`);
      return undefined;
    }
    const value = sources.env[ref];
    if (value === undefined) c.error(path, `environment variable ${ref} is not set (${field} reads ${what} from it)`);
    else if (!value.trim()) c.error(path, `environment variable ${ref} is empty (${field} reads ${what} from it)`);
    return value?.trim() ? { value: value.trim(), inline: false } : undefined;
  }
  const file = resolve(sources.baseDir, ref);
  const read = readInputFile(file, 'credential');
  if ('problem' in read) {
    c.error(path, `file ${ref} ${read.problem} (read as ${file}, relative to the spec file)`);
    return undefined;
  }
  const { text } = read;
  if (!text.trim()) {
    c.error(path, `file ${ref} is empty (${field} reads ${what} from it)`);
    return undefined;
  }
  return { value: text.trim(), inline: false };
}

/** Does this base64 text (standard alphabet) decode to a PEM private key? Returns the PEM or a reason. */
export function decodePrivateKey(b64: string): { pem?: string; error?: string } {
  const compact = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    return { error: 'is not standard base64 (A-Z a-z 0-9 + / with = padding); encode the PEM file with `base64 -w0 key.pem`' };
  }
  const pem = Buffer.from(compact, 'base64').toString('utf8');
  if (!PEM_PRIVATE_KEY.test(pem)) {
    return { error: 'does not decode to a PEM private key (-----BEGIN ... PRIVATE KEY-----)' };
  }
  return { pem };
}

/**
 * The App's private key: base64 of the PEM when written in the spec; from a variable or file,
 * the PEM itself or its base64.
 */
export function privateKey(c: Checker, key: Credential, path: Path): string | undefined {
  if (!key.inline && key.value.includes('-----BEGIN')) {
    if (PEM_PRIVATE_KEY.test(key.value)) return `${key.value}\n`;
    c.error(path, 'holds a PEM block that is not a private key (-----BEGIN ... PRIVATE KEY----- to -----END ... PRIVATE KEY-----)');
    return undefined;
  }
  const decoded = decodePrivateKey(key.value);
  if (decoded.error) c.error(path, key.inline ? decoded.error : `holds neither a PEM private key nor its base64: its text ${decoded.error}`);
  return decoded.pem;
}
