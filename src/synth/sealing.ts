/**
 * `--seal-cert`: the sealer for a run, with the SealedSecrets of the previous output folder, whose
 * encrypted data is kept where the credentials, scope and sealing key are unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SecretSealer, previousSealedSecrets } from '../constructs/secret-sealer';
import { UserError } from '../errors';

/**
 * The sealer of `--seal-cert FILE`, reusing what `previous` holds: the output folder (may not exist
 * yet), or what `--previous` names (must exist); nothing when undefined.
 */
export function sealerFor(certFile: string, previous: { path: string; given: boolean } | undefined): SecretSealer {
  let certificate: string;
  try {
    certificate = readFileSync(certFile, 'utf8');
  } catch {
    throw new UserError(`--seal-cert ${certFile}: cannot be read; give the file \`kubeseal --fetch-cert > FILE\` wrote`);
  }
  if (previous?.given && !existsSync(previous.path)) {
    throw new UserError(`--previous ${previous.path}: does not exist; give the folder or file a previous run wrote (none on a first run)`);
  }
  return new SecretSealer({ certificate, source: `--seal-cert ${certFile}`, previous: previous === undefined ? [] : previousSealedSecrets(previous.path) });
}
