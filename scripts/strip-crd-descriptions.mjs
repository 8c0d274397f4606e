#!/usr/bin/env node
// Copies ARC's CustomResourceDefinitions without their upstream `description` texts.
// Usage: node scripts/strip-crd-descriptions.mjs SRC_DIR DEST_DIR
// A schema node's `description` is dropped; a property that happens to be named
// "description" (a key under `properties`) is kept.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';

/** `node` without the `description` of any schema node (a property named description stays). */
export function strip(node, underProperties = false) {
  if (Array.isArray(node)) return node.map((x) => strip(x));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && !underProperties) continue;
    out[k] = strip(v, k === 'properties' && !underProperties);
  }
  return out;
}

function main() {
  const [src, dest] = process.argv.slice(2);
  if (!src || !dest) {
    console.error('usage: strip-crd-descriptions.mjs SRC_DIR DEST_DIR');
    process.exit(2);
  }
  for (const f of readdirSync(src).filter((n) => n.endsWith('.yaml')).sort()) {
    const docs = YAML.parseAllDocuments(readFileSync(join(src, f), 'utf8')).map((d) => d.toJSON()).filter(Boolean);
    const text = docs.map((d) => YAML.stringify(strip(d), { lineWidth: 0 })).join('---\n');
    writeFileSync(join(dest, f), text);
    console.log(`${f}: ${text.length} bytes`);
  }
}

// run as a script, not when imported for strip()
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
