import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadSpecs, LoadResult } from '../../src/input/load';
import { formatProblem, SpecError } from '../../src/input/problems';
import { tempDir } from './temp';

export { tempDir };

export const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n';

/** A valid spec document; override any part. */
export function specDoc(spec: Record<string, unknown> = {}, name = 'runners'): Record<string, unknown> {
  return {
    apiVersion: 'kubernetes.project-planton.org/v1',
    kind: 'KubernetesGhaRunnerScaleSet',
    metadata: { name },
    spec: {
      namespace: 'ci',
      github: { configUrl: 'https://github.com/acme', existingSecretName: 'gh' },
      controllerServiceAccount: { namespace: 'arc-systems', name: 'arc-gha-rs-controller' },
      ...spec,
    },
  };
}

/** Writes `text` (or documents) to a spec file in a fresh folder and returns its path. */
export function writeSpec(content: string | Record<string, unknown>[], name = 'spec.yaml', dir = tempDir()): string {
  const text = typeof content === 'string' ? content : content.map((d) => stringify(d)).join('---\n');
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The formatted problems of loading `content`, with the file name replaced by `F`. */
export function problemsOf(content: string | Record<string, unknown>[]): string[] {
  const path = writeSpec(content);
  try {
    loadSpecs([path]);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => formatProblem({ ...p, file: p.file.replace(path, 'F') }));
  }
}

export function load(content: string | Record<string, unknown>[]): LoadResult {
  return loadSpecs([writeSpec(content)]);
}

export function warningsOf(content: string | Record<string, unknown>[]): string[] {
  const path = writeSpec(content);
  return loadSpecs([path]).warnings.map((p) => formatProblem({ ...p, file: p.file.replace(path, 'F') }));
}
