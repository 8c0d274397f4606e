/**
 * The test-only sealing key pair (test/fixtures/sealing) and an unsealer written from kubeseal's
 * format, independent of the library that seals: 2-byte length, RSA-OAEP (SHA-256, label = the
 * namespace for namespace-wide scope) of a 32-byte session key, then AES-256-GCM with a zero nonce.
 */
import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', 'fixtures', 'sealing');
export const SEAL_CERT_FILE = join(DIR, 'test-only-sealing.crt');
export const SEAL_CERT = readFileSync(SEAL_CERT_FILE, 'utf8');
export const SEAL_KEY = readFileSync(join(DIR, 'test-only-sealing.key'), 'utf8');

/** The plain text of one encryptedData value. */
export function unseal(value: string, label: string, privateKey = SEAL_KEY): string {
  const buf = Buffer.from(value, 'base64');
  const n = buf.readUInt16BE(0);
  const sessionKey = privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(label) },
    buf.subarray(2, 2 + n),
  );
  const sealed = buf.subarray(2 + n);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
}
