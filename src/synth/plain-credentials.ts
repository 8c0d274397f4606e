/**
 * Secrets that carry GitHub credentials in plain text (base64 is an encoding, not a protection),
 * and the warning given wherever such a Secret is finally written. The warning is not a spec
 * warning: `-q` does not hide it; writing the credential elsewhere is what silences it.
 */
import { SECRET_KEY } from '../constants';
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

/**
 * One warning line per file of `files` that holds such a Secret; `where` names the file as
 * written (a path in the output folder, or standard output).
 */
export function plainCredentialWarnings(files: readonly OutputFile[], where: (file: string) => string): string[] {
  return files.filter((f) => f.plainCredentials?.length).map((f) => {
    const secrets = f.plainCredentials!;
    return `warning: ${where(f.name)}: Secret${secrets.length > 1 ? 's' : ''} ${secrets.join(', ')} ${secrets.length > 1 ? 'hold' : 'holds'} GitHub credentials in plain text (base64); `
      + 'do not commit this file: keep the output folder out of git, write the Secrets elsewhere with --secrets-dir or sealed with --seal-cert, '
      + 'or use existingSecretName or externalSecret (githubConfigSecret: NAME in Helm values)';
  });
}
