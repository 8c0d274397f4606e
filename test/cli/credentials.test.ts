/**
 * The CLI and credentials: the plain-text warning wherever a Secret with a credential is written
 * (spec files and --helm-values alike, -q or not), and stderr that never shows a credential.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEAL_CERT_FILE } from '../support/sealing';
import { specDoc, writeSpec } from '../support/specs';
import { runCli as run, writeIn } from '../support/cli';
import { tempDir } from '../support/temp';

const dir = tempDir();
const file = (name: string, text: string) => writeIn(dir, name, text);
const CSA = 'controllerServiceAccount: {name: arc-gha-rs-controller, namespace: arc-systems}\n';

describe('the plain-text credential warning', () => {
  test('spec files: given with -q, naming the file and the Secret', async () => {
    const spec = writeSpec([specDoc({ github: { configUrl: 'https://github.com/acme', patToken: { token: 'ghp_cliToken1' } } })], 'pat.yaml', dir);
    const out = join(dir, 'out-spec');
    const r = await run(['synth', '-q', '-f', spec, '-o', out]);
    expect(r.status).toBe(0);
    expect(r.err).toBe(`warning: ${out}/scale-set.ci.runners.k8s.yaml: Secret ci/runners-gha-rs-github-secret holds GitHub credentials in plain text (base64); `
      + 'do not commit this file: keep the output folder out of git, write the Secrets elsewhere with --secrets-dir or sealed with --seal-cert, or use existingSecretName or externalSecret (githubConfigSecret: NAME in Helm values)');
  });

  test('--helm-values with githubConfigSecret.github_token: given with -q too', async () => {
    const values = file('v.yaml', `githubConfigUrl: https://github.com/acme\ngithubConfigSecret: {github_token: ghp_cliToken2}\n${CSA}`);
    const out = join(dir, 'out-helm');
    const r = await run(['synth', '-q', '--helm-values', values, '--release', 'rel', '--namespace', 'ci', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.err).toBe(`warning: ${out}/scale-set.ci.rel.k8s.yaml: Secret ci/rel-gha-rs-github-secret holds GitHub credentials in plain text (base64); `
      + 'do not commit this file: keep the output folder out of git, write the Secrets elsewhere with --secrets-dir or sealed with --seal-cert, or use existingSecretName or externalSecret (githubConfigSecret: NAME in Helm values)');
  });

  test('-o -: given for standard output too', async () => {
    const spec = writeSpec([specDoc({ github: { configUrl: 'https://github.com/acme', patToken: { token: { fromEnv: 'GHA_RS_CLI_TOKEN' } } } })], 'env.yaml', dir);
    process.env.GHA_RS_CLI_TOKEN = 'ghp_cliTokenEnv';
    try {
      const r = await run(['synth', '-q', '-f', spec, '-o', '-']);
      expect(r.status).toBe(0);
      expect(r.err).toMatch(/^warning: standard output \(scale-set\.ci\.runners\.k8s\.yaml\): Secret ci\/runners-gha-rs-github-secret holds GitHub credentials in plain text/);
    } finally {
      delete process.env.GHA_RS_CLI_TOKEN;
    }
  });

  test('a token put in another field (an env value, an annotation) is written as given, so it is warned about too, -q or not, hidden', async () => {
    const token = `ghp_${'Zt4'.repeat(12)}`;
    const spec = writeSpec([specDoc({
      github: { configUrl: 'https://github.com/acme', existingSecretName: 'gh' },
      runner: { env: [{ name: 'GH_TOKEN', value: token }] },
      annotations: { note: `see ${token}` },
    })], 'env-token.yaml', dir);
    const out = join(dir, 'out-env-token');
    const r = await run(['synth', '-q', '-f', spec, '-o', out]);
    expect(r.status).toBe(0);
    const lines = r.err.split('\n').filter(Boolean);
    expect(lines[0]).toBe(`warning: ${out}/scale-set.ci.runners.k8s.yaml: what looks like a GitHub credential is written in plain text in `
      + 'ServiceAccount ci/runners-gha-rs-no-permission at metadata.annotations.note, Role ci/runners-gha-rs-manager at metadata.annotations.note (and 3 more); '
      + 'do not commit this file: give a credential to pods through a Secret (env valueFrom.secretKeyRef), never as a value');
    expect(lines).toHaveLength(1);
    expect(r.err).not.toContain('Zt4Zt4');
  });

  test('convert: a token the values put in another field is printed as given, so it is warned about as synth does, -q or not', async () => {
    const token = `ghp_${'Zt4'.repeat(12)}`;
    const values = file('convert-env-token.yaml', `githubConfigUrl: https://github.com/acme\ngithubConfigSecret: gh\nmaxRunners: 5\n${CSA}`
      + `annotations: {note: "see ${token}"}\ntemplate:\n  spec:\n    containers:\n      - name: runner\n        image: ghcr.io/actions/actions-runner:2.329.0\n`
      + `        env: [{name: GH_TOKEN, value: ${token}}]\n`);
    const r = await run(['convert', '-q', '--helm-values', values, '--release', 'rel', '--namespace', 'ci']);
    expect(r.status).toBe(0);
    expect(r.out).toContain(`value: ${token}`);
    expect(r.err).toBe('warning: standard output: what looks like a GitHub credential is written in plain text in '
      + 'KubernetesGhaRunnerScaleSet rel at spec.annotations.note, KubernetesGhaRunnerScaleSet rel at spec.template.spec.containers[0].env[0].value; '
      + 'do not commit this file: give a credential to pods through a Secret (env valueFrom.secretKeyRef), never as a value');
  });

  test('convert: a token in githubConfigSecret is not printed: the spec reads it from a variable, and only that is said', async () => {
    const token = `ghp_${'Zt4'.repeat(12)}`;
    const values = file('convert-secret-token.yaml', `githubConfigUrl: https://github.com/acme\ngithubConfigSecret: {github_token: ${token}}\nmaxRunners: 5\n${CSA}`);
    const r = await run(['convert', '-q', '--helm-values', values, '--release', 'rel', '--namespace', 'ci']);
    expect(r.status).toBe(0);
    expect(r.out).not.toContain(token);
    expect(r.err.split('\n')).toEqual([expect.stringMatching(/^note: .*convert-secret-token\.yaml: the spec of release "rel" reads its credentials from the environment, not from the file: before gha-rs synth or validate, set REL_GITHUB_TOKEN \(the value of githubConfigSecret\.github_token\)$/)]);
  });

  test('not given when no credential is written', async () => {
    const values = file('existing.yaml', `githubConfigUrl: https://github.com/acme\ngithubConfigSecret: gh\n${CSA}`);
    expect((await run(['synth', '-q', '--helm-values', values, '--release', 'rel', '--namespace', 'ci', '-o', join(dir, 'out-existing')])).err).toBe('');
  });
});

describe('stderr never shows a credential', () => {
  test('convert: a token in the wrong place, in a key, in the URL', async () => {
    const values = file('bad.yaml', `githubConfigUrl: https://x:ghp_cliToken3@github.com/acme\ngithubConfigSecret: {github_token: ghp_cliToken4}\n`
      + `runnerGroup: {ghp_cliToken5: 1}\nghp_cliToken6: 2\n${CSA}`);
    for (const command of ['convert', 'synth']) {
      const r = await run([command, '--helm-values', values, '--release', 'rel', '--namespace', 'ci', ...(command === 'synth' ? ['-o', join(dir, 'out-bad')] : [])]);
      expect(r.status).toBe(1);
      expect(r.err).toContain('githubConfigUrl: holds credentials before "@" (the value is hidden)');
      expect(r.err).not.toMatch(/ghp_|cliToken/);
    }
    const warned = file('key.yaml', `githubConfigUrl: https://github.com/acme\ngithubConfigSecret: gh\nghp_cliToken8: 2\n${CSA}`);
    const r = await run(['synth', '--helm-values', warned, '--release', 'rel', '--namespace', 'ci', '-o', join(dir, 'out-key')]);
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/^warning: .*key\.yaml: \(value hidden\): is not a value the chart 0\.14\.2 reads; ignored \(line 3\)$/);
  });

  test('a credential given as an argument is hidden in the usage error', async () => {
    const r = await run(['synth', '--ghp_argToken7']);
    expect(r.status).toBe(2);
    expect(r.err).toContain('error: unknown option --(value hidden)');
  });
});

describe('the values-hash and the ways credentials are written', () => {
  test('the same for a Secret in the output, in a secrets folder or sealed; new for a new token', async () => {
    const spec = (token: string) => writeSpec([specDoc({ github: { configUrl: 'https://github.com/acme', patToken: { token } } })], `hash-${token}.yaml`, dir);
    const hashOf = async (token: string, ...options: string[]) => {
      const out = join(dir, `hash-out-${token}-${options.length ? options[0].slice(2) : 'inline'}`);
      expect((await run(['synth', '-q', '-f', spec(token), '-o', out, ...options])).status).toBe(0);
      const text = readdirSync(out).filter((f) => f.startsWith('scale-set.')).map((f) => readFileSync(join(out, f), 'utf8')).join('');
      return /values-hash: "?([0-9a-f]{63})/.exec(text)![1];
    };
    const inline = await hashOf('ghp_hashOne');
    expect(await hashOf('ghp_hashOne', '--secrets-dir', join(dir, 'hash-secrets'))).toBe(inline);
    expect(await hashOf('ghp_hashOne', '--seal-cert', SEAL_CERT_FILE)).toBe(inline);
    expect(await hashOf('ghp_hashTwo', '--seal-cert', SEAL_CERT_FILE)).not.toBe(inline);
  });
});
