/** Once per jest run, after the last test file: removes the run's TMPDIR (test/global-setup.ts). */
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.GHA_RS_TEST_TMPDIR;
  if (!dir) return;
  rmSync(dir, { recursive: true, force: true });
  if (process.env.GHA_RS_TEST_OUTER_TMPDIR) process.env.TMPDIR = process.env.GHA_RS_TEST_OUTER_TMPDIR;
  else delete process.env.TMPDIR;
}
