/**
 * The V8 code cache of the bundled CLI (bin/gha-rs.js): the one `npm run build` records in lib/
 * for the Node that built it, and the one per Node version the CLI records in the user's cache
 * folder for any other Node (another version, or other V8 flags).
 *
 * The tarball test needs a second Node: GHA_RS_TEST_NODES lists node binaries (separated by the
 * path separator, `:`); without it, the pinned Node versions scripts/node-dist.mjs has already
 * cached are used (.ci/run fetches them). Each one whose version differs from the Node running
 * jest runs a packed tarball built by this one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tempDir } from '../support/specs';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gha-rs.js');
const EXAMPLES = join(ROOT, 'examples');
const META = JSON.parse(readFileSync(join(ROOT, 'lib', 'gha-rs.bundle.json'), 'utf8'));
const THIS_NODE = `${process.version}-${process.arch}`;

function runWith(node: string, flags: string[], bin: string, args: string[], env: Record<string, string | undefined>) {
  const e: NodeJS.ProcessEnv = { ...process.env, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined, ...env };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return spawnSync(node, [...flags, bin, ...args], { encoding: 'utf8', env: e, maxBuffer: 1 << 28 });
}

const validate = (flags: string[], env: Record<string, string | undefined>) => runWith(process.execPath, flags, BIN, ['validate', '-q', '-f', EXAMPLES], env);
const debugLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('gha-rs: debug: '));

test('lib/gha-rs.bundle.json names the bundle by its hash and the Node whose code cache lib/ holds (the one that built it)', () => {
  expect(META.id).toMatch(/^[0-9a-f]{16}$/);
  expect(META.node).toBe(THIS_NODE);
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  expect(createHash('sha256').update(readFileSync(join(ROOT, 'lib', 'gha-rs.bundle.js'))).digest('hex').slice(0, 16)).toBe(META.id);
});

test("the Node that built lib/ uses lib/'s cache and writes nothing to the user's cache folder", () => {
  const cache = tempDir();
  const r = validate([], { GHA_RS_DEBUG: '1', XDG_CACHE_HOME: cache });
  expect(r.status).toBe(0);
  expect(debugLines(r.stderr)).toEqual([`gha-rs: debug: code cache accepted: ${join(ROOT, 'lib', 'gha-rs.bundle.cache')}`]);
  expect(readdirSync(cache)).toEqual([]);
});

test("when V8 rejects lib/'s cache (a V8 flag changes its hash), the CLI records one in the user's cache folder and uses it from the next run on", () => {
  const cache = tempDir();
  const libCache = readFileSync(join(ROOT, 'lib', 'gha-rs.bundle.cache'));
  const mine = join(cache, 'gha-rs', THIS_NODE, `bundle-${META.id}.cache`);
  const first = validate(['--no-opt'], { GHA_RS_DEBUG: '1', XDG_CACHE_HOME: cache });
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/^\d+ specs valid\n$/);
  expect(debugLines(first.stderr)).toEqual([
    `gha-rs: debug: code cache rejected by V8: ${join(ROOT, 'lib', 'gha-rs.bundle.cache')}; recorded after this run (validate)`,
    `gha-rs: debug: written: ${mine}`,
    `gha-rs: debug: written: ${mine.replace(/\.cache$/, '.kinds')}`,
  ]);
  expect(statSync(mine).size).toBeGreaterThan(100_000);
  const second = validate(['--no-opt'], { GHA_RS_DEBUG: '1', XDG_CACHE_HOME: cache });
  expect(second.status).toBe(0);
  expect(debugLines(second.stderr)).toEqual([`gha-rs: debug: code cache accepted: ${mine}`]);
  // without GHA_RS_DEBUG nothing is said; lib/ is never written by a run
  const quiet = validate(['--no-opt'], { XDG_CACHE_HOME: cache });
  expect(quiet.stderr).toBe('');
  expect(readFileSync(join(ROOT, 'lib', 'gha-rs.bundle.cache')).equals(libCache)).toBe(true);
  // the same folder under NODE_COMPILE_CACHE (Node's own variable) when it is set
  const nodeCache = tempDir();
  const viaNode = validate(['--no-opt'], { GHA_RS_DEBUG: '1', XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: nodeCache });
  expect(viaNode.stderr).toContain(`written: ${join(nodeCache, 'gha-rs', THIS_NODE, `bundle-${META.id}.cache`)}`);
});

test('an unwritable cache folder costs only the speed: the run succeeds and says nothing without GHA_RS_DEBUG', () => {
  // a regular file where the folder should be: unwritable even for root
  const file = join(tempDir(), 'not-a-folder');
  writeFileSync(file, '');
  const quiet = validate(['--no-opt'], { XDG_CACHE_HOME: file });
  expect(quiet.status).toBe(0);
  expect(quiet.stderr).toBe('');
  const said = validate(['--no-opt'], { XDG_CACHE_HOME: file, GHA_RS_DEBUG: '1' });
  expect(said.status).toBe(0);
  expect(debugLines(said.stderr)[1]).toBe(`gha-rs: debug: not written (ENOTDIR): ${join(file, 'gha-rs', THIS_NODE, `bundle-${META.id}.cache`)}`);
  // NODE_DISABLE_COMPILE_CACHE: no cache folder at all
  const off = validate(['--no-opt'], { GHA_RS_DEBUG: '1', NODE_DISABLE_COMPILE_CACHE: '1' });
  expect(debugLines(off.stderr)).toEqual([`gha-rs: debug: code cache rejected by V8: ${join(ROOT, 'lib', 'gha-rs.bundle.cache')}`]);
});

test("the plain modules (GHA_RS_NO_BUNDLE) use Node's own compile cache where Node has one (22.1+)", () => {
  const cache = tempDir();
  const r = validate([], { GHA_RS_DEBUG: '1', GHA_RS_NO_BUNDLE: '1', XDG_CACHE_HOME: cache });
  expect(r.status).toBe(0);
  const hasIt = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  if (hasIt) {
    expect(debugLines(r.stderr)).toEqual([`gha-rs: debug: Node's compile cache enabled in ${join(cache, 'gha-rs', THIS_NODE)}`]);
    expect(readdirSync(join(cache, 'gha-rs', THIS_NODE)).length).toBe(1);
  } else {
    expect(debugLines(r.stderr)).toEqual([`gha-rs: debug: Node's compile cache: not in Node ${process.version}`]);
  }
});

/** The pinned Node binaries scripts/node-dist.mjs has cached (never fetched here). */
function cachedNodes(): string[] {
  const pins = execFileSync(process.execPath, [join(ROOT, 'scripts', 'node-dist.mjs'), '--list'], { encoding: 'utf8' });
  const cache = process.env.GHA_RS_NODE_CACHE ?? '';
  return pins.trim().split('\n').map((l) => join(cache, l.split(' ')[1], 'bin', 'node')).filter((b) => cache && existsSync(b));
}

/** Other Node binaries to run a tarball built by this one with: GHA_RS_TEST_NODES, else those cached; each a different version. */
function otherNodes(): { node: string; version: string }[] {
  const listed = process.env.GHA_RS_TEST_NODES ? process.env.GHA_RS_TEST_NODES.split(delimiter).filter(Boolean) : cachedNodes();
  return listed
    .map((node) => ({ node, version: execFileSync(node, ['-p', '`${process.version}-${process.arch}`'], { encoding: 'utf8' }).trim() }))
    .filter((n) => n.version !== THIS_NODE);
}

const others = otherNodes();
const tarballTest = others.length ? test : test.skip;
if (!others.length) {
  // say why, so that a CI log shows the test did not run
  process.stderr.write('code-cache.test.ts: no other Node in GHA_RS_TEST_NODES nor cached by scripts/node-dist.mjs: the tarball-on-another-Node test is skipped\n');
}

tarballTest(`a tarball packed on ${process.version}, installed read-only and run on ${others.map((o) => o.version).join(', ') || 'another Node'}, uses a valid code cache from its second run on`, () => {
  const work = tempDir();
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
  execFileSync('tar', ['xzf', join(work, packed.filename), '-C', work]);
  const pkg = join(work, 'package');
  // the install is read-only: nothing can be written beside the bundle
  execFileSync('chmod', ['-R', 'a-w', pkg]);
  const bin = join(pkg, 'bin', 'gha-rs.js');
  const expected = runWith(process.execPath, [], bin, ['synth', '-f', EXAMPLES, '-o', '-'], {});
  expect(expected.status).toBe(0);
  for (const { node, version } of others) {
    const cache = tempDir();
    const mine = join(cache, 'gha-rs', version, `bundle-${META.id}.cache`);
    const env = { GHA_RS_DEBUG: '1', XDG_CACHE_HOME: cache };
    const first = runWith(node, [], bin, ['synth', '-f', EXAMPLES, '-o', '-'], env);
    expect(first.status).toBe(0);
    expect(debugLines(first.stderr)).toEqual([
      `gha-rs: debug: code cache none for ${version.replace(/-\w+$/, '')} (lib/ holds ${THIS_NODE}'s): ${mine}; recorded after this run (synth)`,
      `gha-rs: debug: written: ${mine}`,
      `gha-rs: debug: written: ${mine.replace(/\.cache$/, '.kinds')}`,
    ]);
    for (const run of [2, 3]) {
      const r = runWith(node, [], bin, ['synth', '-f', EXAMPLES, '-o', '-'], env);
      expect([run, r.status]).toEqual([run, 0]);
      expect([run, debugLines(r.stderr)]).toEqual([run, [`gha-rs: debug: code cache accepted: ${mine}`]]);
      expect(r.stdout).toBe(expected.stdout);
    }
    // a run of another kind (here --helm-values) records the cache again, with what it compiled
    // added; from then on both kinds use it without recording
    const helm = ['synth', '--helm-values', join(ROOT, 'examples-helm', 'install', 'docker-values.yaml'), '--release', 'docker', '-n', 'arc-runners', '-o', '-'];
    const size = statSync(mine).size;
    const firstHelm = runWith(node, [], bin, helm, env);
    expect(firstHelm.status).toBe(0);
    expect(debugLines(firstHelm.stderr)[0]).toBe(`gha-rs: debug: code cache accepted: ${mine}; recorded after this run (synth --helm-values)`);
    expect(statSync(mine).size).toBeGreaterThan(size);
    expect(readFileSync(mine.replace(/\.cache$/, '.kinds'), 'utf8')).toBe('synth\nsynth --helm-values\n');
    for (const args of [helm, ['synth', '-f', EXAMPLES, '-o', '-']]) {
      expect(debugLines(runWith(node, [], bin, args, env).stderr)).toEqual([`gha-rs: debug: code cache accepted: ${mine}`]);
    }
    expect(existsSync(join(pkg, 'lib', `bundle-${META.id}.cache`))).toBe(false);
  }
  execFileSync('chmod', ['-R', 'u+w', pkg]);
  chmodSync(pkg, 0o755);
}, 120_000);
