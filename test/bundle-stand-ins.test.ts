/**
 * The stand-ins scripts/bundle.js gives cdk8s for Node modules it loads but a run rarely uses
 * (`child_process`): the same names, the same behaviour, and the real module loaded only on use.
 */
import { join } from 'node:path';

const { lazyModuleSource, LAZY } = require(join(__dirname, '..', 'scripts', 'bundle.js')) as {
  lazyModuleSource: (name: string) => string;
  LAZY: string[];
};

/** Evaluates a stand-in as esbuild wraps it; `loads` counts its requires of the real module. */
function standIn(name: string) {
  const loads: string[] = [];
  const exports: Record<string, unknown> = {};
  const req = (id: string) => {
    loads.push(id);
    return require(id);
  };
  new Function('exports', 'require', lazyModuleSource(name))(exports, req);
  return { exports, loads };
}

test.each(LAZY)('%s: the same names as the real module, and nothing loaded until used', (name) => {
  const real = require(name);
  const { exports, loads } = standIn(name);
  expect(Object.keys(exports).sort()).toEqual(Object.keys(real).sort());
  expect(loads).toEqual([]);
});

test('child_process: functions behave as the real ones, classes construct, values read through', () => {
  const real = require('node:child_process');
  const { exports, loads } = standIn('child_process');
  const cp = exports as unknown as typeof import('node:child_process');
  const args = ['-e', 'process.stdout.write(String(6 * 7))'];
  expect(cp.execFileSync(process.execPath, args, { encoding: 'utf8' })).toBe(real.execFileSync(process.execPath, args, { encoding: 'utf8' }));
  expect(loads).toEqual(['node:child_process']);
  const r = cp.spawnSync(process.execPath, ['-e', 'process.exit(3)']);
  expect(r.status).toBe(3);
  const child = new cp.ChildProcess();
  expect(child).toBeInstanceOf(real.ChildProcess);
  expect(child).toBeInstanceOf(cp.ChildProcess);
  expect(new real.ChildProcess()).toBeInstanceOf(cp.ChildProcess);
  expect(() => cp.execFileSync('/nonexistent/gha-rs-test')).toThrow(/ENOENT/);
  expect(loads).toEqual(['node:child_process']);
});
