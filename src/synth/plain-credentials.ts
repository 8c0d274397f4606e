/**
 * Secrets that carry GitHub credentials in plain text (base64 is an encoding, not a protection),
 * other objects with a credential written into one of their fields (a token as an env value or an
 * annotation), and the warning given wherever such a file is finally written. The warning is not
 * a spec warning: `-q` does not hide it; writing the credential elsewhere is what silences it.
 */
import { SECRET_KEY } from '../constants';
import { holdsWholeCredential } from '../rules/redact';
import type { OutputFile } from './output';

/** Keys whose values are credentials (an App ID alone is not). */
const CREDENTIAL_KEYS: readonly string[] = [SECRET_KEY.token, SECRET_KEY.privateKey];

interface SecretLike {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly data?: Record<string, unknown>;
  readonly stringData?: Record<string, unknown>;
}

/** `namespace/name` of each plain Secret among `objects` holding a GitHub token or App private key. */
export function plainCredentialSecrets(objects: readonly unknown[]): string[] {
  return (objects as SecretLike[])
    .filter((o) => o?.kind === 'Secret' && [o.data, o.stringData].some((d) => d && CREDENTIAL_KEYS.some((k) => d[k])))
    .map((o) => `${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`);
}

/** Kinds whose content is not read: Secrets (above), sealed data, and ARC's CRDs (schema text). */
const UNREAD_KINDS: ReadonlySet<string> = new Set(['Secret', 'SealedSecret', 'CustomResourceDefinition']);

/**
 * Each place (`Kind namespace/name at field.path`) where an object among `objects` other than a
 * Secret holds a GitHub token, a PEM block or its base64, in a value or a key. `credentialField`
 * names the fields meant to hold one (a spec's `spec.github.patToken`), which are not read.
 */
export function plainCredentialFields(objects: readonly unknown[], credentialField: (path: string) => boolean = () => false): string[] {
  const places: string[] = [];
  for (const o of objects as SecretLike[]) {
    if (!o || typeof o !== 'object' || UNREAD_KINDS.has(o.kind ?? '')) continue;
    const what = `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
    visit(o, '', (path) => places.push(`${what} at ${path}`), credentialField);
  }
  return places;
}

function visit(v: unknown, path: string, found: (path: string) => void, skip: (path: string) => boolean): void {
  if (typeof v === 'string') {
    if (holdsWholeCredential(v)) found(path);
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => visit(item, `${path}[${i}]`, found, skip));
  } else if (v && typeof v === 'object') {
    for (const [key, item] of Object.entries(v)) {
      const at = path ? `${path}.${key}` : key;
      if (skip(at)) continue;
      if (holdsWholeCredential(key)) found(at);
      visit(item, at, found, skip);
    }
  }
}

/** How many places a warning names before "and N more". */
const PLACES_NAMED = 2;

/**
 * One warning line per file of `files` that holds such a Secret; `where` names the file as
 * written (a path in the output folder, or standard output).
 */
export function plainCredentialWarnings(files: readonly OutputFile[], where: (file: string) => string): string[] {
  return files.flatMap((f) => {
    const lines: string[] = [];
    const secrets = f.plainCredentials ?? [];
    if (secrets.length) {
      lines.push(`warning: ${where(f.name)}: Secret${secrets.length > 1 ? 's' : ''} ${secrets.join(', ')} ${secrets.length > 1 ? 'hold' : 'holds'} GitHub credentials in plain text (base64); `
        + 'do not commit this file: keep the output folder out of git, write the Secrets elsewhere with --secrets-dir or sealed with --seal-cert, '
        + 'or use existingSecretName or externalSecret (githubConfigSecret: NAME in Helm values)');
    }
    const places = f.plainCredentialFields ?? [];
    if (places.length) lines.push(plainCredentialFieldsWarning(where(f.name), places));
    return lines;
  });
}

/** The warning about `places` (see `plainCredentialFields`) written to `where`: synth's output files, convert's standard output. */
export function plainCredentialFieldsWarning(where: string, places: readonly string[]): string {
  const more = places.length - PLACES_NAMED;
  return `warning: ${where}: what looks like a GitHub credential is written in plain text in ${places.slice(0, PLACES_NAMED).join(', ')}${more > 0 ? ` (and ${more} more)` : ''}; `
    + 'do not commit this file: give a credential to pods through a Secret (env valueFrom.secretKeyRef), never as a value';
}
