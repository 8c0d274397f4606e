/** `spec.github.externalSecret`: read, checked with exact messages, and turned into the construct's auth. */
import { specToProps } from '../../src/input/to-props';
import { load, problemsOf, specDoc, warningsOf } from '../support/specs';

const strip = (lines: string[]) => lines.map((l) => l.replace(/ \(line \d+\)$/, ''));
const github = (externalSecret: unknown) => ({ github: { configUrl: 'https://github.com/acme', externalSecret } });

describe('spec.github.externalSecret', () => {
  test('a PAT in a ClusterSecretStore', () => {
    const { specs, warnings } = load([specDoc(github({ secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, refreshInterval: '30m', patToken: { key: 'ci/github', property: 'token' } }))]);
    expect(specs[0].spec.github.externalSecret).toEqual({
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, refreshInterval: '30m', patToken: { key: 'ci/github', property: 'token' },
    });
    const auth = specToProps(specs[0].spec).auth;
    expect([auth.kind, auth.secretValues, auth.externalSecretOptions?.patToken]).toEqual(['external-secret', undefined, { key: 'ci/github', property: 'token' }]);
    expect(warnings.map((w) => w.message)).not.toContainEqual(expect.stringContaining('plain text'));
  });

  test('a GitHub App, store kind defaulted', () => {
    const { specs } = load([specDoc(github({
      secretStoreRef: { name: 'aws' },
      githubApp: { appId: { key: 'app', property: 'id' }, installationId: { key: 'app', property: 'inst' }, privateKey: { key: 'app-key', version: 'v2' } },
    }))]);
    expect(specs[0].spec.github.externalSecret).toEqual({
      secretStoreRef: { name: 'aws' },
      githubApp: { appId: { key: 'app', property: 'id' }, installationId: { key: 'app', property: 'inst' }, privateKey: { key: 'app-key', version: 'v2' } },
    });
  });

  test('every problem at once, with field paths', () => {
    expect(strip(problemsOf([specDoc(github({ secretStoreRef: { kind: 'Vault' }, refreshInterval: 'hourly', patToken: { property: 'token' }, githubApp: { appId: { key: 'a' } }, extra: 1 }))]))).toEqual([
      'F: spec.github.externalSecret: must set exactly one of patToken, githubApp; found patToken and githubApp',
      'F: spec.github.externalSecret.secretStoreRef.name: is required (a Kubernetes object name)',
      'F: spec.github.externalSecret.secretStoreRef.kind: "Vault" is not allowed; allowed: SecretStore, ClusterSecretStore',
      'F: spec.github.externalSecret.refreshInterval: "hourly" is not a duration; allowed: a Go duration such as 1h, 30m or 1h30m, or 0 to read the store once',
      'F: spec.github.externalSecret.patToken.key: is required (the name or path of the secret in the store)',
      'F: spec.github.externalSecret.githubApp.installationId: is required (a map)',
      'F: spec.github.externalSecret.githubApp.privateKey: is required (a map)',
      'F: spec.github.externalSecret.extra: unknown field; allowed: secretStoreRef, refreshInterval, patToken, githubApp',
    ]);
  });

  test('a store kind with a near miss gets a suggestion; neither method is named', () => {
    expect(strip(problemsOf([specDoc(github({ secretStoreRef: { name: 'v', kind: 'ClusterSecretstore' } }))]))).toEqual([
      'F: spec.github.externalSecret: must set exactly one of patToken, githubApp; found none',
      'F: spec.github.externalSecret.secretStoreRef.kind: "ClusterSecretstore" is not allowed (did you mean "ClusterSecretStore"?); allowed: SecretStore, ClusterSecretStore',
    ]);
  });

  test('is one of the four methods', () => {
    expect(strip(problemsOf([specDoc({ github: { configUrl: 'https://github.com/acme', existingSecretName: 'gh', externalSecret: { secretStoreRef: { name: 'v' }, patToken: { key: 'k' } } } })]))).toEqual([
      'F: spec.github: must set exactly one of patToken, githubApp, existingSecretName, externalSecret; found existingSecretName and externalSecret',
    ]);
  });

  test('no plain-text warning for it', () => {
    expect(strip(warningsOf([specDoc(github({ secretStoreRef: { name: 'v' }, patToken: { key: 'k' } }))]))).toEqual([]);
  });
});
