/** Input that cannot hang a run or exhaust the machine: regular files only, a size limit, a nesting limit. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_LIMIT } from '../../src/constants';
import { fastParseAll } from '../../src/input/fast-yaml';
import { loadHelmRelease } from '../../src/input/helm/load';
import { readInputFile, tooDeep } from '../../src/input/limits';
import { formatProblem, SpecError } from '../../src/input/problems';
import { loadSpecs } from '../../src/input/load';
import { tempDir } from '../support/temp';

const BIN = join(__dirname, '..', '..', 'bin', 'gha-rs.js');
const DEEP = `is nested more than ${INPUT_LIMIT.nesting} levels deep (maps and lists); no spec or values file needs that many`;

/** Every problem of loading `paths`, as the CLI prints them. */
function problems(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

function file(dir: string, name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** Nested maps `a: a: ...`, `n` levels, in block style. */
const blockMaps = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n');

describe('regular files only', () => {
  test('/dev/zero is refused at once, not read', () => {
    expect(readInputFile('/dev/zero')).toEqual({ problem: 'is a character device, not a regular file (gha-rs reads regular files only)' });
  });

  test('a FIFO named like a spec is refused, not waited on', () => {
    const dir = tempDir();
    const fifo = join(dir, 'x.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(readInputFile(fifo)).toEqual({ problem: 'is a named pipe (FIFO), not a regular file (gha-rs reads regular files only)' });
    // as users run it: a separate process that must end
    const r = spawnSync(process.execPath, [BIN, 'validate', '-f', fifo, '-f', '/dev/zero'], { encoding: 'utf8', timeout: 20000 });
    expect(r.stderr).toBe([
      `error: ${fifo}: is a named pipe (FIFO), not a regular file (gha-rs reads regular files only)`,
      'error: /dev/zero: is a character device, not a regular file (gha-rs reads regular files only)',
      '2 problems found.', '',
    ].join('\n'));
    expect(r.status).toBe(1);
  });

  test('a values file that is a device is refused too', () => {
    expect(problems(() => loadHelmRelease('/dev/zero', { releaseName: 'r', namespace: 'n' }, '/'))).toEqual([
      'dev/zero: is a character device, not a regular file (gha-rs reads regular files only)',
    ]);
  });

  test('a file that cannot be opened says why and what to do', () => {
    expect(readInputFile('/nonexistent/x.yaml')).toEqual({ problem: 'cannot be read: does not exist; check the path (ENOENT)' });
  });
});

describe('size limit', () => {
  test(`a file over ${INPUT_LIMIT.fileBytes} bytes is refused without being parsed; one at the limit is read`, () => {
    const dir = tempDir();
    const big = file(dir, 'big.yaml', `# ${'x'.repeat(INPUT_LIMIT.fileBytes)}\n`);
    expect(readInputFile(big)).toEqual({ problem: `is ${INPUT_LIMIT.fileBytes + 3} bytes, over the limit of 4 MiB (4194304 bytes) for a spec or values file; split it into several files` });
    const huge = file(dir, 'huge.yaml', `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect(readInputFile(huge)).toEqual({ problem: `is ${5 * 1024 * 1024 + 3} bytes, over the limit of 4 MiB (4194304 bytes) for a spec or values file; split it into several files` });
    const atLimit = file(dir, 'ok.yaml', `# ${'x'.repeat(INPUT_LIMIT.fileBytes - 3)}\n`);
    expect(readInputFile(atLimit)).toEqual({ text: expect.stringMatching(/^# x+\n$/) });
    expect(INPUT_LIMIT.fileBytes).toBe(4 * 1024 * 1024);
  });

  test('a 50 MB annotation is refused as a file over the limit', () => {
    const dir = tempDir();
    const f = file(dir, 'spec.yaml', `kind: KubernetesGhaRunnerScaleSet\nspec:\n  annotations:\n    big: ${'x'.repeat(50 * 1000 * 1000)}\n`);
    expect(problems(() => loadSpecs([f]))).toEqual([`${f}: is 50000065 bytes, over the limit of 4 MiB (4194304 bytes) for a spec or values file; split it into several files`]);
  });
});

describe('nesting limit', () => {
  test('3,000 levels of [ : one problem naming the file, and the other files\' problems still reported', () => {
    const dir = tempDir();
    file(dir, 'a.yaml', `a: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    file(dir, 'b.yaml', 'kind: Foo\n');
    file(dir, 'c.yaml', `${blockMaps(2000)}\n`);
    expect(problems(() => loadSpecs([dir]))).toEqual([
      `${join(dir, 'a.yaml')}: ${DEEP}`,
      `${join(dir, 'b.yaml')}: kind: "Foo" is not a kind this tool reads; allowed: KubernetesGhaRunnerScaleSet, KubernetesGhaRunnerScaleSetController (line 1)`,
      `${join(dir, 'c.yaml')}: ${DEEP}`,
    ]);
  });

  test('a document just over the limit names the field and its line', () => {
    const dir = tempDir();
    const f = file(dir, 'a.yaml', `${blockMaps(INPUT_LIMIT.nesting + 1)} x\n`);
    const path = Array(INPUT_LIMIT.nesting).fill('a').join('.');
    expect(problems(() => loadSpecs([f]))).toEqual([`${f}: ${path}: ${DEEP} (line ${INPUT_LIMIT.nesting})`]);
  });

  test('at the limit a document is read (and checked as a spec)', () => {
    const dir = tempDir();
    const f = file(dir, 'a.yaml', `${blockMaps(INPUT_LIMIT.nesting)} x\n`);
    expect(problems(() => loadSpecs([f]))[0]).toMatch(/a\.yaml: kind: is required/);
  });

  test('Helm values: too deep is one problem naming the file', () => {
    const dir = tempDir();
    const flow = file(dir, 'flow.yaml', `template: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    const block = file(dir, 'block.yaml', `template:\n${blockMaps(100).replace(/^/gm, ' ')}\n`);
    const release = { releaseName: 'r', namespace: 'n' };
    expect(problems(() => loadHelmRelease(flow, release, dir))).toEqual([`flow.yaml: ${DEEP}`]);
    expect(problems(() => loadHelmRelease(block, release, dir))).toEqual([`block.yaml: template${'.a'.repeat(INPUT_LIMIT.nesting - 1)}: ${DEEP} (line ${INPUT_LIMIT.nesting})`]);
  });

  test('the fast reader gives up beyond the limit, and reads up to it', () => {
    const flow = (n: number) => `a: ${'['.repeat(n - 1)}${']'.repeat(n - 1)}\n`;
    expect(fastParseAll(flow(INPUT_LIMIT.nesting))).toBeDefined();
    expect(fastParseAll(flow(INPUT_LIMIT.nesting + 1))).toBeUndefined();
    expect(fastParseAll(`${blockMaps(INPUT_LIMIT.nesting)} x\n`)).toBeDefined();
    expect(fastParseAll(`${blockMaps(INPUT_LIMIT.nesting + 1)} x\n`)).toBeUndefined();
    expect(fastParseAll(`${'- '.repeat(INPUT_LIMIT.nesting + 1)}x\n`)).toBeUndefined();
  });

  test('tooDeep measures any depth without recursion and gives the path', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100000; i++) deep = [deep];
    expect(tooDeep(deep)).toEqual(Array(INPUT_LIMIT.nesting).fill(0));
    expect(tooDeep({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(tooDeep({ a: [{ b: {} }] }, 3)).toEqual(['a', 0, 'b']);
  });
});
