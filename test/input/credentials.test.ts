/**
 * Credentials from outside the spec ({fromEnv}, {fromFile}), YAML tags and credentials in URLs:
 * exact messages, which name the field and the variable or file, never a value.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecs } from '../../src/input/load';
import { SpecError, formatProblem } from '../../src/input/problems';
import { PEM, specDoc, writeSpec } from '../support/specs';
import { tempDir } from '../support/temp';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const strip = (lines: string[]) => lines.map((l) => l.replace(/ \(line \d+\)$/, ''));
const github = (g: Record<string, unknown>) => specDoc({ github: { configUrl: 'https://github.com/acme', ...g } });

/** Loads a spec (documents or text) written in `dir` beside `files`, with `env` set for the call. */
function loadWith(content: string | Record<string, unknown>[], o: { files?: Record<string, string>; env?: Record<string, string> } = {}) {
  const dir = tempDir();
  for (const [name, text] of Object.entries(o.files ?? {})) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(join(dir, 'specs'), { recursive: true });
  const path = writeSpec(content, 'spec.yaml', join(dir, 'specs'));
  const saved = Object.fromEntries(Object.keys(o.env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, o.env);
  try {
    const r = loadSpecs([path]);
    return { specs: r.specs, problems: [] as string[], warnings: r.warnings.map((p) => formatProblem({ ...p, file: 'F' })) };
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return { specs: [], problems: strip(e.problems.map((p) => formatProblem({ ...p, file: 'F' }))), warnings: [] };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

describe('fromEnv and fromFile', () => {
  test('a token from the environment; no "written in the spec" warning', () => {
    const r = loadWith([github({ patToken: { token: { fromEnv: 'GH_TEST_TOKEN' } } })], { env: { GH_TEST_TOKEN: ' ghp_fromEnv\n' } });
    expect(r.specs[0].spec.github.patToken).toEqual({ token: 'ghp_fromEnv' });
    expect(r.warnings.filter((w) => w.includes('spec.github'))).toEqual([]);
  });

  test('a GitHub App from files relative to the spec file: IDs trimmed, the key as PEM or as base64', () => {
    const files = { 'secrets/app-id': '123\n', 'secrets/inst': '456\n', 'secrets/key.pem': PEM, 'secrets/key.b64': `${b64(PEM)}\n` };
    for (const key of ['../secrets/key.pem', '../secrets/key.b64']) {
      const r = loadWith([github({ githubApp: { appId: { fromFile: '../secrets/app-id' }, installationId: { fromFile: '../secrets/inst' }, privateKeyBase64: { fromFile: key } } })], { files });
      expect(r.problems).toEqual([]);
      expect(r.specs[0].spec.github.githubApp).toEqual({ appId: '123', installationId: '456', privateKey: PEM });
    }
  });

  test('the private key from the environment, PEM itself', () => {
    const r = loadWith([github({ githubApp: { appId: 1, installationId: 2, privateKeyBase64: { fromEnv: 'GH_TEST_KEY' } } })], { env: { GH_TEST_KEY: PEM } });
    expect(r.specs[0].spec.github.githubApp?.privateKey).toBe(PEM);
  });

  test('a value written in the spec is a warning that says how to keep it out', () => {
    const r = loadWith([github({ githubApp: { appId: 1, installationId: { fromEnv: 'GH_TEST_INST' }, privateKeyBase64: b64(PEM) } })], { env: { GH_TEST_INST: '2' } });
    expect(strip(r.warnings).filter((w) => w.includes('spec.github:'))).toEqual([
      'F: spec.github: githubApp.appId, githubApp.privateKeyBase64 are written in the spec file itself; to commit the spec, read them from outside with {fromEnv: NAME} or {fromFile: PATH}',
    ]);
  });

  test('missing, empty or misnamed sources: the field and the variable or file, never a value', () => {
    const r = loadWith([github({
      githubApp: {
        appId: { fromEnv: 'GH_TEST_UNSET' },
        installationId: { fromEnv: 'GH_TEST_EMPTY' },
        privateKeyBase64: { fromFile: 'missing.pem' },
      },
    })], { env: { GH_TEST_EMPTY: ' ' } });
    const dir = r.problems[2].replace(/.*read as (.*)\/missing\.pem.*/, '$1');
    expect(r.problems).toEqual([
      'F: spec.github.githubApp.appId: environment variable GH_TEST_UNSET is not set (spec.github.githubApp.appId reads the GitHub App ID from it)',
      'F: spec.github.githubApp.installationId: environment variable GH_TEST_EMPTY is empty (spec.github.githubApp.installationId reads the installation ID from it)',
      `F: spec.github.githubApp.privateKeyBase64: file missing.pem cannot be read: does not exist; check the path (ENOENT) (read as ${dir}/missing.pem, relative to the spec file)`,
    ]);
    expect(dir.endsWith('/specs')).toBe(true);
  });

  test('a token or App ID with whitespace inside (a PEM in the wrong field, two lines in a file) is an error, value hidden', () => {
    const r = loadWith([github({ patToken: { token: { fromEnv: 'GH_TEST_TWO_LINES' } } })], { env: { GH_TEST_TWO_LINES: 'ghp_lineOne\nghp_lineTwo' } });
    expect(r.problems).toEqual(['F: spec.github.patToken.token: holds whitespace inside (the value is hidden); allowed: one word (a token or an ID: no spaces or line breaks)']);
    const app = loadWith([github({ githubApp: { appId: { fromFile: 'key.pem' }, installationId: '1 2', privateKeyBase64: { fromFile: 'key.pem' } } })], { files: { 'specs/key.pem': PEM } });
    expect(app.problems).toEqual([
      'F: spec.github.githubApp.appId: holds a PEM block (the value is hidden), not the GitHub App ID; a GitHub App\'s private key goes with its App ID and installation ID',
      'F: spec.github.githubApp.installationId: holds whitespace inside (the value is hidden); allowed: one word (a token or an ID: no spaces or line breaks)',
    ]);
  });

  test('a FIFO, a device or a huge file is refused at once, as spec files are (never waited on, never read whole)', () => {
    const fifoDir = tempDir();
    const fifo = join(fifoDir, 'token.fifo');
    execFileSync('mkfifo', [fifo]);
    const big = join(fifoDir, 'big.txt');
    writeFileSync(big, 'a'.repeat(4 * 1024 * 1024 + 1));
    const r = loadWith([github({ githubApp: { appId: { fromFile: fifo }, installationId: { fromFile: '/dev/zero' }, privateKeyBase64: { fromFile: big } } })]);
    expect(r.problems).toEqual([
      `F: spec.github.githubApp.appId: file ${fifo} is a named pipe (FIFO), not a regular file (gha-rs reads regular files only) (read as ${fifo}, relative to the spec file)`,
      'F: spec.github.githubApp.installationId: file /dev/zero is a character device, not a regular file (gha-rs reads regular files only) (read as /dev/zero, relative to the spec file)',
      `F: spec.github.githubApp.privateKeyBase64: file ${big} is 4194305 bytes, over the limit of 4 MiB (4194304 bytes) for a credential file (read as ${big}, relative to the spec file)`,
    ]);
  });

  test('both, neither, a bad variable name, an unknown key, an empty file, a key that is no key', () => {
    const r = loadWith([github({ patToken: { token: { fromEnv: 'A', fromFile: 'b' } } })]);
    expect(r.problems).toEqual(['F: spec.github.patToken.token: must set exactly one of fromEnv and fromFile; found both']);
    expect(loadWith([github({ patToken: { token: {} } })]).problems).toEqual(['F: spec.github.patToken.token: must set exactly one of fromEnv and fromFile; found neither']);
    expect(loadWith([github({ patToken: { token: { fromEnv: '1X' } } })]).problems).toEqual([
      'F: spec.github.patToken.token.fromEnv: "1X" is not an environment variable name (letters, digits and "_", not starting with a digit)',
    ]);
    expect(loadWith([github({ patToken: { token: { fromEnv: 'ghp_misplacedToken1' } } })]).problems).toEqual([
      'F: spec.github.patToken.token: environment variable (value hidden) is not set (spec.github.patToken.token reads a GitHub personal access token from it)',
    ]);
    expect(loadWith([github({ patToken: { token: { fromEnvv: 'X' } } })]).problems).toEqual([
      'F: spec.github.patToken.token: has an unknown field (name hidden, as it may be a credential); allowed: fromEnv, fromFile',
      'F: spec.github.patToken.token: must set exactly one of fromEnv and fromFile; found neither',
    ]);
    expect(loadWith([github({ patToken: { token: { fromFile: 't' } } })], { files: { 'specs/t': '\n' } }).problems).toEqual([
      'F: spec.github.patToken.token: file t is empty (spec.github.patToken.token reads a GitHub personal access token from it)',
    ]);
    expect(loadWith([github({ githubApp: { appId: 1, installationId: 2, privateKeyBase64: { fromFile: 'cert.pem' } } })], { files: { 'specs/cert.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' } }).problems).toEqual([
      'F: spec.github.githubApp.privateKeyBase64: holds a PEM block that is not a private key (-----BEGIN ... PRIVATE KEY----- to -----END ... PRIVATE KEY-----)',
    ]);
    expect(loadWith([github({ githubApp: { appId: 1, installationId: 2, privateKeyBase64: { fromEnv: 'GH_TEST_NOKEY' } } })], { env: { GH_TEST_NOKEY: 'not a key' } }).problems).toEqual([
      'F: spec.github.githubApp.privateKeyBase64: holds neither a PEM private key nor its base64: its text is not standard base64 (A-Z a-z 0-9 + / with = padding); encode the PEM file with `base64 -w0 key.pem`',
    ]);
  });
});

describe('YAML tags and URLs with credentials', () => {
  test('a tag on a credential field is an error that does not show the tag', () => {
    const text = 'apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesGhaRunnerScaleSet\nmetadata: {name: r}\nspec:\n  namespace: ci\n'
      + '  controllerServiceAccount: {namespace: arc-systems, name: arc-gha-rs-controller}\n  github:\n    configUrl: https://github.com/acme\n'
      + '    patToken:\n      token: !ghp_tagSecret123 x\n';
    expect(loadWith(text).problems).toEqual([
      'F: spec.github.patToken.token: has a YAML tag ("!" before the value), which changes what is read; write the value, {fromEnv: NAME} or {fromFile: PATH} without one',
    ]);
    expect(loadWith(text.replace('!ghp_tagSecret123 x', '{fromEnv: !!str X}')).problems).toEqual([
      'F: spec.github.patToken.token.fromEnv: has a YAML tag ("!" before the value), which changes what is read; write the name without one',
    ]);
  });

  test('a tag on the patToken or githubApp map itself is an error too, and nothing of it is shown', () => {
    const head = 'apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesGhaRunnerScaleSet\nmetadata: {name: r}\nspec:\n  namespace: ci\n'
      + '  controllerServiceAccount: {namespace: arc-systems, name: arc-gha-rs-controller}\n  github:\n    configUrl: https://github.com/acme\n';
    const pat = loadWith(`${head}    patToken: !ghp_tagOnMap123\n      token: ghp_underTaggedMap456\n`);
    expect(pat.problems).toEqual([
      'F: spec.github.patToken: has a YAML tag ("!" before the map), which changes what is read; write the map (token) without one',
    ]);
    const app = loadWith(`${head}    githubApp: !!map\n      appId: 1\n      installationId: 2\n      privateKeyBase64: {fromEnv: GH_TEST_UNSET_KEY}\n`);
    expect(app.problems).toEqual([
      'F: spec.github.githubApp: has a YAML tag ("!" before the map), which changes what is read; write the map (appId, installationId, privateKeyBase64) without one',
    ]);
    for (const r of [pat, app]) expect([...r.problems, ...r.warnings].join('\n')).not.toMatch(/tagOnMap|underTaggedMap|GH_TEST_UNSET_KEY/);
  });

  test('user info in configUrl or a proxy URL', () => {
    const r = loadWith([specDoc({
      github: { configUrl: 'https://x-access-token:ghp_inUrl123@github.com/acme', existingSecretName: 'gh' },
      proxy: { http: { url: 'http://user:ghp_inProxy456@proxy:3128' }, https: { url: 'http://proxy:3128' } },
    })]);
    expect(r.problems).toEqual([
      'F: spec.github.configUrl: holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; remove them and give the token in spec.github.patToken.token (or githubApp, or a Secret named by existingSecretName)',
      'F: spec.proxy.http.url: holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; put them in a Secret with "username" and "password" keys and name it in spec.proxy.http.credentialSecretRef',
    ]);
  });
});

test('the committable spec of docs/credentials.md loads with the key from a file and an ID from the environment', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'credentials.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Credentials from outside the spec'));
  const snippet = /```yaml\n([\s\S]*?)```/.exec(section)![1]
    .replace('namespace: arc-runners', 'namespace: arc-runners\n  controllerServiceAccount: {namespace: arc-systems, name: arc-gha-rs-controller}');
  const r = loadWith(snippet, { files: { 'secrets/my-app.private-key.pem': PEM }, env: { GH_APP_INSTALLATION_ID: '42' } });
  expect(r.problems).toEqual([]);
  expect(r.specs[0].spec.github.githubApp).toEqual({ appId: '123456', installationId: '42', privateKey: PEM });
  expect(snippet).not.toMatch(/BEGIN|ghp_/);
});
