/**
 * The CLI and credentials: the plain-text warning wherever a Secret with a credential is written
 * (spec files and --helm-values alike, -q or not), and stderr that never shows a credential.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { specDoc, tempDir, writeSpec } from '../support/specs';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const CSA = 'controllerServiceAccount: {name: arc-gha-rs-controller, namespace: arc-systems}\n';

describe('the plain-text credential warning', () => {
  test('spec files: given with -q, naming the file and the Secret', () => {
    const spec = writeSpec([specDoc({ github: { configUrl: 'https://github.com/acme', patToken: { token: 'ghp_cliToken1' } } })], 'pat.yaml', dir);
    const out = join(dir, 'out-spec');
    const r = run(['synth', '-q', '-f', spec, '-o', out]);
    expect(r.status).toBe(0);
    expect(r.err).toBe(`warning: ${out}/scale-set.ci.runners.k8s.yaml: Secret ci/runners-gha-rs-github-secret holds GitHub credentials in plain text (base64); `
      + 'do not commit this file: keep the output folder out of git, or create the Secret yourself and name it (existingSecretName, or githubConfigSecret: NAME in Helm values)');
  });

  test('--helm-values with githubConfigSecret.github_token: given with -q too', () => {
    const values = file('v.yaml', `githubConfigUrl: https://github.com/acme\ngithubConfigSecret: {github_token: ghp_cliToken2}\n${CSA}`);
    const out = join(dir, 'out-helm');
    const r = run(['synth', '-q', '--helm-values', values, '--release', 'rel', '--namespace', 'ci', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.err).toBe(`warning: ${out}/scale-set.ci.rel.k8s.yaml: Secret ci/rel-gha-rs-github-secret holds GitHub credentials in plain text (base64); `
      + 'do not commit this file: keep the output folder out of git, or create the Secret yourself and name it (existingSecretName, or githubConfigSecret: NAME in Helm values)');
  });

  test('not given when no credential is written', () => {
    const values = file('existing.yaml', `githubConfigUrl: https://github.com/acme\ngithubConfigSecret: gh\n${CSA}`);
    expect(run(['synth', '-q', '--helm-values', values, '--release', 'rel', '--namespace', 'ci', '-o', join(dir, 'out-existing')]).err).toBe('');
  });
});

describe('stderr never shows a credential', () => {
  test('convert: a token in the wrong place, in a key, in the URL', () => {
    const values = file('bad.yaml', `githubConfigUrl: https://x:ghp_cliToken3@github.com/acme\ngithubConfigSecret: {github_token: ghp_cliToken4}\n`
      + `runnerGroup: {ghp_cliToken5: 1}\nghp_cliToken6: 2\n${CSA}`);
    for (const command of ['convert', 'synth']) {
      const r = run([command, '--helm-values', values, '--release', 'rel', '--namespace', 'ci', '-o', join(dir, 'out-bad')]);
      expect(r.status).toBe(1);
      expect(r.err).toContain('githubConfigUrl: holds credentials before "@" (the value is hidden)');
      expect(r.err).not.toMatch(/ghp_|cliToken/);
    }
    const warned = file('key.yaml', `githubConfigUrl: https://github.com/acme\ngithubConfigSecret: gh\nghp_cliToken8: 2\n${CSA}`);
    const r = run(['synth', '--helm-values', warned, '--release', 'rel', '--namespace', 'ci', '-o', join(dir, 'out-key')]);
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/^warning: .*key\.yaml: \(value hidden\): is not a value the chart 0\.14\.2 reads; ignored \(line 3\)$/);
  });

  test('a credential given as an argument is hidden in the usage error', () => {
    const r = run(['synth', '--ghp_argToken7']);
    expect(r.status).toBe(2);
    expect(r.err).toContain('error: unknown option --(value hidden)');
  });
});
