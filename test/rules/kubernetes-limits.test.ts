/**
 * Kubernetes' own limits and types, checked before anything is written: names given as numbers,
 * integer ranges, label syntax and annotation size on every object, and user-supplied pod
 * templates against the pod schema of ARC's CRD — on every input path.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { GhaRunnerScaleSet, GitHubAuth } from '../../src';
import { loadHelmRelease } from '../../src/input/helm/load';
import { formatProblem, SpecError } from '../../src/input/problems';
import { labelValueProblem, metadataProblems, objectMetadataProblems, qualifiedNameProblem } from '../../src/rules/metadata';
import { podTemplateProblems, withoutProblems } from '../../src/rules/pod-schema';
import { synthesizeFleet, synthesizeScaleSets } from '../../src/synth/fleet';
import { load, problemsOf, specDoc, writeSpec } from '../support/specs';
import { tempDir } from '../support/temp';

const ROOT = join(__dirname, '..', '..');
const LABEL_VALUE = 'is not a valid label value (at most 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit)';

/** The problems of a Helm values file, as the CLI prints them (without lines). */
function helmProblems(values: string): string[] {
  const dir = tempDir();
  const f = join(dir, 'values.yaml');
  writeFileSync(f, `githubConfigUrl: https://github.com/a\ngithubConfigSecret: gh\ncontrollerServiceAccount: {name: a, namespace: b}\n${values}`);
  try {
    loadHelmRelease(f, { releaseName: 'r', namespace: 'n' }, dir);
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

/** A spec's text with `extra` lines under `spec:` (YAML as written, so that 012 stays unquoted). */
const specText = (metadataName: string, extra: string) => [
  'apiVersion: kubernetes.project-planton.org/v1', 'kind: KubernetesGhaRunnerScaleSet', `metadata: {name: ${metadataName}}`, 'spec:',
  '  github: {configUrl: "https://github.com/acme", existingSecretName: gh}',
  '  controllerServiceAccount: {namespace: arc-systems, name: arc-gha-rs-controller}', extra, '',
].join('\n');

const NUMBER_NAME = (n: string) => `must be a string, found number ${n}: YAML reads an unquoted name such as 012, 1e3 or true as a number; write the name in quotes`;

describe('names given as numbers are errors, never converted', () => {
  test('namespace: 012 and metadata.name: 1e3', () => {
    expect(problemsOf(specText('1e3', '  namespace: 012'))).toEqual([
      `F: metadata.name: ${NUMBER_NAME('1000')} (line 3)`,
      `F: spec.namespace: ${NUMBER_NAME('12')} (line 7)`,
    ]);
  });

  test('an image tag 1.10 (read as 1.1), a runner group, a scale set name', () => {
    expect(problemsOf(specText('a', '  namespace: ci\n  runner: {image: {tag: 1.10}}\n  runnerGroup: 2024\n  runnerScaleSetName: 0x1f'))).toEqual([
      `F: spec.runnerGroup: ${NUMBER_NAME('2024')} (line 9)`,
      `F: spec.runnerScaleSetName: ${NUMBER_NAME('31')} (line 10)`,
      `F: spec.runner.image.tag: ${NUMBER_NAME('1.1')} (line 8)`,
    ].sort((a, b) => Number(a.match(/line (\d+)/)![1]) - Number(b.match(/line (\d+)/)![1])));
  });

  test('quoted, the same names are read as written', () => {
    const r = load(specText('"1e3"', '  namespace: "012"'));
    expect(r.specs[0].spec).toMatchObject({ name: '1e3', namespace: '012' });
  });

  test('Helm values: namespaceOverride and runnerScaleSetName', () => {
    expect(helmProblems('namespaceOverride: 012\nrunnerScaleSetName: true\n')).toEqual([
      `runnerScaleSetName: must be a string, found boolean true: YAML reads an unquoted name such as 012, 1e3 or true as a boolean; write the name in quotes`,
      `namespaceOverride: ${NUMBER_NAME('12')}`,
    ]);
  });
});

describe('runner counts within the range the AutoscalingRunnerSet carries', () => {
  test('maxRunners: 99999999999999999999 is an error, not 100000000000000000000 in the output', () => {
    expect(problemsOf(specText('a', '  namespace: ci\n  scaling: {minRunners: 2147483648, maxRunners: 99999999999999999999}'))).toEqual([
      'F: spec.scaling.minRunners: 2147483648 is too large; minRunners must be at most 2147483647 (a 32-bit count, as Kubernetes\' replica counts) (line 8)',
      'F: spec.scaling.maxRunners: 100000000000000000000 is too large; maxRunners must be at most 2147483647 (a 32-bit count, as Kubernetes\' replica counts) (line 8)',
    ]);
    expect(problemsOf(specText('a', '  namespace: ci\n  scaling: {maxRunners: 2147483647}'))).toEqual([]);
  });

  test('Helm values and construct props alike', () => {
    expect(helmProblems('maxRunners: 99999999999999999999\n')).toEqual(['maxRunners: 100000000000000000000 is too large; maxRunners must be at most 2147483647 (a 32-bit count, as Kubernetes\' replica counts)']);
    const chart = new Chart(new App(), 'c');
    new GhaRunnerScaleSet(chart, 'rs', { namespace: 'ci', githubConfigUrl: 'https://github.com/a', auth: GitHubAuth.existingSecret('gh'), maxRunners: 2 ** 31, controllerServiceAccount: { name: 'c', namespace: 'n' } });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual(['maxRunners: 2147483648 is too large; maxRunners must be at most 2147483647 (a 32-bit count, as Kubernetes\' replica counts)']);
  });
});

describe('labels and annotations of every object', () => {
  test('label keys and values', () => {
    expect(qualifiedNameProblem('example.com/team', 'label')).toBeUndefined();
    expect(qualifiedNameProblem('a'.repeat(63), 'label')).toBeUndefined();
    expect(qualifiedNameProblem('a'.repeat(64), 'label')).toMatch(/is not a valid label key/);
    expect(qualifiedNameProblem(`${'a'.repeat(254)}/x`, 'label')).toMatch(/is not a valid label key/);
    expect(qualifiedNameProblem('Example.com/x', 'annotation')).toMatch(/^"Example.com\/x" is not a valid annotation key/);
    expect(qualifiedNameProblem('bad key', 'label')).toMatch(/^"bad key" is not a valid label key/);
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('GitHub Team')).toBe(`"GitHub Team" ${LABEL_VALUE}`);
    expect(labelValueProblem('x'.repeat(64))).toMatch(/is not a valid label value/);
    expect(labelValueProblem(1)).toBe('must be a string, found number');
  });

  test('annotations over 256 KiB in total, counted in bytes', () => {
    const half = 'é'.repeat(65536); // 131,072 bytes
    expect(metadataProblems({ annotations: { a: half, b: half } }, 'metadata')).toEqual([
      'metadata.annotations: total 262146 bytes (keys and values); Kubernetes allows 262144 (256 KiB) per object: shorten or drop annotations',
    ]);
    expect(metadataProblems({ annotations: { a: half, b: 'é'.repeat(65535) } }, 'metadata')).toEqual([]);
  });

  test('a pod template\'s metadata is checked as an object\'s own', () => {
    expect(objectMetadataProblems({ metadata: {}, spec: { template: { metadata: { labels: { a: 'b c' } } }, listenerTemplate: { metadata: { annotations: { '-x': '' } } } } })).toEqual([
      `spec.template.metadata.labels: "b c" ${LABEL_VALUE}`,
      'spec.listenerTemplate.metadata.annotations: "-x" is not a valid annotation key (an optional DNS prefix of at most 253 characters and "/", then 1 to 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit)',
    ]);
  });

  test('a 300 kB annotation in a spec: an error naming each object, nothing synthesized', () => {
    const r = load([specDoc({ annotations: { big: 'x'.repeat(300000) } }, 'a')]);
    expect(() => synthesizeFleet(r.specs)).toThrow(SpecError);
    try {
      synthesizeFleet(r.specs);
    } catch (e) {
      const lines = (e as SpecError).problems.map(formatProblem).map((l) => l.replace(/^.*?: /, ''));
      // the AutoscalingRunnerSet carries ARC's annotations besides the user's
      expect(lines.find((l) => l.startsWith('writes AutoscalingRunnerSet ci/a '))).toMatch(/^writes AutoscalingRunnerSet ci\/a whose metadata\.annotations: total 30\d{4} bytes \(keys and values\); Kubernetes allows 262144 \(256 KiB\) per object: shorten or drop annotations$/);
      expect(lines).toContain('writes Role ci/a-gha-rs-manager whose metadata.annotations: total 300003 bytes (keys and values); Kubernetes allows 262144 (256 KiB) per object: shorten or drop annotations');
    }
  });

  test('construct props too: a label value Kubernetes refuses, in a template', () => {
    expect(() => synthesizeScaleSets([{
      source: 'props', name: 'rs',
      props: { namespace: 'ci', githubConfigUrl: 'https://github.com/a', auth: GitHubAuth.existingSecret('gh'), controllerServiceAccount: { name: 'c', namespace: 'n' }, template: { metadata: { labels: { team: 'GitHub Team' } } } },
    }])).toThrow(`props: writes AutoscalingRunnerSet ci/rs whose spec.template.metadata.labels: "GitHub Team" ${LABEL_VALUE}`);
  });
});

describe('user pod templates against the pod schema', () => {
  test('spec template env as a string: an error naming the field, not one entry per character', () => {
    expect(problemsOf(specText('a', '  namespace: ci\n  template: {spec: {containers: [{name: runner, image: x, env: notalist}]}}'))).toEqual([
      'F: spec.template.spec.containers[0].env: must be a list, found a string (line 8)',
    ]);
  });

  test('Helm values template.spec.volumes as a map: an error, not an internal failure', () => {
    expect(helmProblems('template:\n  spec:\n    volumes: {a: 1}\n')).toEqual(['template.spec.volumes: must be a list, found a map']);
    expect(helmProblems('listenerTemplate:\n  spec:\n    containers: [{name: listener, resources: {limits: {cpu: [1]}}}]\n')).toEqual([
      'listenerTemplate.spec.containers[0].resources.limits.cpu: must be a whole number or a string, found a list',
    ]);
  });

  test('construct props: validation errors naming the prop\'s field, never a TypeError while the pod is built', () => {
    const chart = new Chart(new App(), 'c');
    new GhaRunnerScaleSet(chart, 'rs', {
      namespace: 'ci', githubConfigUrl: 'https://github.com/a', auth: GitHubAuth.existingSecret('gh'), controllerServiceAccount: { name: 'c', namespace: 'n' },
      template: { spec: { containers: [{ name: 'runner', image: 'x', env: 'notalist' }], volumes: { a: 1 } } } as never,
      listenerTemplate: { spec: { containers: [{ name: 'listener', ports: 'x' }] } } as never,
    });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([
      'template.spec.containers[0].env: must be a list, found a string',
      'template.spec.volumes: must be a list, found a map',
      'listenerTemplate.spec.containers[0].ports: must be a list, found a string',
    ]);
  });

  test('types, int32 ranges, unknown fields with a did-you-mean; credentials never quoted', () => {
    expect(podTemplateProblems({
      metadata: { labels: { a: 1 } },
      spec: {
        containers: [{ name: 'runner', imagePullPolicy: 3, env: [{ name: 'TOKEN', value: { secret: 'ghp_x' } }], ports: [{ containerPort: 2 ** 31 }], securityContext: { runAsUser: 1.5 } }],
        terminationGracePeriodSeconds: 2 ** 53, hostNetwork: 'yes', nodeSelectr: {},
      },
    })).toEqual([
      { path: ['metadata', 'labels', 'a'], message: 'must be a string, found the number 1' },
      { path: ['spec', 'containers', 0, 'imagePullPolicy'], message: 'must be a string, found the number 3' },
      { path: ['spec', 'containers', 0, 'env', 0, 'value'], message: 'must be a string, found a map' },
      { path: ['spec', 'containers', 0, 'ports', 0, 'containerPort'], message: '2147483648 is out of range: at most 2147483647 (a 32-bit number) in size' },
      { path: ['spec', 'containers', 0, 'securityContext', 'runAsUser'], message: 'must be a whole number, found the number 1.5' },
      { path: ['spec', 'terminationGracePeriodSeconds'], message: '9007199254740992 is out of range: at most 9007199254740991 in size' },
      { path: ['spec', 'hostNetwork'], message: 'must be true or false, found a string' },
      { path: ['spec', 'nodeSelectr'], message: 'is not a field Kubernetes knows here (did you mean "nodeSelector"?)' },
    ]);
  });

  test('a valid template passes', () => {
    expect(podTemplateProblems({ metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'runner', image: 'x', env: [{ name: 'A', value: 'b' }], resources: { limits: { cpu: 1, memory: '1Gi' } } }], volumes: [{ name: 'work', emptyDir: {} }] } })).toEqual([]);
  });

  test('withoutProblems drops exactly the wrong values, list items last-first', () => {
    const t = { spec: { containers: ['x', { name: 'runner', env: 'e' }, 'y'], volumes: {} } };
    const problems = podTemplateProblems(t);
    expect(withoutProblems(t, problems)).toEqual({ spec: { containers: [{ name: 'runner' }] } });
    expect(t.spec.containers).toHaveLength(3);
  });

  test('the schema file is what scripts/pod-template-schema.mjs makes from the CRD', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'pod-template-schema.mjs'), '--print'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(ROOT, 'src', 'rules', 'pod-template-schema.ts'), 'utf8')).toBe(r.stdout);
  });

  test('the schema is loaded only for a template (a separate process, as users run it)', () => {
    const loaded = (spec: Record<string, unknown>) => {
      const f = writeSpec([specDoc(spec, 'a')]);
      const script = `require(${JSON.stringify(join(ROOT, 'lib', 'src', 'input', 'load.js'))}).loadSpecs([${JSON.stringify(f)}]);`
        + 'process.stdout.write(String(Object.keys(require.cache).some((k) => k.endsWith("pod-template-schema.js"))))';
      return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout;
    };
    expect(loaded({})).toBe('false');
    expect(loaded({ template: { spec: { nodeSelector: { a: 'b' } } } })).toBe('true');
  });
});
