/** The habits kubectl, helm and cdk8s users bring: help per command, -v, -n, -o -, a closed pipe, no stray options. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseYaml } from '../support/compare';
import { main } from '../../src/cli';
import { COMMANDS, OPTIONS, commandUsage, parseArgs, usage } from '../../src/cli/args';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gha-rs.js');
const EXAMPLE = join(ROOT, 'specs', 'example.yaml');
const dir = mkdtempSync(join(tmpdir(), 'gha-rs-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const VALUES = join(dir, 'values.yaml');
/** How messages name a file: relative to the working folder. */
const shown = (file: string) => relative(process.cwd(), file);
writeFileSync(VALUES, 'githubConfigUrl: https://github.com/acme\ngithubConfigSecret: gh\nmaxRunners: 3\ncontrollerServiceAccount: {name: c, namespace: arc-systems}\n');

describe('help', () => {
  test.each(['synth', 'validate', 'convert'] as const)('gha-rs %s --help, -h and gha-rs help %s describe that command', (command) => {
    const expected = commandUsage(command);
    expect(expected.split('\n')[0]).toMatch(new RegExp(`^Usage: gha-rs ${command} `));
    expect(expected).toContain(`${COMMANDS[command].summary[0].toUpperCase()}${COMMANDS[command].summary.slice(1)}.`);
    for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) {
      expect(run(...argv)).toEqual({ status: 0, out: expected, err: '' });
    }
  });

  test('each command\'s help lists exactly the options it takes', () => {
    expect(commandUsage('synth')).toContain('-o, --output DIR');
    expect(commandUsage('synth')).toContain('    --stdout');
    expect(commandUsage('validate')).not.toContain('--output');
    expect(commandUsage('validate')).toContain('--helm-values FILE');
    expect(commandUsage('validate')).toContain('-n, --namespace NS');
    expect(commandUsage('convert')).not.toContain('--file');
  });

  test('gha-rs help, --help and -h print the overview on stdout; no command prints it on stderr with status 2', () => {
    for (const argv of [['help'], ['--help'], ['-h']]) expect(run(...argv)).toEqual({ status: 0, out: usage(), err: '' });
    expect(usage()).toContain('Run gha-rs help COMMAND (or gha-rs COMMAND --help) for a command\'s options.');
    expect(run()).toEqual({ status: 2, out: '', err: usage() });
  });

  test('gha-rs help of an unknown command', () => {
    expect(run('help', 'deploy')).toEqual({
      status: 2, out: '',
      err: 'error: unknown command "deploy"; allowed: synth, validate, convert, takeover, help, version\nRun gha-rs --help for usage.',
    });
  });
});

test('-v, --version and gha-rs version print the package version', () => {
  const { version } = require('../../package.json');
  for (const argv of [['-v'], ['--version'], ['version'], ['synth', '--version']]) {
    const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8' });
    expect({ status: r.status, out: r.stdout, err: r.stderr }).toEqual({ status: 0, out: `${version}\n`, err: '' });
  }
});

describe('options', () => {
  test('-n is --namespace', () => {
    expect(parseArgs(['synth', '--helm-values', 'v.yaml', '--release', 'r', '-n', 'ns']).options).toEqual({ 'helm-values': 'v.yaml', 'release': 'r', 'namespace': 'ns' });
    expect(parseArgs(['synth', '--namespace=ns']).options).toEqual({ namespace: 'ns' });
  });

  test('--stdout is -o -', () => {
    expect(parseArgs(['synth', '--stdout']).out).toBe('-');
    expect(parseArgs(['synth', '-o', '-']).out).toBe('-');
    expect(parseArgs(['synth', '--stdout', '-o', 'dist']).errors).toEqual(['--stdout and -o dist cannot be combined']);
  });

  test('every mistake at once, with the option as typed', () => {
    expect(parseArgs(['synth', '-f', '--quiet', '--bogus', '--quiet=1', '-o', 'a', '--output', 'b', 'extra']).errors).toEqual([
      'unexpected argument "extra"',
      '-f needs a value (found the option --quiet)',
      'unknown option --bogus',
      '--quiet takes no value',
      '-o, --output is given twice ("a" and "b")',
    ]);
  });

  test('validate and convert reject the options they do not use', () => {
    expect(run('validate', '-o', 'out', '-f', EXAMPLE)).toEqual({
      status: 2, out: '', err: 'error: -o is not an option of gha-rs validate; see gha-rs validate --help\nRun gha-rs validate --help for usage.',
    });
    expect(run('validate', '--stdout').err).toContain('error: --stdout is not an option of gha-rs validate');
    expect(run('convert', '-f', EXAMPLE).err).toContain('error: -f is not an option of gha-rs convert');
  });

  test('every option names commands that exist', () => {
    for (const o of Object.values(OPTIONS)) {
      if (o.commands !== 'all') for (const c of o.commands) expect(Object.keys(COMMANDS)).toContain(c);
    }
  });
});

describe('validate', () => {
  test('accepts --helm-values like synth', () => {
    expect(run('validate', '--helm-values', VALUES, '--release', 'rel', '-n', 'ci')).toEqual({ status: 0, out: `${shown(VALUES)}: values of release rel valid`, err: '' });
  });

  test('Helm values problems: reported, and no word of writing', () => {
    const bad = join(dir, 'bad-values.yaml');
    writeFileSync(bad, 'githubConfigUrl: https://github.com/acme\ngithubConfigSecret: gh\nmaxRunners: -2\n');
    const r = run('validate', '--helm-values', bad, '--release', 'rel', '-n', 'ci');
    expect(r.status).toBe(1);
    expect(r.err).toBe(`error: ${shown(bad)}: maxRunners: -2 is negative; maxRunners must be 0 or more (line 3)\n1 problem found.`);
  });

  test('spec problems: no word of writing either; synth says nothing was written', () => {
    const bad = join(dir, 'bad-spec.yaml');
    writeFileSync(bad, 'apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesGhaRunnerScaleSet\nmetadata: {name: x}\n');
    expect(run('validate', '-f', bad).err).toBe(`error: ${bad}: spec: is required (a map) (line 1)\n1 problem found.`);
    expect(run('synth', '-f', bad, '-o', join(dir, 'never')).err).toBe(`error: ${bad}: spec: is required (a map) (line 1)\n1 problem found; nothing was written.`);
  });

  test('release options without --helm-values are a usage error', () => {
    expect(run('validate', '-f', EXAMPLE, '-n', 'ci')).toEqual({ status: 2, out: '', err: 'error: --namespace only go with --helm-values' });
  });
});

describe('as a process', () => {
  test('-o - writes one multi-document YAML stream to stdout and no folder', () => {
    const r = spawnSync(process.execPath, [BIN, 'synth', '-f', EXAMPLE, '-o', '-'], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const docs = parseYaml(r.stdout);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Namespace/arc-runners', 'ServiceAccount/arc-runner-set-gha-rs-no-permission', 'Role/arc-runner-set-gha-rs-manager',
      'RoleBinding/arc-runner-set-gha-rs-manager', 'AutoscalingRunnerSet/arc-runner-set',
    ]);
    expect(r.stdout.split('\n').filter((l) => l === '---')).toHaveLength(4);
    expect(r.stdout.endsWith('\n') && !r.stdout.endsWith('\n\n')).toBe(true);
    const viaStdout = spawnSync(process.execPath, [BIN, 'synth', '-f', EXAMPLE, '--stdout'], { encoding: 'utf8', cwd: dir });
    expect(viaStdout.stdout).toBe(r.stdout);
  });

  test('--helm-values with -o -', () => {
    const r = spawnSync(process.execPath, [BIN, 'synth', '--helm-values', VALUES, '--release', 'rel', '-n', 'ci', '-o', '-'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(parseYaml(r.stdout).map((d) => d.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'AutoscalingRunnerSet']);
  });

  test('a closed pipe ends quietly: exit 0, nothing on stderr', () => {
    // the examples with their controller: the CRDs alone are far more than a pipe buffer
    const r = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${BIN}" synth -q -f "${join(ROOT, 'examples')}" -o - | head -1; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stdout).toBe('apiVersion: apiextensions.k8s.io/v1\nstatus 0\n');
    // nothing but the warning that -q does not hide: examples with a token write it in a Secret
    expect(r.stderr.split('\n').filter((l) => l && !/^warning: standard output \(.*\): Secret .* holds GitHub credentials in plain text/.test(l))).toEqual([]);
  });
});
