/**
 * Temporary folders for tests: every folder made here is removed after the test file's last test
 * (test/setup.ts), so a run leaves nothing behind in the system's temporary folder.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh, empty folder, removed after the current test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gha-rs-test-'));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir()` made so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    // a test may have taken its permissions away
    try {
      chmodSync(dir, 0o700);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
