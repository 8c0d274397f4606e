import { writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { LoadResult, loadSpecs } from '../../src/input/load';
import { formatProblem } from '../../src/input/problems';
import { tempDir } from '../support/temp';

/** Writes each text as its own spec file (`a.yaml`, `b.yaml`, …) in a fresh folder. */
export function writeSpecs(...texts: string[]): { dir: string; files: string[] } {
  const dir = tempDir();
  const files = texts.map((t, i) => {
    const f = join(dir, `${String.fromCharCode(97 + i)}.yaml`);
    writeFileSync(f, t);
    return f;
  });
  return { dir, files };
}

/** Loads the texts; returns the result, or the formatted problems. */
export function load(...texts: string[]): { result?: LoadResult; errors: string[]; warnings: string[] } {
  const { dir } = writeSpecs(...texts);
  const local = (p: Parameters<typeof formatProblem>[0]) => formatProblem(p).split(`${dir}${sep}`).join('');
  try {
    const result = loadSpecs([dir]);
    return { result, errors: [], warnings: result.warnings.map(local) };
  } catch (e) {
    const problems = (e as { problems?: never[] }).problems;
    if (!problems) throw e;
    return { errors: problems.map(local), warnings: [] };
  }
}

export const controller = (name: string, spec: string): string => `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesGhaRunnerScaleSetController
metadata:
  name: ${name}
spec:
${spec.replace(/^/gm, '  ')}
`;

export const scaleSet = (name: string, spec: string): string => `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesGhaRunnerScaleSet
metadata:
  name: ${name}
spec:
  github:
    configUrl: https://github.com/my-org
    existingSecretName: github-app
${spec.replace(/^/gm, '  ')}
`;
