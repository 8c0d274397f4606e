/**
 * What one run loads: scripts/bundle.js gives cdk8s a stand-in for `child_process` that loads the
 * real module on first use, and the CLI writes its output without
 * process.stdout (src/cli/stdio.ts), so a synth of one spec never loads Node's child_process and
 * net modules (bench/README.md has the measured gain).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/specs';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gha-rs.js');

/** The built-in modules a run of the CLI loaded, with its exit status and output. */
function loadedBy(args: string[], env: Record<string, string> = {}) {
  const dir = tempDir();
  const report = join(dir, 'loaded.txt');
  const preload = join(dir, 'preload.js');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, process.moduleLoadList.join('\\n')));`);
  const r = spawnSync(process.execPath, ['-r', preload, BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const modules = new Set(readFileSync(report, 'utf8').split('\n').filter((l) => l.startsWith('NativeModule ')).map((l) => l.slice('NativeModule '.length)));
  return { ...r, modules };
}

test('a synth of one spec, warnings and summary printed, loads neither child_process nor net', () => {
  const out = join(tempDir(), 'out');
  const r = loadedBy(['synth', '-f', join(ROOT, 'specs', 'example.yaml'), '-o', out]);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`1 scale set written to ${out} (2 files)\n`);
  expect(r.modules.has('fs')).toBe(true);
  expect([...r.modules].filter((m) => ['child_process', 'net', 'tty'].includes(m))).toEqual([]);
});

test('the plain modules (GHA_RS_NO_BUNDLE) load them, as cdk8s requires them: the check above can fail', () => {
  const out = join(tempDir(), 'out');
  const r = loadedBy(['synth', '-q', '-f', join(ROOT, 'specs', 'example.yaml'), '-o', out], { GHA_RS_NO_BUNDLE: '1' });
  expect(r.status).toBe(0);
  expect(r.modules.has('child_process')).toBe(true);
});
