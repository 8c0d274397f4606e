import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/cli';
import { tempDir } from '../support/temp';

const dir = tempDir();
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}
const values = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

test('convert prints a spec; exit 0 when everything is expressible', async () => {
  const f = values('ok.yaml', 'githubConfigUrl: https://github.com/a\ngithubConfigSecret: gh\nmaxRunners: 4\ncontrollerServiceAccount: {name: c, namespace: n}\n');
  const r = await run(['convert', '--helm-values', f, '--release', 'rel', '--namespace', 'ns']);
  expect(r.status).toBe(0);
  const doc = parse(r.out);
  expect(doc).toMatchObject({ kind: 'KubernetesGhaRunnerScaleSet', metadata: { name: 'rel' }, spec: { namespace: 'ns', github: { existingSecretName: 'gh' }, scaling: { maxRunners: 4 } } });
});

test('convert says which values it cannot express, on stderr, and exits 1', async () => {
  const f = values('nomax.yaml', 'githubConfigUrl: https://github.com/a\ngithubConfigSecret: gh\n');
  const r = await run(['convert', '--helm-values', f, '--release', 'rel', '--namespace', 'ns', '-q']);
  expect(r.status).toBe(1);
  expect(r.err).toContain('maxRunners: cannot be expressed in a spec file');
  expect(parse(r.out).kind).toBe('KubernetesGhaRunnerScaleSet');
});

test('synth --helm-values writes nothing on errors and needs --release and --namespace', async () => {
  const out = join(dir, 'out');
  const f = values('bad.yaml', 'githubConfigSecret: {github_token: ""}\n');
  const r = await run(['synth', '--helm-values', f, '--release', 'rel', '--namespace', 'ns', '-o', out]);
  expect(r.status).toBe(1);
  expect(r.err).toContain('githubConfigUrl: is required');
  expect(existsSync(out)).toBe(false);
  expect(await run(['synth', '--helm-values', f, '-o', out])).toMatchObject({ status: 2, err: expect.stringContaining('--helm-values needs --release and --namespace') });
});

test('synth --helm-values writes one file named after the namespace and release', async () => {
  const out = join(dir, 'out2');
  const f = values('good.yaml', 'githubConfigUrl: https://github.com/a\ngithubConfigSecret: gh\n');
  const r = await run(['synth', '--helm-values', f, '--release', 'rel', '--namespace', 'ns', '-o', out]);
  expect(r.status).toBe(0);
  expect(r.err).toContain('warning:');
  expect(readdirSync(out).sort()).toEqual(['.gha-rs-files', 'scale-set.ns.rel.k8s.yaml']);
});
