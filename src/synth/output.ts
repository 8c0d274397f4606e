/**
 * Writes output as a whole or not at all: files go to a temporary folder beside the
 * output folder, which then takes the output folder's place. A failed run leaves the
 * previous output exactly as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OUTPUT } from '../constants';
import { UserError } from '../errors';
import type { OutputFile } from './fleet';

/** Refuses to replace a folder that holds anything this tool did not write. */
function checkOwned(dir: string): void {
  const st = statSync(dir);
  if (!st.isDirectory()) throw new UserError(`${dir}: exists and is not a folder`);
  const foreign = readdirSync(dir).filter((f) => !f.endsWith(OUTPUT.extension) || statSync(join(dir, f)).isDirectory());
  if (foreign.length) {
    throw new UserError(`${dir}: holds files gha-rs did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); `
      + `the output folder is replaced as a whole, so choose an empty folder or one only gha-rs writes`);
  }
}

export function replaceOutputDir(outDir: string, files: readonly OutputFile[]): void {
  const target = resolve(outDir);
  const exists = existsSync(target);
  if (exists) checkOwned(target);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  // mkdir, not mkdtemp (0700): the output folder gets the mode the umask gives, as any mkdir
  const staging = join(parent, `.${basename(target)}.new-${process.pid}-${Date.now()}`);
  mkdirSync(staging);
  try {
    for (const f of files) writeFileSync(join(staging, f.name), f.content);
    if (!exists) {
      renameSync(staging, target);
      return;
    }
    const old = mkdtempSync(join(parent, `.${basename(target)}.old-`));
    rmSync(old, { recursive: true });
    renameSync(target, old);
    try {
      renameSync(staging, target);
    } catch (e) {
      renameSync(old, target);
      throw e;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
