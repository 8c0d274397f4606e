/** The committed dist/ is what `npm run synth` writes from specs/, byte for byte. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

test('dist/ equals a fresh synth of specs/ (run npm run synth after changing either)', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'gha-rs-dist-')), 'dist');
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'gha-rs.js'), 'synth', '-q', '-o', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(files(join(ROOT, 'dist'))).toEqual(files(out));
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});
