import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
