/**
 * `gha-rs synth --secrets-dir` and `--seal-cert`, as users run them: no credential byte under the
 * output folder, sealed values that unseal with the private key, unchanged bytes run after run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../support/compare';
import { schemaErrors } from '../support/schema';
import { SEAL_CERT_FILE, SEAL_KEY, unseal } from '../support/sealing';
import { specDoc, writeSpec } from '../support/specs';
import { tempDir } from '../support/temp';

const BIN = join(__dirname, '..', '..', 'bin', 'gha-rs.js');
const dir = tempDir;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file under `d`, recursively, with its bytes (gha-rs' own bookkeeping files aside). */
function files(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(d, { recursive: true }) as string[]) {
    const p = join(d, f);
    if (statSync(p).isFile() && !f.startsWith('.')) out[f] = readFileSync(p, 'utf8');
  }
  return out;
}

const TOKEN = 'ghp_R4nd0mT0kenValue1234567890abcdefXYZ';
const APP_ID = '918273';
const INSTALLATION_ID = '564738';
const { privateKey: APP_KEY } = require('node:crypto').generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** The credentials of both specs in every form that could leak: raw, base64, and each line of the key's body. */
const FORBIDDEN = [TOKEN, APP_ID, INSTALLATION_ID, APP_KEY as string, ...(APP_KEY as string).split('\n').filter((l) => l && !l.startsWith('-----'))]
  .flatMap((v) => [v, b64(v)]);

function specs(token = TOKEN): string {
  const d = dir();
  writeSpec([specDoc({ github: { configUrl: 'https://github.com/acme', patToken: { token } } }, 'pat')], 'pat.yaml', d);
  writeSpec([specDoc({
    namespace: 'apps',
    github: { configUrl: 'https://github.com/acme', githubApp: { appId: Number(APP_ID), installationId: INSTALLATION_ID, privateKeyBase64: b64(APP_KEY) } },
  }, 'app')], 'app.yaml', d);
  return d;
}

function expectNoCredential(d: string): void {
  const all = Object.values(files(d)).join('\n');
  for (const f of FORBIDDEN) expect(all.includes(f) ? f : '').toBe('');
}

describe('--secrets-dir', () => {
  test('credentials Secrets go to their own folder, none to the output folder', () => {
    const d = dir();
    const [out, secrets] = [join(d, 'dist'), join(d, 'secrets')];
    const r = run('synth', '-q', '-f', specs(), '-o', out, '--secrets-dir', secrets);
    expect(r.err).toBe('');
    expect(r.out).toBe(`2 scale sets written to ${out} (2 files; credentials Secrets written to ${secrets} (2 files))\n`);
    expectNoCredential(out);
    expect(Object.keys(files(secrets)).sort()).toEqual(['github-secret.apps.app.k8s.yaml', 'github-secret.ci.pat.k8s.yaml']);
    // readable by their owner only, whatever the umask: they hold the credentials in plain text
    for (const f of Object.keys(files(secrets))) expect(statSync(join(secrets, f)).mode & 0o777).toBe(0o600);
    const [pat] = parseYaml(files(secrets)['github-secret.ci.pat.k8s.yaml']);
    expect([pat.kind, pat.metadata.name, Buffer.from(pat.data.github_token, 'base64').toString()]).toEqual(['Secret', 'pat-gha-rs-github-secret', TOKEN]);
    const ars = parseYaml(files(out)['scale-set.ci.pat.k8s.yaml']).find((o) => o.kind === 'AutoscalingRunnerSet')!;
    expect(ars.spec.githubConfigSecret).toBe('pat-gha-rs-github-secret');
  });

  test('a secrets folder inside the output folder, or holding foreign files, is refused and nothing is written', () => {
    const d = dir();
    const out = join(d, 'dist');
    const inside = run('synth', '-f', specs(), '-o', out, '--secrets-dir', join(out, 'secrets'));
    expect(inside.code).toBe(2);
    expect(inside.err).toBe(`error: ${join(out, 'secrets')}: is inside ${out}; each output folder is replaced as a whole, so they must be apart\n`);
    // the same through a symlink: seen as the same folder (it was taken for another run holding the lock)
    const e = dir();
    const real = join(e, 'dist');
    mkdirSync(real);
    symlinkSync(real, join(e, 'link'));
    const linked = run('synth', '-f', specs(), '-o', real, '--secrets-dir', join(e, 'link'));
    expect(linked.code).toBe(2);
    expect(linked.err).toBe(`error: ${join(e, 'link')}: is the same folder as ${real}; each output folder is replaced as a whole, so they must be apart\n`);
    const linkedInside = run('synth', '-f', specs(), '-o', join(e, 'link'), '--secrets-dir', join(real, 'sub'));
    expect(linkedInside.err).toBe(`error: ${join(real, 'sub')}: is inside ${join(e, 'link')}; each output folder is replaced as a whole, so they must be apart\n`);
    expect(readdirSync(real)).toEqual([]);
    const foreign = dir();
    writeFileSync(join(foreign, 'notes.txt'), 'mine\n');
    const r = run('synth', '-f', specs(), '-o', out, '--secrets-dir', foreign);
    expect(r.code).toBe(1);
    expect(r.err).toContain('holds files gha-rs did not write (notes.txt)');
    expect(readdirSync(d)).toEqual([]);
  });

  test('works with --helm-values too', () => {
    const d = dir();
    const values = join(d, 'values.yaml');
    writeFileSync(values, `githubConfigUrl: https://github.com/acme\ngithubConfigSecret:\n  github_token: ${TOKEN}\ncontrollerServiceAccount:\n  namespace: arc-systems\n  name: arc-gha-rs-controller\n`);
    const r = run('synth', '--helm-values', values, '--release', 'rel', '--namespace', 'ci', '-o', join(d, 'dist'), '--secrets-dir', join(d, 'secrets'));
    expect(r.code).toBe(0);
    expectNoCredential(join(d, 'dist'));
    expect(Object.keys(files(join(d, 'secrets')))).toEqual(['github-secret.ci.rel.k8s.yaml']);
  });
});

describe('--seal-cert', () => {
  test('SealedSecrets in the output folder; each value unseals to the credential; no credential byte anywhere', () => {
    const out = join(dir(), 'dist');
    const r = run('synth', '-q', '-f', specs(), '-o', out, '--seal-cert', SEAL_CERT_FILE);
    expect(r.err).toBe('');
    expect(r.out).toBe(`2 scale sets written to ${out} (2 files; credentials sealed)\n`);
    expectNoCredential(out);
    const objects = Object.values(files(out)).flatMap(parseYaml);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const sealed = objects.filter((o) => o.kind === 'SealedSecret');
    expect(sealed.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['apps/app-gha-rs-github-secret', 'ci/pat-gha-rs-github-secret']);
    const [app, pat] = sealed;
    expect(unseal(pat.spec.encryptedData.github_token, 'ci', SEAL_KEY)).toBe(TOKEN);
    expect(unseal(app.spec.encryptedData.github_app_id, 'apps')).toBe(APP_ID);
    expect(unseal(app.spec.encryptedData.github_app_installation_id, 'apps')).toBe(INSTALLATION_ID);
    expect(unseal(app.spec.encryptedData.github_app_private_key, 'apps')).toBe(APP_KEY);
    for (const o of sealed) expect(schemaErrors(o)).toEqual([]);
  });

  test('-o -: --previous FILE (what the last run printed, saved) keeps the sealed bytes; without it they change', () => {
    const input = specs();
    const saved = join(dir(), 'all.yaml');
    const first = run('synth', '-q', '-f', input, '-o', '-', '--seal-cert', SEAL_CERT_FILE);
    expect(first.code).toBe(0);
    writeFileSync(saved, first.out);
    expect(run('synth', '-q', '-f', input, '-o', '-', '--seal-cert', SEAL_CERT_FILE, '--previous', saved)).toEqual(first);
    expect(run('synth', '-q', '-f', input, '-o', '-', '--seal-cert', SEAL_CERT_FILE).out).not.toBe(first.out);
    // a folder works too, and into another output folder
    const out = join(dir(), 'dist');
    expect(run('synth', '-q', '-f', input, '-o', out, '--seal-cert', SEAL_CERT_FILE, '--previous', saved).code).toBe(0);
    expect(Object.values(files(out)).join('\n---\n').length).toBeGreaterThan(0);
    const sealedOf = (text: string) => parseYaml(text).filter((o) => o.kind === 'SealedSecret').map((o) => o.spec.encryptedData);
    expect(Object.values(files(out)).flatMap(sealedOf)).toEqual(sealedOf(first.out));
  });

  test('--previous: goes with --seal-cert, and must exist', () => {
    expect(run('synth', '-q', '-f', specs(), '-o', '-', '--previous', 'x')).toMatchObject({ code: 2, err: 'error: --previous goes with --seal-cert: it names the output whose sealed data to keep\n' });
    const missing = join(dir(), 'nope.yaml');
    expect(run('synth', '-q', '-f', specs(), '-o', '-', '--seal-cert', SEAL_CERT_FILE, '--previous', missing)).toMatchObject({
      code: 1, out: '', err: `error: --previous ${missing}: does not exist; give the folder or file a previous run wrote (none on a first run)\n`,
    });
  });

  test('two runs with the same input give the same bytes; a new token gives a new ciphertext for that Secret only', () => {
    const out = join(dir(), 'dist');
    const input = specs();
    expect(run('synth', '-f', input, '-o', out, '--seal-cert', SEAL_CERT_FILE).code).toBe(0);
    const first = files(out);
    expect(run('synth', '-f', input, '-o', out, '--seal-cert', SEAL_CERT_FILE).code).toBe(0);
    expect(files(out)).toEqual(first);
    const rotated = 'ghp_RotatedT0kenValue0987654321zyxwvuABC';
    expect(run('synth', '-f', specs(rotated), '-o', out, '--seal-cert', SEAL_CERT_FILE).code).toBe(0);
    const after = files(out);
    expect(after['scale-set.apps.app.k8s.yaml']).toBe(first['scale-set.apps.app.k8s.yaml']);
    const before = parseYaml(first['scale-set.ci.pat.k8s.yaml']).find((o) => o.kind === 'SealedSecret')!;
    const now = parseYaml(after['scale-set.ci.pat.k8s.yaml']).find((o) => o.kind === 'SealedSecret')!;
    expect(now.spec.encryptedData.github_token).not.toBe(before.spec.encryptedData.github_token);
    expect(unseal(now.spec.encryptedData.github_token, 'ci')).toBe(rotated);
  });

  test('no plain-text warning with either option; the warning stays without them', () => {
    const input = specs();
    const plain = 'holds GitHub credentials in plain text';
    // -q hides the spec warnings, not the one about plain-text credentials in the output
    expect(run('synth', '-q', '-f', input, '-o', join(dir(), 'a'), '--seal-cert', SEAL_CERT_FILE).err).toBe('');
    expect(run('synth', '-q', '-f', input, '-o', join(dir(), 'b'), '--secrets-dir', join(dir(), 's')).err).toBe('');
    expect(run('synth', '-q', '-f', input, '-o', join(dir(), 'c')).err).toContain(plain);
  });

  test('a bad certificate, or both options: an error, and the previous output untouched', () => {
    const out = join(dir(), 'dist');
    const input = specs();
    expect(run('synth', '-f', input, '-o', out, '--seal-cert', SEAL_CERT_FILE).code).toBe(0);
    const before = files(out);
    const bad = join(dir(), 'cert.pem');
    writeFileSync(bad, 'not a certificate\n');
    const r = run('synth', '-f', input, '-o', out, '--seal-cert', bad);
    expect([r.code, r.err]).toEqual([1, `error: --seal-cert ${bad}: is not a PEM certificate or public key; give the certificate \`kubeseal --fetch-cert\` prints\n`]);
    const both = run('synth', '-f', input, '-o', out, '--seal-cert', SEAL_CERT_FILE, '--secrets-dir', join(dir(), 's'));
    expect([both.code, both.err]).toEqual([2, 'error: --secrets-dir and --seal-cert cannot be combined: sealed Secrets are safe in the output folder\n']);
    expect(files(out)).toEqual(before);
  });
});
