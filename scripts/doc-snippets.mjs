// The TypeScript blocks of README.md and docs/*.md, for the consumer test to compile (and run)
// in a cdk8s app as `cdk8s init` sets one up. The info string of a block says what it is:
//
//   ```ts            a whole program: compiled as it is, then run (node, in an empty folder
//                    holding sealing-cert.pem; GITHUB_TOKEN set); it must exit 0 and write dist/
//   ```ts fragment   statements that use names exported by test/consumer-app/snippets/prelude.ts
//                    (app, chart, runners, controller, JsonPatch, …): compiled after an import
//                    of the prelude names they use
//   ```ts excerpt    lines of test/consumer-app/main.ts, which is compiled and synthesized as a
//                    whole; test/docs.test.ts checks that every line is there
//
// Any other info string starting with "ts" is an error, so that no block goes unchecked.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const KINDS = ['ts', 'ts fragment', 'ts excerpt'];

/** README.md and every page of docs/, as paths relative to `root`. */
export function docPages(root) {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

/** Every ```ts block of the pages: {page, line (1-based, of the opening fence), kind, code}. */
export function tsBlocks(root) {
  const found = [];
  for (const page of docPages(root)) {
    const lines = readFileSync(join(root, page), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(.*)$/.exec(lines[i]);
      if (!open) continue;
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      if (end < 0) throw new Error(`${page}:${i + 1}: a code block that is never closed`);
      const info = open[1].trim().replace(/\s+/g, ' ');
      if (/^(ts|typescript)\b/.test(info)) {
        if (!KINDS.includes(info)) throw new Error(`${page}:${i + 1}: "\`\`\`${info}": a TypeScript block is one of ${KINDS.map((k) => `\`\`\`${k}`).join(', ')}`);
        found.push({ page, line: i + 1, kind: info, code: lines.slice(i + 1, end).join('\n') + '\n' });
      }
      i = end;
    }
  }
  return found;
}

/** The names prelude.ts exports. */
export function preludeNames(preludeText) {
  const names = new Set();
  for (const m of preludeText.matchAll(/^export const (\w+)/gm)) names.add(m[1]);
  for (const m of preludeText.matchAll(/^export \{([^}]*)\}/gm)) for (const n of m[1].split(',')) if (n.trim()) names.add(n.trim());
  return [...names];
}

/**
 * The files to write into the app's snippets/ folder: one per whole program or fragment, named
 * after its page and line; `run` is true for whole programs.
 */
export function snippetFiles(root, preludeText) {
  const names = preludeNames(preludeText);
  return tsBlocks(root).filter((b) => b.kind !== 'ts excerpt').map((b) => {
    const name = `${b.page.replace(/\.md$/, '').replace(/\W+/g, '-')}-${b.line}.ts`;
    const header = `// ${b.page}, the block at line ${b.line} (\`\`\`${b.kind})\n`;
    if (b.kind === 'ts') return { name, page: b.page, line: b.line, run: true, text: header + b.code };
    // a word of the fragment outside strings and comments that the prelude exports
    const bare = b.code.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/'[^'\n]*'|"[^"\n]*"|`[^`]*`/g, '');
    const used = names.filter((n) => new RegExp(`\\b${n}\\b`).test(bare));
    return { name, page: b.page, line: b.line, run: false, text: `${header}import { ${used.join(', ')} } from './prelude';\n\n${b.code}` };
  });
}
