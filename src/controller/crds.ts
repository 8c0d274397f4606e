/**
 * ARC's four CustomResourceDefinitions (the copy under `crds/`), read from disk only when asked
 * for: a run without a controller never touches them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CRD_DIR, CRD_FILES } from './constants';

/** The package's `crds/` folder, found from this file upward (works from `src/` and from `lib/src/`). */
export function crdDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, CRD_DIR);
    if (existsSync(join(candidate, CRD_FILES[0]))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${CRD_DIR}/ folder of this package above ${from}`);
    dir = parent;
  }
}

/** The text of each CRD file, in `CRD_FILES` order, without document markers. */
export function crdTexts(dir: string = crdDir()): string[] {
  return CRD_FILES.map((f) => {
    const text = readFileSync(join(dir, f), 'utf8').replace(/^---\s*\n/, '');
    return text.endsWith('\n') ? text : `${text}\n`;
  });
}

/** The four CRDs as one YAML stream, as the files hold them. */
export function crdsYaml(dir?: string): string {
  return crdTexts(dir).join('---\n');
}
