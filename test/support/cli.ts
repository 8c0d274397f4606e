import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli';

/** The CLI in-process: exit status, stdout and stderr as text. */
export async function runCli(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** Writes `text` to `dir/name`; returns the path. */
export function writeIn(dir: string, name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/**
 * The bundled CLI, copied where every user can read it, for tests that run it as another user
 * (root may read anything, so as root such tests run as uid 65534): a checkout inside a folder
 * only its owner may enter (`mktemp -d`, `/root`) is out of that user's reach. The copy (the
 * launcher, the bundle with its code cache and metadata, and `crds/`) goes to this run's TMPDIR, open to
 * every user (test/global-setup.ts). A reason to skip instead when that user cannot run it
 * there either (a TMPDIR inside a private folder): the caller skips and prints the reason.
 */
export function binFor(uid: number): { bin: string } | { skip: string } {
  const root = join(__dirname, '..', '..');
  const dir = join(tmpdir(), `gha-rs-readable-cli-${process.pid}`);
  const bin = join(dir, 'bin', 'gha-rs.js');
  if (!existsSync(bin)) {
    const bundle = readdirSync(join(root, 'lib')).filter((f) => f.startsWith('gha-rs.bundle.')).map((f) => `lib/${f}`);
    for (const f of ['bin/gha-rs.js', ...bundle, ...readdirSync(join(root, 'crds')).filter((f) => f.endsWith('.yaml')).map((f) => `crds/${f}`)]) {
      mkdirSync(dirname(join(dir, f)), { recursive: true, mode: 0o755 });
      copyFileSync(join(root, f), join(dir, f));
      chmodSync(join(dir, f), 0o644);
    }
    for (const d of [dir, join(dir, 'bin'), join(dir, 'lib'), join(dir, 'crds')]) chmodSync(d, 0o755);
  }
  const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', uid, gid: uid });
  if (r.status !== 0) return { skip: `uid ${uid} cannot run the CLI copied to ${dir} (${(r.stderr || r.error?.message || '').trim().split('\n')[0]})` };
  return { bin };
}
