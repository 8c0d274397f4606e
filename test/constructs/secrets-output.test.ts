/** Where the credentials go from the construct: plain, in another scope, sealed, or as an ExternalSecret. */
import { Chart, Testing } from 'cdk8s';
import { GhaRunnerScaleSet, GhaRunnerScaleSetProps, GitHubAuth, SecretSealer, SecretsOutput, previousSealedSecrets } from '../../src';
import { App } from 'cdk8s';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/temp';
import { schemaErrors } from '../support/schema';
import { SEAL_CERT, SEAL_KEY, unseal } from '../support/sealing';

type Obj = { apiVersion: string; kind: string; metadata: any; [k: string]: any };

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAzq\n-----END RSA PRIVATE KEY-----\n';
const APP = GitHubAuth.app({ appId: '918273', installationId: '564738', privateKey: PEM });

function scaleSet(chart: Chart, props: Partial<GhaRunnerScaleSetProps> = {}, id = 'runners') {
  return new GhaRunnerScaleSet(chart, id, {
    namespace: 'ci', githubConfigUrl: 'https://github.com/acme', auth: GitHubAuth.personalAccessToken('ghp_construct'), ...props,
  });
}

const objectsOf = (chart: Chart) => Testing.synth(chart) as Obj[];
const kinds = (objects: Obj[]) => objects.map((o) => o.kind);

describe('GitHubAuth.externalSecret', () => {
  test('a PAT: an ExternalSecret making the Secret ARC reads, no Secret and no cleanup annotation for it', () => {
    const chart = Testing.chart();
    scaleSet(chart, { auth: GitHubAuth.externalSecret({ secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, patToken: { key: 'ci/github', property: 'token' } }) });
    const objects = objectsOf(chart);
    expect(kinds(objects)).not.toContain('Secret');
    const es = objects.find((o) => o.kind === 'ExternalSecret')!;
    expect(es).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: expect.objectContaining({ name: 'runners-gha-rs-github-secret', namespace: 'ci' }),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
        target: { name: 'runners-gha-rs-github-secret', creationPolicy: 'Owner' },
        data: [{ secretKey: 'github_token', remoteRef: { key: 'ci/github', property: 'token' } }],
      },
    });
    expect(es.metadata.finalizers).toBeUndefined();
    expect(es.metadata.labels['app.kubernetes.io/part-of']).toBe('gha-rs');
    const ars = objects.find((o) => o.kind === 'AutoscalingRunnerSet')!;
    expect(ars.spec.githubConfigSecret).toBe('runners-gha-rs-github-secret');
    expect(ars.metadata.annotations['actions.github.com/cleanup-github-secret-name']).toBeUndefined();
    expect(schemaErrors(es as any)).toEqual([]);
    // the schema check (ExternalSecret's CRD, test/fixtures/third-party-crds/) refuses what the API server would
    expect(schemaErrors({ ...es, spec: { ...es.spec, secretStoreRef: { name: 'vault', kind: 'Vault' } } } as any)).toEqual([
      'ExternalSecret/runners-gha-rs-github-secret/spec/secretStoreRef/kind must be equal to one of the allowed values',
    ]);
    expect(schemaErrors({ ...es, spec: { ...es.spec, refreshIntervall: '1h' } } as any)).toEqual([
      'ExternalSecret/runners-gha-rs-github-secret/spec must NOT have additional properties refreshIntervall',
    ]);
    expect(schemaErrors({ ...es, spec: { ...es.spec, data: [{ secretKey: 'github_token', remoteRef: { key: 'ci/github', propertee: 'token' } }] } } as any)).toEqual([
      'ExternalSecret/runners-gha-rs-github-secret/spec/data/0/remoteRef must NOT have additional properties propertee',
    ]);
    // an older API version of the kind is checked against its own schema
    expect(schemaErrors({ ...es, apiVersion: 'external-secrets.io/v1beta1' } as any)).toEqual([]);
  });

  test('a GitHub App: the three keys ARC expects, in its order; a SecretStore by default', () => {
    const chart = Testing.chart();
    scaleSet(chart, {
      auth: GitHubAuth.externalSecret({
        secretStoreRef: { name: 'aws' },
        refreshInterval: '15m',
        githubApp: { appId: { key: 'gh-app', property: 'id' }, installationId: { key: 'gh-app', property: 'installation' }, privateKey: { key: 'gh-app-key', version: '3' } },
      }),
    });
    const es = objectsOf(chart).find((o) => o.kind === 'ExternalSecret')!;
    expect(es.spec.secretStoreRef).toEqual({ name: 'aws', kind: 'SecretStore' });
    expect(es.spec.refreshInterval).toBe('15m');
    expect(es.spec.data).toEqual([
      { secretKey: 'github_app_id', remoteRef: { key: 'gh-app', property: 'id' } },
      { secretKey: 'github_app_installation_id', remoteRef: { key: 'gh-app', property: 'installation' } },
      { secretKey: 'github_app_private_key', remoteRef: { key: 'gh-app-key', version: '3' } },
    ]);
    expect(schemaErrors(es as any)).toEqual([]);
  });

  test('incomplete options fail synthesis with every problem', () => {
    const chart = Testing.chart();
    scaleSet(chart, { auth: GitHubAuth.externalSecret({ secretStoreRef: { name: '', kind: 'Vault' as any } }) });
    expect(() => Testing.synth(chart)).toThrow(/externalSecret: secretStoreRef.name is required[\s\S]*externalSecret: secretStoreRef.kind "Vault" is not allowed; allowed: SecretStore, ClusterSecretStore[\s\S]*externalSecret: set exactly one of patToken and githubApp/);
  });
});

describe('SecretsOutput', () => {
  test('inline (the default) writes the Secret as the chart does', () => {
    const chart = Testing.chart();
    scaleSet(chart, { secretsOutput: SecretsOutput.inline() });
    const secret = objectsOf(chart).find((o) => o.kind === 'Secret')!;
    expect(Buffer.from(secret.data.github_token, 'base64').toString()).toBe('ghp_construct');
  });

  test('separate(scope) creates the Secret in the other chart only, one per scale set', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'main');
    const secrets = new Chart(app, 'secrets');
    scaleSet(chart, { secretsOutput: SecretsOutput.separate(secrets) }, 'a');
    scaleSet(chart, { secretsOutput: SecretsOutput.separate(secrets), auth: APP }, 'b');
    expect(kinds(objectsOf(chart))).not.toContain('Secret');
    const moved = objectsOf(secrets);
    expect(moved.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['Secret ci/a-gha-rs-github-secret', 'Secret ci/b-gha-rs-github-secret']);
    expect(moved[0].metadata.finalizers).toEqual(['actions.github.com/cleanup-protection']);
    const ars = objectsOf(chart).find((o) => o.kind === 'AutoscalingRunnerSet' && o.metadata.name === 'a')!;
    expect(ars.metadata.annotations['actions.github.com/cleanup-github-secret-name']).toBe('a-gha-rs-github-secret');
  });

  test('sealed: a namespace-wide SealedSecret whose data unseals to the credentials with the private key', async () => {
    const chart = Testing.chart();
    const sealer = new SecretSealer({ certificate: SEAL_CERT });
    scaleSet(chart, { auth: APP, secretsOutput: SecretsOutput.sealed(sealer), resourceMeta: { githubConfigSecret: { annotations: { team: 'ci' } } } });
    await sealer.seal();
    const objects = objectsOf(chart);
    expect(kinds(objects)).not.toContain('Secret');
    const ss = objects.find((o) => o.kind === 'SealedSecret')!;
    expect(ss.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(ss.metadata.name).toBe('runners-gha-rs-github-secret');
    expect(ss.metadata.finalizers).toBeUndefined();
    expect(ss.metadata.annotations['sealedsecrets.bitnami.com/namespace-wide']).toBe('true');
    expect(ss.metadata.annotations.team).toBe('ci');
    expect(ss.metadata.annotations['gha-rs/sealed-fingerprint']).toMatch(/^[0-9a-f]{64}$/);
    expect(ss.spec.template.metadata).toEqual(expect.objectContaining({
      name: 'runners-gha-rs-github-secret', namespace: 'ci', finalizers: ['actions.github.com/cleanup-protection'], annotations: { team: 'ci' },
    }));
    const data = ss.spec.encryptedData;
    expect(Object.keys(data)).toEqual(['github_app_id', 'github_app_installation_id', 'github_app_private_key']);
    expect(unseal(data.github_app_id, 'ci')).toBe('918273');
    expect(unseal(data.github_app_installation_id, 'ci')).toBe('564738');
    expect(unseal(data.github_app_private_key, 'ci')).toBe(PEM);
    // namespace-wide: the label is the namespace alone, so another label does not open it
    expect(() => unseal(data.github_app_id, 'ci/runners-gha-rs-github-secret')).toThrow();
    expect(JSON.stringify(objects)).not.toContain('918273');
    expect(schemaErrors(ss as any)).toEqual([]);
    // the schema check (SealedSecret's CRD, test/fixtures/third-party-crds/) refuses what the API server would
    expect(schemaErrors({ ...ss, spec: { template: ss.spec.template } } as any)).toEqual([
      "SealedSecret/runners-gha-rs-github-secret/spec must have required property 'encryptedData'",
    ]);
    expect(schemaErrors({ ...ss, spec: { ...ss.spec, encryptedDat: {} } } as any)).toEqual([
      'SealedSecret/runners-gha-rs-github-secret/spec must NOT have additional properties encryptedDat',
    ]);
    expect(SEAL_KEY).toContain('PRIVATE KEY');
  });

  test('sealed into another scope: the SealedSecret is there, nothing holding credentials in the scale set\'s chart', async () => {
    const app = Testing.app();
    const chart = new Chart(app, 'main');
    const sealedChart = new Chart(app, 'sealed');
    const sealer = new SecretSealer({ certificate: SEAL_CERT });
    scaleSet(chart, { secretsOutput: SecretsOutput.sealed(sealer, sealedChart) });
    await sealer.seal();
    expect(kinds(objectsOf(chart))).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'AutoscalingRunnerSet']);
    const [ss] = objectsOf(sealedChart);
    expect([ss.kind, ss.metadata.name]).toEqual(['SealedSecret', 'runners-gha-rs-github-secret']);
    expect(unseal(ss.spec.encryptedData.github_token, 'ci')).toBe('ghp_construct');
  });

  test('sealed, but not sealed before synthesis: a validation error says what to call', () => {
    const chart = Testing.chart();
    scaleSet(chart, { secretsOutput: SecretsOutput.sealed(new SecretSealer({ certificate: SEAL_CERT })) });
    expect(() => Testing.synth(chart)).toThrow('the credentials of Secret ci/runners-gha-rs-github-secret are not sealed yet: call `await sealer.seal()` before synthesis');
  });

  test('existingSecret and externalSecret are not affected by the output', () => {
    const chart = Testing.chart();
    const secrets = Testing.chart();
    scaleSet(chart, { auth: GitHubAuth.existingSecret('gh'), secretsOutput: SecretsOutput.separate(secrets) });
    expect(objectsOf(secrets)).toEqual([]);
    expect(kinds(objectsOf(chart))).not.toContain('Secret');
  });
});

describe('SecretSealer', () => {
  async function sealOnce(options: { token?: string; namespace?: string; previous?: unknown[]; certificate?: string } = {}) {
    const chart = Testing.chart();
    const sealer = new SecretSealer({ certificate: options.certificate ?? SEAL_CERT, previous: options.previous });
    scaleSet(chart, { namespace: options.namespace ?? 'ci', auth: GitHubAuth.personalAccessToken(options.token ?? 'ghp_one'), secretsOutput: SecretsOutput.sealed(sealer) });
    await sealer.seal();
    return objectsOf(chart).find((o) => o.kind === 'SealedSecret')!;
  }

  test('an app that passes previousSealedSecrets(its dist folder) writes the same bytes run after run', async () => {
    const outdir = tempDir();
    /** One run of a cdk8s app, as `cdk8s synth` runs it: a new App writing to outdir. */
    async function appRun(token: string): Promise<Record<string, string>> {
      const app = new App({ outdir });
      const chart = new Chart(app, 'runners');
      const sealer = new SecretSealer({ certificate: SEAL_CERT, previous: previousSealedSecrets(outdir) });
      scaleSet(chart, { auth: GitHubAuth.personalAccessToken(token), secretsOutput: SecretsOutput.sealed(sealer) });
      await sealer.seal();
      app.synth();
      return Object.fromEntries(readdirSync(outdir).map((f) => [f, readFileSync(join(outdir, f), 'utf8')]));
    }
    expect(previousSealedSecrets(join(outdir, 'missing'))).toEqual([]);
    const first = await appRun('ghp_one');
    expect(Object.values(first).join('')).toContain('kind: SealedSecret');
    expect(await appRun('ghp_one')).toEqual(first);
    const rotated = await appRun('ghp_two');
    expect(rotated).not.toEqual(first);
    expect(await appRun('ghp_two')).toEqual(rotated);
  });

  test('keeps the previous encrypted data while credentials, scope and key are unchanged', async () => {
    const first = await sealOnce();
    const fresh = await sealOnce();
    expect(fresh.spec.encryptedData.github_token).not.toBe(first.spec.encryptedData.github_token); // randomized
    expect(fresh.metadata.annotations['gha-rs/sealed-fingerprint']).toBe(first.metadata.annotations['gha-rs/sealed-fingerprint']);
    const again = await sealOnce({ previous: [first] });
    expect(again).toEqual(first);
  });

  test('a new token, namespace or key seals anew', async () => {
    const first = await sealOnce();
    const rotated = await sealOnce({ token: 'ghp_two', previous: [first] });
    expect(rotated.metadata.annotations['gha-rs/sealed-fingerprint']).not.toBe(first.metadata.annotations['gha-rs/sealed-fingerprint']);
    expect(rotated.spec.encryptedData.github_token).not.toBe(first.spec.encryptedData.github_token);
    expect(unseal(rotated.spec.encryptedData.github_token, 'ci')).toBe('ghp_two');
    const moved = await sealOnce({ namespace: 'other', previous: [{ ...first, metadata: { ...first.metadata, namespace: 'other' } }] });
    expect(unseal(moved.spec.encryptedData.github_token, 'other')).toBe('ghp_one');
    const { publicKey } = require('node:crypto').generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rekeyed = await sealOnce({ certificate: publicKey.export({ type: 'spki', format: 'pem' }), previous: [first] });
    expect(rekeyed.spec.encryptedData.github_token).not.toBe(first.spec.encryptedData.github_token);
  });

  test('the fingerprint is a keyed hash: it does not contain or equal a plain hash of the credential', async () => {
    const ss = await sealOnce();
    const fp = ss.metadata.annotations['gha-rs/sealed-fingerprint'];
    const { createHash } = require('node:crypto');
    expect(fp).not.toBe(createHash('sha256').update('ghp_one').digest('hex'));
    expect(JSON.stringify(ss)).not.toContain('ghp_one');
    expect(JSON.stringify(ss)).not.toContain(Buffer.from('ghp_one').toString('base64'));
  });

  test.each([
    ['not PEM', 'hello', 'cert.pem: is not a PEM certificate or public key; give the certificate `kubeseal --fetch-cert` prints'],
    ['a private key', SEAL_KEY, 'cert.pem: holds a private key; give the certificate `kubeseal --fetch-cert` prints (sealing needs only the public key: keep the private key out of this tool)'],
  ])('rejects %s', (_what, certificate, message) => {
    expect(() => new SecretSealer({ certificate, source: 'cert.pem' })).toThrow(message);
  });

  test('rejects a key that is not RSA', () => {
    const { publicKey } = require('node:crypto').generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() => new SecretSealer({ certificate: publicKey.export({ type: 'spki', format: 'pem' }), source: 'cert.pem' }))
      .toThrow('cert.pem: holds a ec key; Sealed Secrets seals with RSA, give the certificate `kubeseal --fetch-cert` prints');
  });
});
