/**
 * Sealing credentials offline for Bitnami Sealed Secrets, with the cluster's sealing certificate
 * (what `kubeseal --fetch-cert` prints). The encryption is `@linode/kubeseal-encrypt`'s (kubeseal's
 * hybrid format, namespace-wide scope); this file only decides what to encrypt and when a previous
 * run's encrypted data can be kept.
 */
import type { KeyObject } from 'node:crypto';
import { OUTPUT, OWN_ANNOTATION, SEALED_SECRET } from '../constants';
import { UserError } from '../errors';

export interface SecretSealerOptions {
  /**
   * The sealing certificate, PEM: what `kubeseal --fetch-cert` prints (a PEM RSA public key works too).
   */
  readonly certificate: string;
  /**
   * Where the certificate came from, for messages.
   * @default 'the sealing certificate'
   */
  readonly source?: string;
  /**
   * Objects of a previous synthesis: `previousSealedSecrets('dist')` reads them from the folder
   * (or file) the last synthesis wrote. A SealedSecret among them with the same namespace, name and
   * fingerprint keeps its encrypted data, so that unchanged credentials give unchanged output
   * (sealing is randomized; without this, every run changes the SealedSecrets in git).
   * @default - none: every credential is encrypted anew
   */
  readonly previous?: unknown[];
}

/**
 * The SealedSecret objects of a previous synthesis, for `SecretSealerOptions.previous`: every
 * `.k8s.yaml` file of a folder (`cdk8s synth`'s `dist/`, gha-rs' output folder), or one file (what
 * `gha-rs synth -o -` wrote, saved); nothing when the path does not exist (a first run); unreadable
 * files are skipped (their Secrets are sealed anew).
 */
export function previousSealedSecrets(path: string): unknown[] {
  const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  if (!existsSync(path)) return [];
  const isDir = statSync(path).isDirectory();
  const files = isDir ? readdirSync(path).sort().filter((f) => f.endsWith(OUTPUT.extension)).map((f) => join(path, f)) : [path];
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  const found: unknown[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
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

/** One Secret to seal: where it goes and its plain-text data. */
export interface SealRequest {
  readonly namespace: string;
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
}

/** The sealed form of one request, filled in by `SecretSealer.seal()`. */
export interface Sealed {
  /** A keyed hash of the credentials, namespace, name, scope and sealing key (hex); never the credentials. */
  readonly fingerprint: string;
  /** Encrypted data by key; undefined until `seal()` has run. */
  encryptedData?: Record<string, string>;
}

type K8sObject = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown; annotations?: Record<string, unknown> }; spec?: { encryptedData?: unknown } };

/**
 * Seals the credentials Secrets of scale sets: pass it to `SecretsOutput.sealed(sealer)`, then
 * call `await sealer.seal()` once every scale set is constructed and before synthesis.
 *
 * The scope is namespace-wide (the SealedSecret carries the
 * `sealedsecrets.bitnami.com/namespace-wide: "true"` annotation): the library used offers only
 * that scope. The sealed data can be used for a Secret of any name in its namespace.
 */
export class SecretSealer {
  /** SHA-256 of the sealing public key (SPKI DER), hex. */
  public readonly keyFingerprint: string;
  private readonly publicKeyPem: string;
  private readonly previous: unknown[];
  private readonly pending: { request: SealRequest; sealed: Sealed }[] = [];

  public constructor(options: SecretSealerOptions) {
    const key = publicKeyOf(options.certificate, options.source ?? 'the sealing certificate');
    const crypto = require('node:crypto') as typeof import('node:crypto');
    const der = key.export({ type: 'spki', format: 'der' });
    this.keyFingerprint = crypto.createHash('sha256').update(der).digest('hex');
    this.publicKeyPem = String(key.export({ type: 'spki', format: 'pem' }));
    this.previous = options.previous ?? [];
  }

  /**
   * Registers a Secret to seal; the result is filled in by `seal()`.
   * @internal (called by the credentials construct)
   */
  public _add(request: SealRequest): Sealed {
    const sealed: Sealed = { fingerprint: this.fingerprint(request) };
    this.pending.push({ request, sealed });
    return sealed;
  }

  /** Encrypts every registered Secret not sealed yet, keeping a previous run's data where the fingerprint matches. */
  public async seal(): Promise<void> {
    const { encryptSecretItem } = require('@linode/kubeseal-encrypt') as typeof import('@linode/kubeseal-encrypt');
    for (const { request, sealed } of this.pending.splice(0)) {
      const keys = Object.keys(request.data).sort();
      const reused = this.previousData(request, sealed.fingerprint, keys);
      if (reused) {
        sealed.encryptedData = reused;
        continue;
      }
      const out: Record<string, string> = {};
      for (const k of keys) out[k] = await encryptSecretItem(this.publicKeyPem, request.namespace, request.data[k]);
      sealed.encryptedData = out;
    }
  }

  /**
   * HMAC-SHA256 keyed with the credentials themselves, over the namespace, name, scope and the
   * sealing key's fingerprint. Keyed with the secret rather than hashing it next to public values:
   * the output then says nothing about the credentials to anyone who does not hold all of them
   * (a GitHub App's private key is part of the key, so its short, guessable IDs cannot be tested
   * one by one), while the same credentials, scope and key always give the same fingerprint.
   */
  private fingerprint(r: SealRequest): string {
    const crypto = require('node:crypto') as typeof import('node:crypto');
    const key = JSON.stringify(Object.keys(r.data).sort().map((k) => [k, r.data[k]]));
    return crypto.createHmac('sha256', key)
      .update(JSON.stringify([r.namespace, r.name, SEALED_SECRET.namespaceWideAnnotation, this.keyFingerprint]))
      .digest('hex');
  }

  /** The encrypted data of a previous SealedSecret for the same object and fingerprint, with exactly these keys. */
  private previousData(r: SealRequest, fingerprint: string, keys: readonly string[]): Record<string, string> | undefined {
    for (const raw of this.previous) {
      const o = raw as K8sObject;
      if (!o || o.apiVersion !== SEALED_SECRET.apiVersion || o.kind !== SEALED_SECRET.kind) continue;
      if (o.metadata?.namespace !== r.namespace || o.metadata?.name !== r.name) continue;
      if (o.metadata?.annotations?.[OWN_ANNOTATION.sealedFingerprint] !== fingerprint) continue;
      const data = o.spec?.encryptedData as Record<string, unknown> | undefined;
      if (!data || typeof data !== 'object') continue;
      const found = Object.keys(data).sort();
      if (found.join('\n') !== keys.join('\n') || !found.every((k) => typeof data[k] === 'string' && data[k])) continue;
      return Object.fromEntries(keys.map((k) => [k, data[k] as string]));
    }
    return undefined;
  }
}

/** The RSA public key of a PEM certificate or public key; a UserError naming `source` otherwise. */
function publicKeyOf(pem: string, source: string): KeyObject {
  const crypto = require('node:crypto') as typeof import('node:crypto');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new UserError(`${source}: holds a private key; give the certificate \`kubeseal --fetch-cert\` prints (sealing needs only the public key: keep the private key out of this tool)`);
  }
  let key: KeyObject;
  try {
    key = /-----BEGIN CERTIFICATE-----/.test(pem) ? new crypto.X509Certificate(pem).publicKey : crypto.createPublicKey(pem);
  } catch {
    throw new UserError(`${source}: is not a PEM certificate or public key; give the certificate \`kubeseal --fetch-cert\` prints`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new UserError(`${source}: holds a ${key.asymmetricKeyType ?? 'non-RSA'} key; Sealed Secrets seals with RSA, give the certificate \`kubeseal --fetch-cert\` prints`);
  }
  return key;
}
