/**
 * Property-based: a credential-looking value (GitHub token prefixes, a PEM block, its base64)
 * planted anywhere in a spec file, a controller spec, chart values or the YAML around them (a
 * value, a key, an anchor or alias name, the whole document) never reaches stderr, whatever the
 * command (validate, synth, convert) says about it.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runCli, writeIn } from '../support/cli';
import { fullSpec, paths } from '../support/fuzz';
import { PEM } from '../support/specs';
import { tempDir } from '../support/temp';

const dir = tempDir();
const KEY_B64 = Buffer.from(PEM).toString('base64');
/** What a credential looks like, independently of src/rules/redact.ts. */
const LOOKS_LIKE = /gh[pousr]_|github_pat_|LS0tLS1CRUdJTi|-----BEGIN [A-Z]/;

const body = fc.stringMatching(/^[A-Za-z0-9_]{12,40}$/);
const token = fc.tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'), body).map(([p, b]) => ({ text: `${p}${b}`, body: b }));
const credential = fc.oneof(
  token,
  fc.constant({ text: PEM, body: 'MIIEpAIBAAKCAQEA' }),
  fc.constant({ text: KEY_B64, body: KEY_B64.slice(14, 40) }),
);
/** The credential alone, or inside other text (a URL's user info, a prefix). */
const planted = fc.tuple(credential, fc.constantFrom('', 'x-', 'https://u:', 'a b ')).map(([c, before]) => ({
  ...c, text: before === 'https://u:' ? `${before}${c.text}@github.com/acme` : `${before}${c.text}`,
}));

function controllerSpec(): any {
  const spec = { namespace: 'arc-systems', metrics: { controllerManagerAddr: ':8080', listenerAddr: ':8080', listenerEndpoint: '/metrics' } };
  return { ...fullSpec(false), kind: 'KubernetesGhaRunnerScaleSetController', metadata: { name: 'arc' }, spec };
}

function chartValues(): any {
  return {
    githubConfigUrl: 'https://github.com/acme',
    githubConfigSecret: { github_token: 'ghp_validToken000000' },
    maxRunners: 3,
    runnerGroup: 'g',
    containerMode: { type: 'dind' },
    proxy: { https: { url: 'http://proxy:3128' } },
    template: { spec: { containers: [{ name: 'runner', image: 'ghcr.io/actions/actions-runner:2.331.0', command: ['/home/runner/run.sh'] }] } },
    controllerServiceAccount: { name: 'arc-gha-rs-controller', namespace: 'arc-systems' },
    labels: { team: 'a' },
  };
}

type Where = 'value' | 'key' | 'alias' | 'anchor' | 'document' | 'tag';

/** The YAML text of `doc` with `secret` planted at the `pick`-th path, as `where` says. */
function plant(doc: any, secret: string, pick: number, where: Where): string {
  if (where === 'document') return `${secret}\n`;
  const all = paths(doc).filter((p) => p.length);
  const path = all[pick % all.length];
  let cur = doc;
  for (const p of path.slice(0, -1)) cur = cur[p as any];
  const last = path[path.length - 1];
  if (where === 'key' && !Array.isArray(cur)) {
    cur[secret] = cur[last as any];
    delete cur[last as any];
    return stringify(doc);
  }
  if (where === 'value' || where === 'key') {
    cur[last as any] = secret;
    return stringify(doc);
  }
  const name = secret;
  cur[last as any] = '@@PLANT@@';
  const text = stringify(doc);
  const replacement = where === 'alias' ? `*${name}` : where === 'anchor' ? `&${name} x` : `!${name} x`;
  return text.replace(/"?@@PLANT@@"?/, replacement);
}

const placement = fc.oneof(
  fc.record({ secret: planted, pick: fc.nat(), where: fc.constantFrom<Where>('value', 'key', 'document') }),
  // an anchor, alias or tag name is one word: a token is what fits there
  fc.record({ secret: token, pick: fc.nat(), where: fc.constantFrom<Where>('alias', 'anchor', 'tag') }),
);

/** How many runs had a message about the planted value (that it was hidden): the property is not idle. */
let hiddenSeen = 0;

function expectHidden(err: string, secret: { text: string; body: string }): void {
  expect(err).not.toMatch(LOOKS_LIKE);
  expect(err).not.toContain(secret.body);
  if (/\(value hidden\)|value is hidden|name hidden/.test(err)) hiddenSeen++;
}

const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 60) };

test('spec files and controller specs: validate and synth never print a credential', async () => {
  hiddenSeen = 0;
  await fc.assert(fc.asyncProperty(placement, fc.boolean(), async ({ secret, pick, where }, controller) => {
    const file = writeIn(dir, 'spec.yaml', plant(controller ? controllerSpec() : fullSpec(false), secret.text, pick, where));
    const validate = await runCli(['validate', '-f', file]);
    expectHidden(validate.err, secret);
    const synth = await runCli(['synth', '-q', '-f', file, '-o', `${dir}/out`]);
    expectHidden(synth.err, secret);
  }), runs);
  expect(hiddenSeen).toBeGreaterThan(runs.numRuns / 4);
});

test('Helm values: validate, synth and convert never print a credential', async () => {
  hiddenSeen = 0;
  await fc.assert(fc.asyncProperty(placement, async ({ secret, pick, where }) => {
    const file = writeIn(dir, 'values.yaml', plant(chartValues(), secret.text, pick, where));
    const release = ['--helm-values', file, '--release', 'rel', '--namespace', 'ci'];
    for (const argv of [['validate', ...release], ['synth', '-q', ...release, '-o', `${dir}/helm-out`], ['convert', ...release]]) {
      expectHidden((await runCli(argv)).err, secret);
    }
  }), runs);
  expect(hiddenSeen).toBeGreaterThan(runs.numRuns / 4);
});
