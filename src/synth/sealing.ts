/**
 * `--seal-cert`: the sealer for a run, with the SealedSecrets of the previous output folder, whose
 * encrypted data is kept where the credentials, scope and sealing key are unchanged.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT, SEALED_SECRET } from '../constants';
import { SecretSealer } from '../constructs/secret-sealer';
import { UserError } from '../errors';

/** The SealedSecret objects in the output folder of a previous run; unreadable files are skipped (their Secrets are sealed anew). */
export function previousSealedSecrets(dir: string): unknown[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  const found: unknown[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(OUTPUT.extension)) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, f), 'utf8');
    } catch {
      continue;
    }
    if (!text.includes(`kind: ${SEALED_SECRET.kind}`)) continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors?.length) continue;
      const o = doc.toJS() as { kind?: unknown } | null;
      if (o && o.kind === SEALED_SECRET.kind) found.push(o);
    }
  }
  return found;
}

/** The sealer of `--seal-cert FILE`, reusing what `previousDir` holds (nothing when undefined). */
export function sealerFor(certFile: string, previousDir: string | undefined): SecretSealer {
  let certificate: string;
  try {
    certificate = readFileSync(certFile, 'utf8');
  } catch {
    throw new UserError(`--seal-cert ${certFile}: cannot be read; give the file \`kubeseal --fetch-cert > FILE\` wrote`);
  }
  return new SecretSealer({ certificate, source: `--seal-cert ${certFile}`, previous: previousDir === undefined ? [] : previousSealedSecrets(previousDir) });
}
