import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadHelmRelease } from '../../../src/input/helm/load';
import { RunnerCount } from '../../../src/constructs/runner-count';
import { formatProblem, SpecError } from '../../../src/input/problems';
import { tempDir } from '../../support/temp';

const dir = tempDir();
const RELEASE = { releaseName: 'rel', namespace: 'runners' };
const OK = { githubConfigUrl: 'https://github.com/acme', githubConfigSecret: { github_token: 'ghp_secret' }, controllerServiceAccount: { name: 'c', namespace: 'n' } };

/** Every problem, formatted as the CLI prints it (without the line). */
function problems(values: unknown, release = RELEASE): string[] {
  const file = join(dir, 'values.yaml');
  writeFileSync(file, stringify(values));
  try {
    loadHelmRelease(file, release, dir);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => formatProblem({ ...p, line: undefined }));
  }
}

describe('the chart\'s failures, all reported at once', () => {
  test('githubConfigUrl and githubConfigSecret missing', () => {
    expect(problems({ githubConfigSecret: null })).toEqual([
      'values.yaml: githubConfigUrl: is required (the URL of a repository, organization or enterprise, such as https://github.com/my-org)',
      'values.yaml: githubConfigSecret: is required; allowed: the name of an existing Secret, or a map with github_token, or with github_app_id, github_app_installation_id and github_app_private_key',
    ]);
  });

  test('an empty githubConfigSecret string, or the default empty github_token', () => {
    expect(problems({ ...OK, githubConfigSecret: '' })).toEqual([
      'values.yaml: githubConfigSecret: is required; allowed: the name of an existing Secret, or a map with github_token, or with github_app_id, github_app_installation_id and github_app_private_key',
    ]);
    expect(problems({ ...OK, githubConfigSecret: { other: 'x' } })).toEqual([
      'values.yaml: githubConfigSecret: has neither github_token nor github_app_id set (found: other); allowed: the name of an existing Secret, or a map with github_token, or with github_app_id, github_app_installation_id and github_app_private_key',
    ]);
  });

  test('an App id without installation id or private key; no secret value is printed', () => {
    const out = problems({ ...OK, githubConfigSecret: { github_app_id: '1', github_app_private_key: 'PRIVATE-KEY-TEXT' } });
    expect(out).toEqual([
      'values.yaml: githubConfigSecret: sets github_app_id but github_app_installation_id is missing or empty; a GitHub App needs github_app_id, github_app_installation_id and github_app_private_key',
    ]);
    expect(out.join('\n')).not.toContain('PRIVATE-KEY-TEXT');
  });

  test('a secret value of the wrong type names its type, not its content', () => {
    expect(problems({ ...OK, githubConfigSecret: { github_token: { nested: 'ghp_secret' } } }).join('\n')).not.toContain('ghp_secret');
  });

  test('min > max and negative runners', () => {
    expect(problems({ ...OK, minRunners: 5, maxRunners: 2 })).toEqual(['values.yaml: minRunners: 5 is more than maxRunners (2); minRunners must be at most maxRunners']);
    expect(problems({ ...OK, minRunners: -1, maxRunners: -2 })).toEqual([
      'values.yaml: minRunners: -1 is negative; minRunners must be 0 or more',
      'values.yaml: maxRunners: -2 is negative; maxRunners must be 0 or more',
    ]);
  });

  test('scale set name: empty or over 45 characters', () => {
    expect(problems(OK, { releaseName: 'r'.repeat(46), namespace: 'runners' })).toEqual([
      `values.yaml: --release: "${'r'.repeat(46)}" has 46 characters; a scale set name has at most 45 (ARC's limit): use a shorter release name or set runnerScaleSetName`,
    ]);
    expect(problems({ ...OK, runnerScaleSetName: 's'.repeat(50) })).toEqual([
      `values.yaml: runnerScaleSetName: "${'s'.repeat(50)}" has 50 characters; a scale set name has at most 45 (ARC's limit)`,
    ]);
    expect(problems(OK, { releaseName: '', namespace: 'runners' })).toEqual(['values.yaml: --release: is empty; allowed: a scale set name of 1 to 45 characters']);
  });

  test('a release name or namespace Helm and Kubernetes refuse (a token pasted as one) is an error, never written, value hidden', () => {
    const token = `ghp_${'Q7'.repeat(18)}`;
    const out = problems(OK, { releaseName: token, namespace: `ghs_${'k9'.repeat(18)}` });
    expect(out).toEqual([
      'values.yaml: --release: "(value hidden)" is not a valid release name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters)',
      'values.yaml: --namespace: "(value hidden)" is not a valid namespace (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
    ]);
    expect(out.join('\n')).not.toMatch(/Q7Q7|k9k9/);
    expect(problems(OK, { releaseName: 'Rel_1', namespace: 'run ners' })).toEqual([
      'values.yaml: --release: "Rel_1" is not a valid release name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters)',
      'values.yaml: --namespace: "run ners" is not a valid namespace (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
    ]);
  });

  test('namespace over 63 characters', () => {
    expect(problems({ ...OK, namespaceOverride: 'n'.repeat(64) })).toEqual([`values.yaml: namespaceOverride: "${'n'.repeat(64)}" has 64 characters; a namespace has at most 63`]);
  });

  test('unsupported keyVault type', () => {
    expect(problems({ ...OK, keyVault: { type: 'hashicorp' } })).toEqual(['values.yaml: keyVault.type: "hashicorp" is not a supported key vault type; allowed: azure_key_vault']);
  });

  test('scaleSetLabels: empty or 256 characters', () => {
    expect(problems({ ...OK, scaleSetLabels: ['ok', '', 'x'.repeat(256)] })).toEqual([
      'values.yaml: scaleSetLabels[1]: is empty; each label must be a non-empty string of less than 256 characters',
      'values.yaml: scaleSetLabels[2]: has 256 characters; each label must be a non-empty string of less than 256 characters',
    ]);
  });

  test('an unknown container mode is the default mode, as the chart renders it, with a warning', () => {
    expect(problems({ ...OK, containerMode: { type: 'dnd' } })).toEqual([]);
    const file = join(dir, 'values.yaml');
    writeFileSync(file, stringify({ ...OK, containerMode: { type: 'dnd' } }));
    const { props, warnings } = loadHelmRelease(file, RELEASE, dir);
    expect(props.containerMode?.type).toBe('DEFAULT');
    expect(warnings.map((w) => formatProblem({ ...w, line: undefined }))).toEqual([
      'values.yaml: containerMode.type: "dnd" is not a container mode (did you mean "dind"?), so the default mode (the runner alone) is written, as the chart does; allowed: dind, kubernetes, kubernetes-novolume, or empty for the default mode',
    ]);
  });

  test('kubernetes mode without a work volume claim', () => {
    expect(problems({ ...OK, containerMode: { type: 'kubernetes' } })).toEqual([
      'values.yaml: containerMode.kubernetesModeWorkVolumeClaim: is required when containerMode.type is kubernetes (a PersistentVolumeClaim spec: accessModes, storageClassName, resources.requests.storage), unless template.spec.volumes has a volume named "work"',
    ]);
    expect(problems({ ...OK, containerMode: { type: 'kubernetes' }, template: { spec: { volumes: [{ name: 'work', emptyDir: {} }] } } })).toEqual([]);
  });
});

describe('values that would render an invalid runner pod', () => {
  test('no runner container', () => {
    expect(problems({ ...OK, template: { spec: { containers: [{ name: 'side', image: 'x' }] } } })).toEqual([
      'values.yaml: template.spec.containers: has no container named "runner" (found "side"); the chart builds the runner pod around it',
    ]);
  });
  test('a runner without image', () => {
    expect(problems({ ...OK, template: { spec: { containers: [{ name: 'runner' }] } } })).toEqual([
      'values.yaml: template.spec.containers[0].image: is required: the runner container needs an image, such as ghcr.io/actions/actions-runner:latest',
    ]);
  });
  test('a volume name the mode uses', () => {
    expect(problems({
      ...OK,
      containerMode: { type: 'dind' },
      template: { spec: { containers: [{ name: 'runner', image: 'r' }], volumes: [{ name: 'dind-sock', emptyDir: {} }] } },
    })).toEqual([
      'values.yaml: template.spec.volumes[0].name: "dind-sock" names another volume of the pod too (the container mode adds some itself); volume names must be unique',
    ]);
  });
  test('a mount of a volume the pod does not have is rendered as the chart renders it, with a warning', () => {
    const file = join(dir, 'values.yaml');
    writeFileSync(file, stringify({
      ...OK,
      containerMode: { type: 'dind' },
      template: { spec: { containers: [{ name: 'runner', image: 'r', volumeMounts: [{ name: 'cache', mountPath: '/c' }] }] } },
    }));
    const { warnings } = loadHelmRelease(file, RELEASE, dir);
    expect(warnings.map((w) => formatProblem({ ...w, line: undefined }))).toEqual([
      'values.yaml: template.spec.containers[0].volumeMounts[0].name: mounts "cache", which is not a volume of the pod (volumes: dind-sock, dind-externals, work): Kubernetes will refuse the runner pods; add it to template.spec.volumes',
    ]);
  });
});

describe('mapping', () => {
  test('release name is the scale set name unless runnerScaleSetName is set; namespaceOverride wins', () => {
    const { props } = (() => {
      const file = join(dir, 'ok.yaml');
      writeFileSync(file, stringify({ ...OK, runnerScaleSetName: 'arm64', namespaceOverride: 'other' }));
      return loadHelmRelease(file, RELEASE, dir);
    })();
    expect(props).toMatchObject({ releaseName: 'rel', scaleSetName: 'arm64', namespace: 'other', minRunners: RunnerCount.unset(), maxRunners: RunnerCount.unset(), kubeVersion: '1.33.0' });
  });

  test('controllerServiceAccount defaults with a warning', () => {
    const file = join(dir, 'nocsa.yaml');
    writeFileSync(file, stringify({ githubConfigUrl: 'https://github.com/a', githubConfigSecret: 's' }));
    const { props, warnings } = loadHelmRelease(file, RELEASE, dir);
    expect(props.controllerServiceAccount).toEqual({ name: 'arc-gha-rs-controller', namespace: 'arc-systems' });
    expect(warnings.map((w) => w.path)).toEqual(['controllerServiceAccount']);
    expect(warnings[0].message).toContain('assuming ServiceAccount "arc-gha-rs-controller" in namespace "arc-systems"');
  });

  test('unknown top-level values are warnings with a did-you-mean', () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, stringify({ ...OK, maxRunner: 3 }));
    const { warnings } = loadHelmRelease(file, RELEASE, dir);
    expect(warnings.map((w) => `${w.path}: ${w.message}`)).toEqual(['maxRunner: is not a value the chart 0.14.2 reads; ignored (did you mean "maxRunners"?)']);
  });
});
