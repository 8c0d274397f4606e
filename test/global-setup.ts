/**
 * Once per jest run, before any test file: compiles the CRD schemas for test/support/schema.ts,
 * and points TMPDIR at a folder of this run's own, which the workers (and the CLI processes tests
 * start) inherit; test/global-teardown.ts removes it with everything in it, so that a run leaves
 * nothing behind, cdk8s' `Testing.app()` output folders included.
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCrdValidators } from './support/schema';

export default function globalSetup(): void {
  compileCrdValidators();
  const dir = mkdtempSync(join(tmpdir(), 'gha-rs-test-run-'));
  // open to every user, as the system's temporary folder is: some tests run the CLI as another user
  chmodSync(dir, 0o1777);
  process.env.GHA_RS_TEST_TMPDIR = dir;
  process.env.GHA_RS_TEST_OUTER_TMPDIR = process.env.TMPDIR ?? '';
  process.env.TMPDIR = process.env.GHA_RS_TEST_TMPDIR;
  // the Node binaries scripts/node-dist.mjs has cached stay where they are (test/cli/code-cache.test.ts
  // runs the CLI on them) ...
  process.env.GHA_RS_NODE_CACHE ??= join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gha-rs', 'node');
  // ... while the CLI's code cache for a Node other than the one that built lib/ (bin/gha-rs.js)
  // goes to this run's folder, never the user's
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  delete process.env.NODE_COMPILE_CACHE;
}
