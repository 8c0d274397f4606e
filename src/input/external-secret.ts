/**
 * `spec.github.externalSecret`: credentials the External Secrets Operator reads from a secret
 * manager, named by store and remote key; the output holds no credential.
 */
import { EXTERNAL_SECRET } from '../constants';
import type { ExternalSecretOptions, RemoteKey } from '../constructs/github-auth';
import { Checker, describe } from './checker';
import { Path } from '../rules/words';

export const EXTERNAL_SECRET_FIELDS = ['secretStoreRef', 'refreshInterval', 'patToken', 'githubApp'];
const REMOTE_KEY_FIELDS = ['key', 'property', 'version'];
const APP_FIELDS = ['appId', 'installationId', 'privateKey'] as const;
/** A Go duration, as ESO's `refreshInterval` takes it (`0` reads the store once). */
const GO_DURATION = /^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$/;

function remoteKey(c: Checker, v: unknown, path: Path): RemoteKey | undefined {
  const r = c.map(v, path, REMOTE_KEY_FIELDS, true);
  if (!r) return undefined;
  const key = c.string(r.key, [...path, 'key'], { required: true, what: 'the name or path of the secret in the store' });
  const property = c.string(r.property, [...path, 'property']);
  const version = c.string(r.version, [...path, 'version']);
  return key ? { key, ...(property ? { property } : {}), ...(version ? { version } : {}) } : undefined;
}

/** Reads and checks `externalSecret`; problems go to the checker. */
export function externalSecretSpec(c: Checker, v: unknown, path: Path): ExternalSecretOptions | undefined {
  const e = c.map(v, path, EXTERNAL_SECRET_FIELDS, true);
  if (!e) return undefined;
  const storePath = [...path, 'secretStoreRef'];
  const store = c.map(e.secretStoreRef, storePath, ['name', 'kind'], true) ?? {};
  const name = c.dnsSubdomain(store.name, [...storePath, 'name'], true);
  const kind = c.oneOf(store.kind, [...storePath, 'kind'], EXTERNAL_SECRET.storeKinds);
  const refreshInterval = c.string(e.refreshInterval, [...path, 'refreshInterval']);
  if (refreshInterval !== undefined && !GO_DURATION.test(refreshInterval)) {
    c.error([...path, 'refreshInterval'], `${describe(refreshInterval)} is not a duration; allowed: a Go duration such as 1h, 30m or 1h30m, or 0 to read the store once`);
  }
  const given = (['patToken', 'githubApp'] as const).filter((k) => e[k] !== undefined && e[k] !== null);
  if (given.length !== 1) c.error(path, `must set exactly one of patToken, githubApp; found ${given.length ? given.join(' and ') : 'none'}`);
  const patToken = e.patToken !== undefined && e.patToken !== null ? remoteKey(c, e.patToken, [...path, 'patToken']) : undefined;
  let githubApp: ExternalSecretOptions['githubApp'];
  if (e.githubApp !== undefined && e.githubApp !== null) {
    const appPath = [...path, 'githubApp'];
    const a = c.map(e.githubApp, appPath, APP_FIELDS, true) ?? {};
    const [appId, installationId, privateKey] = APP_FIELDS.map((k) => remoteKey(c, a[k], [...appPath, k]));
    if (appId && installationId && privateKey) githubApp = { appId, installationId, privateKey };
  }
  if (!name || (!patToken && !githubApp)) return undefined;
  return {
    secretStoreRef: { name, ...(kind ? { kind } : {}) },
    ...(refreshInterval !== undefined ? { refreshInterval } : {}),
    ...(patToken ? { patToken } : {}),
    ...(githubApp ? { githubApp } : {}),
  };
}
