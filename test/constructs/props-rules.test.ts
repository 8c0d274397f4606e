/**
 * The construct checks its props with the rules the spec and Helm readers apply (src/rules/),
 * in the same words after the prop's name: a cdk8s app given a bad prop fails `app.synth()`
 * naming it, with every problem at once, and never with a TypeError, whatever a JavaScript
 * caller passes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { GhaRunnerScaleSet, GhaRunnerScaleSetProps, GitHubAuth } from '../../src';
import { Checker } from '../../src/input/checker';
import { parseScaleSetSpec } from '../../src/input/scale-set-spec';
import { specDoc } from '../support/specs';
import { tempDir } from '../support/temp';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n';
const BASE = { namespace: 'ci', githubConfigUrl: 'https://github.com/acme', auth: GitHubAuth.personalAccessToken('ghp_abc') };

/** The validation errors of `app.synth()`, one per line without the construct path; [] when it passes. */
function synthErrors(props: unknown): string[] {
  const app = new App({ outdir: tempDir() });
  const chart = new Chart(app, 'c');
  new GhaRunnerScaleSet(chart, 'linux', props as GhaRunnerScaleSetProps);
  try {
    app.synth();
    return [];
  } catch (e) {
    if (e instanceof TypeError) throw e;
    return (e as Error).message.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('[c/linux] ')).map((l) => l.slice('[c/linux] '.length));
  }
}

describe('each bad prop fails app.synth() with a message naming it', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a fractional count', { minRunners: 1.5 }, 'minRunners: must be a whole number, found number 1.5'],
    ['a count given as a string', { maxRunners: '5' }, 'maxRunners: must be a whole number, found "5"'],
    ['a config URL that is no URL', { githubConfigUrl: 'my-org' }, 'githubConfigUrl: "my-org" is not a URL (e.g. https://github.com/my-org or https://github.com/my-org/my-repo)'],
    ['an http config URL', { githubConfigUrl: 'http://github.com/acme' }, 'githubConfigUrl: "http://github.com/acme" must use https, found http'],
    ['credentials in the config URL', { githubConfigUrl: 'https://x:ghp_abc@github.com/acme' }, 'githubConfigUrl: holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; remove them and give the token as credentials'],
    ['a token from an unset variable', { auth: GitHubAuth.personalAccessToken(process.env.GHA_RS_TEST_SURELY_UNSET!) }, 'auth: GitHubAuth.personalAccessToken(token): token is required (a GitHub personal access token), found nothing: is the variable or file it is read from set?'],
    ['an empty token', { auth: GitHubAuth.personalAccessToken('') }, 'auth: GitHubAuth.personalAccessToken(token): token is empty (a GitHub personal access token): is the variable or file it is read from set?'],
    ['a PEM as the token', { auth: GitHubAuth.personalAccessToken(PEM) }, 'auth: GitHubAuth.personalAccessToken(token): token holds a PEM block (the value is hidden), not a GitHub personal access token; a GitHub App\'s private key goes with its App ID and installation ID'],
    ['a token with a line break read from a file', { auth: GitHubAuth.personalAccessToken('ghp_abc\n') }, 'auth: GitHubAuth.personalAccessToken(token): token ends or starts with whitespace, such as the line break a file ends in (the value is hidden); allowed: one word (a token or an ID: no spaces or line breaks): trim what was read'],
    ['an App private key that is not PEM', { auth: GitHubAuth.app({ appId: '1', installationId: '2', privateKey: 'TFMwdExTMUNSVWRKVGlCU1UwRWdVRkpKVmtGVVJTQkxSVmt0TFMwdExRbz0K' }) }, 'auth: GitHubAuth.app({appId, installationId, privateKey}): privateKey is not a PEM private key (the value is hidden); allowed: the PEM text, -----BEGIN ... PRIVATE KEY----- to -----END ... PRIVATE KEY----- (not its base64)'],
    ['a missing namespace', { namespace: undefined }, 'namespace: is required (the namespace of the scale set)'],
  ])('%s', (_what, bad, message) => {
    expect(synthErrors({ ...BASE, ...bad })).toEqual([message]);
  });

  test('the words are the spec reader\'s, after the field\'s name', () => {
    const c = new Checker('F', undefined, [], []);
    parseScaleSetSpec(c, specDoc({ scaling: { minRunners: 1.5 }, github: { configUrl: 'my-org', patToken: { token: 'ghp_abc' } } }) as Record<string, unknown>);
    const messages = c.problems.map((p) => `${p.path.replace(/^spec\.(scaling|github)\./, '').replace('configUrl', 'githubConfigUrl')}: ${p.message}`);
    const construct = synthErrors({ ...BASE, minRunners: 1.5, githubConfigUrl: 'my-org' });
    expect(construct).toEqual(expect.arrayContaining(messages));
  });

  test('all problems at once', () => {
    expect(synthErrors({ namespace: 'ci', githubConfigUrl: 'my-org', minRunners: 1.5, maxRunners: -1, auth: GitHubAuth.personalAccessToken('') })).toEqual([
      'githubConfigUrl: "my-org" is not a URL (e.g. https://github.com/my-org or https://github.com/my-org/my-repo)',
      'minRunners: must be a whole number, found number 1.5',
      'maxRunners: -1 is negative; maxRunners must be 0 or more',
      'auth: GitHubAuth.personalAccessToken(token): token is empty (a GitHub personal access token): is the variable or file it is read from set?',
    ]);
  });

  test('a valid construct still synthesizes', () => {
    expect(synthErrors(BASE)).toEqual([]);
    expect(synthErrors({ ...BASE, auth: GitHubAuth.app({ appId: '1', installationId: '2', privateKey: PEM }) })).toEqual([]);
  });
});

describe('from JavaScript, without types: never a TypeError', () => {
  test('no props at all, or none of the required ones', () => {
    const all = [
      'githubConfigUrl: is required (the URL of a repository, organization or enterprise, such as https://github.com/my-org)',
      'namespace: is required (the namespace of the scale set)',
      'auth: is required: GitHubAuth.personalAccessToken(token), GitHubAuth.app({appId, installationId, privateKey}), GitHubAuth.existingSecret(name), GitHubAuth.externalSecret({…})',
    ];
    expect(synthErrors(undefined)).toEqual(all);
    expect(synthErrors({})).toEqual(all);
    expect(synthErrors({ ...BASE, githubConfigUrl: undefined })).toEqual([all[0]]);
  });

  // every prop given each kind of wrong value: an error naming it, or (where the value is harmless) none; never a TypeError
  const WRONG = [undefined, null, 0, 1.5, -1, '', 'x', [], {}, true];
  const PROPS = ['namespace', 'githubConfigUrl', 'auth', 'minRunners', 'maxRunners', 'scaleSetName', 'releaseName', 'scaleSetLabels', 'kubeVersion', 'runnerGroup'];
  test.each(PROPS)('%s', (prop) => {
    for (const value of WRONG) {
      const errors = synthErrors({ ...BASE, [prop]: value });
      for (const e of errors) expect(e.startsWith(`${prop}`)).toBe(true);
    }
  });

  test('the compiled library, called from a plain JavaScript file', () => {
    const root = join(__dirname, '..', '..');
    const script = `
      const { App, Chart } = require(${JSON.stringify(require.resolve('cdk8s'))});
      const { GhaRunnerScaleSet, GitHubAuth } = require(${JSON.stringify(join(root, 'lib', 'src', 'index.js'))});
      const app = new App({ outdir: ${JSON.stringify(tempDir())} });
      const chart = new Chart(app, 'c');
      new GhaRunnerScaleSet(chart, 'linux', { namespace: 'ci', minRunners: 1.5, auth: GitHubAuth.personalAccessToken(process.env.GITHUB_TOKEN) });
      app.synth();`;
    const env = { ...process.env };
    delete env.GITHUB_TOKEN;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('TypeError');
    expect(r.stderr).toContain('[c/linux] githubConfigUrl: is required');
    expect(r.stderr).toContain('[c/linux] minRunners: must be a whole number, found number 1.5');
    expect(r.stderr).toContain('[c/linux] auth: GitHubAuth.personalAccessToken(token): token is required');
  });
});
