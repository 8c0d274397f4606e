/** Never echo a credential: the one detector, and the places the issue found echoing. */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHelmValues, loadHelmRelease } from '../../src/input/helm/load';
import { SpecError, formatProblem } from '../../src/input/problems';
import { HIDDEN, looksLikeCredential, redact } from '../../src/rules/redact';
import { PEM, problemsOf, specDoc } from '../support/specs';
import { tempDir } from '../support/temp';

const TOKEN = 'ghp_R3alLookingT0ken0123456789abcdefABCD';
const KEY_B64 = Buffer.from(PEM).toString('base64');
const strip = (lines: string[]) => lines.map((l) => l.replace(/ \(line \d+\)$/, ''));

describe('redact', () => {
  test.each([
    ['ghp_abc'], ['gho_abc'], ['ghu_abc'], ['ghs_abc'], ['ghr_abc'], ['github_pat_11AB_cd'], [PEM], [KEY_B64], ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl'],
  ])('hides %j wherever it appears', (secret) => {
    expect(looksLikeCredential(`x-${secret}-y`)).toBe(true);
    const out = redact(`before "${secret}" after`);
    expect(out.startsWith(`before "${HIDDEN}`)).toBe(true);
    expect(out).not.toMatch(/gh[pousr]_|github_pat_|LS0tLS1|BEGIN|MIIE|b3Bl/);
    // a complete token or PEM block is replaced exactly; a PEM block cut short hides the rest of the text
    if (!secret.startsWith('-----')) expect(out).toBe(`before "${HIDDEN}" after`);
    if (secret === PEM) expect(out).toBe(`before "${HIDDEN}\n" after`);
  });

  test('base64 wrapped over several lines is hidden whole', () => {
    const wrapped = Buffer.from(PEM.repeat(3)).toString('base64').replace(/.{76}/g, '$&\n');
    expect(redact(`key: ${wrapped} is not valid`)).toBe(`key: ${HIDDEN} is not valid`);
  });

  test('one line of a PEM body or of its wrapped base64, quoted alone, is hidden too', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const b64 = Buffer.from(pem).toString('base64');
    const bodyLine = pem.split('\n')[3];
    const b64Continuation = b64.slice(76, 152); // the second line `base64` wraps: no LS0tLS1CRUdJTi to spot
    for (const part of [bodyLine, b64Continuation, b64.slice(300, 340)]) {
      expect(looksLikeCredential(part)).toBe(true);
      expect(redact(`Unexpected scalar token in YAML stream: "${part}" at line 13`)).toBe(`Unexpected scalar token in YAML stream: "${HIDDEN}" at line 13`);
    }
  });

  test('a quoted value holding a credential is hidden whole: a token wrapped over two lines leaves no tail', () => {
    expect(redact('"ghp_x4aeGQUQ5igrdmpB6gC xuKAV3MsqL3h8CkXW" has 66 characters; "linux" is fine')).toBe(`"${HIDDEN}" has 66 characters; "linux" is fine`);
    const text = 'apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesGhaRunnerScaleSet\nmetadata: {name: r}\nspec:\n'
      + '  runnerScaleSetName: ghp_x4aeGQUQ5igrdmpB6gCaaaaaaaaaaaaaaaaaaaaaaaaa\n    xuKAV3MsqL3h8CkXW\n  namespace: ci\n'
      + '  github: {configUrl: https://github.com/a, existingSecretName: gh}\n';
    expect(strip(problemsOf(text))).toEqual([`F: spec.runnerScaleSetName: "${HIDDEN}" has 66 characters; a scale set name has at most 45 (ARC's limit)`]);
  });

  test('leaves ordinary text and its own help alone', () => {
    for (const s of [
      'github_token', 'ghp', 'gh_x', 'does not decode to a PEM private key (-----BEGIN ... PRIVATE KEY-----)', 'LS0t',
      'spec.containerMode.kubernetesModeAdditionalRoleRules', '/home/runner/work/MyProject2024/specs/team1/ci.yaml',
      'sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0', 'gha-rs/sealed-fingerprint: 0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    ]) {
      expect(looksLikeCredential(s)).toBe(false);
      expect(redact(s)).toBe(s);
    }
  });
});

describe('a credential in the wrong place is never echoed (the issue\'s cases)', () => {
  const F = (doc: Record<string, unknown>) => strip(problemsOf([doc]));

  test('as a namespace, existingSecretName, kind or runnerScaleSetName: described as hidden', () => {
    expect(F(specDoc({ namespace: TOKEN }))).toEqual([
      'F: spec.namespace: "(value hidden)" is not a valid namespace (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
    ]);
    expect(F(specDoc({ github: { configUrl: 'https://github.com/a', existingSecretName: TOKEN } }))).toEqual([
      'F: spec.github.existingSecretName: a string (value hidden) is not a valid object name (lowercase letters, digits, "-" and ".", at most 253 characters)',
    ]);
    expect(F({ ...specDoc(), kind: TOKEN })).toEqual([
      'F: kind: a string (value hidden) is not a kind this tool reads; allowed: KubernetesGhaRunnerScaleSet, KubernetesGhaRunnerScaleSetController',
    ]);
    // the scale set rules quote the name as given: the one redaction of every message hides it there
    expect(F(specDoc({ runnerScaleSetName: KEY_B64 }))).toEqual([
      `F: spec.runnerScaleSetName: "(value hidden)" has ${KEY_B64.length} characters; a scale set name has at most 45 (ARC's limit)`,
    ]);
  });

  test('as configUrl, a field name, an alias, the whole document', () => {
    expect(F(specDoc({ github: { configUrl: TOKEN, existingSecretName: 'gh' } }))).toEqual([
      'F: spec.github.configUrl: a string (value hidden) is not a URL (e.g. https://github.com/my-org or https://github.com/my-org/my-repo)',
    ]);
    expect(F(specDoc({ [TOKEN]: 1 }))[0]).toMatch(/^F: spec\.\(value hidden\): unknown field; allowed: /);
    for (const text of [`spec: *${TOKEN}\n`, `${TOKEN}\n`, `kind: [${TOKEN}\n`, `a: &${TOKEN} 1\nb: *${TOKEN}x\n`]) {
      const lines = problemsOf(text);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).not.toMatch(/ghp_/);
    }
    expect(strip(problemsOf(`${TOKEN}\n`))).toEqual(['F: must be a map with apiVersion, kind, metadata and spec; found a string (value hidden)']);
  });

  test('a wrapped base64 key pasted with a bad indent: the parser quotes a continuation line, hidden', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const b64 = Buffer.from(pem).toString('base64');
    const text = 'apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesGhaRunnerScaleSet\nmetadata: {name: r}\nspec:\n'
      + `  namespace: n\n  github:\n    configUrl: https://github.com/a\n    githubApp:\n      appId: "1"\n      installationId: "2"\n`
      + `      privateKeyBase64: ${b64.slice(0, 76)}\n        ${b64.slice(76, 152)}\n   ] ${b64.slice(152, 228)}\n`;
    const lines = problemsOf(text);
    expect(lines.some((l) => l.includes('Unexpected scalar token in YAML stream: "(value hidden)"'))).toBe(true);
    for (let i = 0; i + 8 <= 228; i += 4) for (const l of lines) expect(l).not.toContain(b64.slice(i, i + 8));
  });

  test('in a volume mount name, which messages quote as written', () => {
    expect(F(specDoc({ runner: { volumeMounts: [{ name: TOKEN, mountPath: '/x' }] } }))).toEqual([
      'F: spec.runner.volumeMounts[0].name: "(value hidden)" names no persistent volume; define it under spec.persistentVolumes',
    ]);
  });
});

describe('Helm values', () => {
  const write = (text: string) => {
    const path = join(tempDir(), 'values.yaml');
    writeFileSync(path, text);
    return path;
  };
  const problems = (text: string) => {
    try {
      loadHelmRelease(write(text), { releaseName: 'r', namespace: 'ci' });
      return [];
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      return strip(e.problems.map((p) => formatProblem({ ...p, file: 'V' })));
    }
  };
  const base = 'controllerServiceAccount: {name: a, namespace: b}\n';

  test('credentials in githubConfigUrl or a proxy URL are errors that point to the right place', () => {
    expect(problems(`${base}githubConfigUrl: https://u:${TOKEN}@github.com/a\ngithubConfigSecret: s\nproxy:\n  https:\n    url: http://u:p@proxy:3128\n`)).toEqual([
      'V: githubConfigUrl: holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; remove them and give the token in githubConfigSecret.github_token, or name an existing Secret in githubConfigSecret',
      'V: proxy.https.url: holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; put them in a Secret with "username" and "password" keys and name it in proxy.https.credentialSecretRef',
    ]);
  });

  test('a YAML tag on githubConfigSecret or one of its keys', () => {
    expect(problems(`${base}githubConfigUrl: https://github.com/a\ngithubConfigSecret:\n  github_token: !${TOKEN} x\n`)).toEqual([
      'V: githubConfigSecret.github_token: has a YAML tag ("!" before the value), which changes what is read; write the value without one',
    ]);
  });

  test('a token as a key, a value or an unknown top-level key is hidden', () => {
    const lines = [
      ...problems(`${base}githubConfigUrl: https://github.com/a\ngithubConfigSecret: {github_token: x}\nrunnerGroup: [${TOKEN}]\n${TOKEN}: 1\n`),
      ...readHelmValues(write(`${TOKEN}: 1\n`)).warnings.map(formatProblem),
    ];
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toContain('ghp_');
  });
});
