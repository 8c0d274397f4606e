import * as yaml from 'yaml';
import { PEM, load, problemsOf, specDoc, warningsOf } from '../support/specs';

// the yaml package's reader, watched: a valid spec's warnings must not need it
jest.mock('yaml', () => {
  const actual = jest.requireActual('yaml');
  return { ...actual, parseAllDocuments: jest.fn(actual.parseAllDocuments) };
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const strip = (lines: string[]) => lines.map((l) => l.replace(/ \(line \d+\)$/, ''));

describe('valid specs', () => {
  test('defaults: 0..5 runners, DEFAULT mode, scale set name from metadata.name', () => {
    const { specs } = load([specDoc({ containerMode: undefined })]);
    const s = specs[0].spec;
    expect([s.minRunners, s.maxRunners, s.containerMode.type, s.runnerScaleSetName]).toEqual([0, 5, 'DEFAULT', 'runners']);
  });

  test('namespace as {value: …}, GitHub App with numeric IDs, PEM decoded', () => {
    const { specs } = load([specDoc({
      namespace: { value: 'builds' },
      github: { configUrl: 'https://ghes.acme.example/enterprises/acme/', githubApp: { appId: 123, installationId: 456, privateKeyBase64: b64(PEM) } },
    })]);
    expect(specs[0].spec.namespace).toBe('builds');
    expect(specs[0].spec.github.githubApp).toEqual({ appId: '123', installationId: '456', privateKey: PEM });
  });

  test('a multi-document file gives every spec, named file#N', () => {
    const { specs } = load([specDoc({}, 'a'), specDoc({}, 'b')]);
    expect(specs.map((s) => [s.spec.name, s.source.replace(/.*\//, '')])).toEqual([['a', 'spec.yaml#1'], ['b', 'spec.yaml#2']]);
  });
});

describe('problems', () => {
  test('an unknown field, with a suggestion and the line', () => {
    expect(problemsOf([specDoc({ scalling: { maxRunners: 3 } })])).toEqual([
      'F: spec.scalling: unknown field (did you mean "scaling"?); allowed: namespace, createNamespace, github, scaling, runnerGroup, runnerScaleSetName, containerMode, runner, persistentVolumes, controllerServiceAccount, imagePullSecrets, labels, annotations, proxy, githubServerTLS, scaleSetLabels, listenerTemplate, listenerMetrics, keyVault, resourceMeta, template, kubeVersion, podSecurity, egressPolicy (line 13)',
    ]);
  });

  test('YAML syntax errors give line and column and never quote the source', () => {
    const lines = problemsOf('spec:\n  github:\n    patToken: {token: ghp_supersecret\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^F: YAML syntax error: .* at line \d+, column \d+$/);
    expect(lines[0]).not.toContain('ghp_supersecret');
  });

  test('a file without any spec is an error, not an empty output', () => {
    expect(strip(problemsOf('# nothing yet\n---\n'))).toEqual(['F: holds no KubernetesGhaRunnerScaleSet or KubernetesGhaRunnerScaleSetController document; nothing to do']);
  });

  test('a spec that is not a map is one problem, not one per missing field', () => {
    const doc: any = specDoc();
    doc.spec = ['namespace: ci'];
    expect(strip(problemsOf([doc]))).toEqual(['F: spec: must be a map, found a list']);
  });

  test('a document of another kind', () => {
    expect(strip(problemsOf('apiVersion: v1\nkind: ConfigMap\n'))).toEqual(['F: kind: "ConfigMap" is not a kind this tool reads; allowed: KubernetesGhaRunnerScaleSet, KubernetesGhaRunnerScaleSetController']);
  });

  test.each([
    [{ metadata: { name: 'Runners' } }, 'F: metadata.name: "Runners" is not a valid release name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters)'],
    [{ spec: { namespace: 'x'.repeat(64) } }, `F: spec.namespace: "${'x'.repeat(64)}" has 64 characters; a namespace has at most 63`],
    [{ metadata: { name: 'a'.repeat(46) } }, `F: metadata.name: "${'a'.repeat(46)}" has 46 characters; a scale set name has at most 45 (ARC's limit): shorten it or set spec.runnerScaleSetName`],
    [{ spec: { runnerScaleSetName: 'b'.repeat(46) } }, `F: spec.runnerScaleSetName: "${'b'.repeat(46)}" has 46 characters; a scale set name has at most 45 (ARC's limit)`],
    [{ spec: { runnerScaleSetName: 'Big runners' } }, 'F: spec.runnerScaleSetName: "Big runners" is not a valid scale set name; allowed: lowercase letters, digits, "-" and "_", starting and ending with a letter or digit'],
    [{ spec: { github: { configUrl: 'http://github.com/acme', existingSecretName: 'gh' } } }, 'F: spec.github.configUrl: "http://github.com/acme" must use https, found http'],
    [{ spec: { github: { configUrl: 'https://github.com/', existingSecretName: 'gh' } } }, 'F: spec.github.configUrl: "https://github.com/" path "/" must name an organization (/org), a repository (/org/repo) or an enterprise (/enterprises/slug)'],
    [{ spec: { github: { configUrl: 'https://github.com/enterprises', existingSecretName: 'gh' } } }, 'F: spec.github.configUrl: "https://github.com/enterprises" path "/enterprises" must name an organization (/org), a repository (/org/repo) or an enterprise (/enterprises/slug)'],
    [{ spec: { github: { configUrl: 'github.com/acme', existingSecretName: 'gh' } } }, 'F: spec.github.configUrl: "github.com/acme" is not a URL (e.g. https://github.com/my-org or https://github.com/my-org/my-repo)'],
    [{ spec: { github: { configUrl: 'https://github.com/a' } } }, 'F: spec.github: must set exactly one of patToken, githubApp, existingSecretName, externalSecret; found none'],
    [{ spec: { github: { configUrl: 'https://github.com/a', existingSecretName: 'gh', patToken: { token: 't' } } } }, 'F: spec.github: must set exactly one of patToken, githubApp, existingSecretName, externalSecret; found patToken and existingSecretName'],
    [{ spec: { github: { configUrl: 'https://github.com/a', githubApp: { appId: '', installationId: '2', privateKeyBase64: b64(PEM) } } } }, 'F: spec.github.githubApp.appId: is required (the GitHub App ID: the value, {fromEnv: NAME} or {fromFile: PATH})'],
    [{ spec: { github: { configUrl: 'https://github.com/a', githubApp: { appId: '1', installationId: '2', privateKeyBase64: 'not base64!' } } } }, 'F: spec.github.githubApp.privateKeyBase64: is not standard base64 (A-Z a-z 0-9 + / with = padding); encode the PEM file with `base64 -w0 key.pem`'],
    [{ spec: { github: { configUrl: 'https://github.com/a', githubApp: { appId: '1', installationId: '2', privateKeyBase64: b64('hello') } } } }, 'F: spec.github.githubApp.privateKeyBase64: does not decode to a PEM private key (-----BEGIN ... PRIVATE KEY-----)'],
    [{ spec: { scaling: { minRunners: -1 } } }, 'F: spec.scaling.minRunners: -1 is negative; minRunners must be 0 or more'],
    [{ spec: { scaling: { maxRunners: '5' } } }, 'F: spec.scaling.maxRunners: must be a whole number, found "5"'],
    [{ spec: { scaling: { minRunners: 4, maxRunners: 2 } } }, 'F: spec.scaling.minRunners: 4 is more than maxRunners (2); minRunners must be at most maxRunners'],
    [{ spec: { containerMode: { type: 'DOCKER' } } }, 'F: spec.containerMode.type: "DOCKER" is not allowed; allowed: DIND, KUBERNETES, KUBERNETES_NO_VOLUME, DEFAULT'],
    [{ spec: { containerMode: { type: 'KUBERNETES' } } }, "F: spec.containerMode.workVolumeClaim: is required in KUBERNETES mode (at least a size, such as 10Gi): it is each runner's ephemeral work volume"],
    [{ spec: { containerMode: { type: 'KUBERNETES', workVolumeClaim: { size: '10GB' } } } }, 'F: spec.containerMode.workVolumeClaim.size: "10GB" is not a Kubernetes quantity (such as 500M, 20Gi, 1Ti, 250m; binary suffixes are Ki Mi Gi Ti Pi Ei)'],
    [{ spec: { persistentVolumes: [{ name: 'c', size: '1Gi', mountPath: '/c', accessModes: ['ReadWriteAll'] }] } }, 'F: spec.persistentVolumes[0].accessModes[0]: "ReadWriteAll" is not allowed (did you mean "ReadWriteMany"?); allowed: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod'],
    [{ spec: { persistentVolumes: [{ name: 'Cache', size: '1Gi', mountPath: '/c' }] } }, 'F: spec.persistentVolumes[0].name: "Cache" is not a valid name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)'],
    [{ spec: { persistentVolumes: [{ name: 'work', size: '1Gi', mountPath: '/c' }] } }, 'F: spec.persistentVolumes[0].name: "work" is a volume the container modes use; choose another name'],
    [{ spec: { persistentVolumes: [{ name: 'c', size: '1Gi', mountPath: 'c' }] } }, 'F: spec.persistentVolumes[0].mountPath: "c" must be an absolute path (starting with "/")'],
    [{ spec: { runner: { volumeMounts: [{ name: 'x', mountPath: '/x' }] } } }, 'F: spec.runner.volumeMounts[0].name: "x" names no persistent volume; define it under spec.persistentVolumes'],
    [{ spec: { runner: { env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] } } }, 'F: spec.runner.env[1].name: "A" is set twice; each name once'],
    [{ spec: { runner: { env: [{ name: 'A=B', value: '1' }] } } }, 'F: spec.runner.env[0].name: "A=B" is not a valid environment variable name (letters, digits, "_", "-", ".", not starting with a digit)'],
    [{ spec: { runner: { image: { pullPolicy: 'ifnotpresent' } } } }, 'F: spec.runner.image.pullPolicy: "ifnotpresent" is not allowed (did you mean "IfNotPresent"?); allowed: Always, IfNotPresent, Never'],
    [{ spec: { runner: { resources: { limits: { memory: '4GB' } } } } }, 'F: spec.runner.resources.limits.memory: "4GB" is not a Kubernetes quantity (such as 500M, 20Gi, 1Ti, 250m; binary suffixes are Ki Mi Gi Ti Pi Ei)'],
  ])('%j', (patch: any, message) => {
    const doc: any = specDoc(patch.spec ?? {});
    if (patch.metadata) doc.metadata = patch.metadata;
    expect(strip(problemsOf([doc]))).toEqual([message]);
  });

  test('spec.template: a runner container without an image, an unnamed container, a name used twice', () => {
    expect(strip(problemsOf([specDoc({ template: { spec: { containers: [{ name: 'runner' }, { image: 'busybox' }], volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] } } })]))).toEqual([
      'F: spec.template.spec.containers[0].image: is required: the runner container needs an image (here, or in spec.runner.image)',
      'F: spec.template.spec.containers[1].name: is required: every container needs a name',
      'F: spec.template.spec.volumes[1].name: "v" is used twice; names must be unique',
    ]);
    expect(problemsOf([specDoc({ template: { spec: { containers: [{ name: 'runner' }] } }, runner: { image: { tag: '2.331.0' } } })])).toEqual([]);
  });

  test('every problem of a document is reported, top to bottom', () => {
    const lines = problemsOf([specDoc({ scaling: { maxRunners: -2 }, containerMode: { type: 'X' }, runner: { image: { pullPolicy: 'Sometimes' } } })]);
    expect(lines.map((l) => l.split(':')[1].trim())).toEqual(['spec.scaling.maxRunners', 'spec.containerMode.type', 'spec.runner.image.pullPolicy']);
  });

  test('credentials are never quoted, even in the wrong place', () => {
    const secret = 'ghp_neverShowThis123';
    const lines = [
      ...problemsOf([specDoc({ github: { configUrl: 'https://github.com/a', patToken: secret } })]),
      ...problemsOf([specDoc({ github: { configUrl: 'https://github.com/a', patToken: { [secret]: 1 } } })]),
      ...problemsOf([specDoc({ github: { configUrl: 'https://github.com/a', patToken: { token: [secret] } } })]),
      ...problemsOf([specDoc({ github: { configUrl: 'https://github.com/a', githubApp: { appId: '1', installationId: '2', privateKeyBase64: `${secret}!` } } })]),
    ];
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const l of lines) expect(l).not.toContain(secret);
  });
});

describe('warnings', () => {
  test('a ReadWriteOnce cache shared by several runners', () => {
    expect(strip(warningsOf([specDoc({ persistentVolumes: [{ name: 'c', size: '1Gi', mountPath: '/c' }] })]))).toEqual([
      'F: spec.persistentVolumes[0].accessModes: ReadWriteOnce volume "c" is shared by up to 5 runners: pods on other nodes cannot attach it; use ReadWriteMany',
    ]);
  });

  test('credentials in plain text, maxRunners 0, a defaulted controller ServiceAccount', () => {
    const doc: any = specDoc({ github: { configUrl: 'https://github.com/a', patToken: { token: 'ghp_x' } }, scaling: { maxRunners: 0 } });
    delete doc.spec.controllerServiceAccount;
    expect(strip(warningsOf([doc]))).toEqual([
      'F: spec.github: patToken.token is written in the spec file itself; to commit the spec, read it from outside with {fromEnv: NAME} or {fromFile: PATH}',
      'F: spec.scaling.maxRunners: is 0: the scale set will never start a runner',
      'F: spec.controllerServiceAccount: not set: assuming the controller runs as ServiceAccount "arc-gha-rs-controller" in namespace "arc-systems" (ARC\'s default install); set it if yours differs, or add a KubernetesGhaRunnerScaleSetController spec',
    ]);
  });

  test('name their lines from the fast reader, without a second reading by the yaml package', () => {
    const text = [
      'apiVersion: kubernetes.project-planton.org/v1',
      'kind: KubernetesGhaRunnerScaleSet',
      '# a comment, and a blank line',
      '',
      'metadata: {name: r}',
      'spec:',
      '  namespace: ci',
      '  github:',
      '    configUrl: https://github.com/a',
      '    patToken:',
      '      token: ghp_x',
      '  scaling: {maxRunners: 0}',
      '',
    ].join('\n');
    const parse = yaml.parseAllDocuments as jest.Mock;
    parse.mockClear();
    expect(warningsOf(text)).toEqual([
      'F: spec.github: patToken.token is written in the spec file itself; to commit the spec, read it from outside with {fromEnv: NAME} or {fromFile: PATH} (line 8)',
      'F: spec.scaling.maxRunners: is 0: the scale set will never start a runner (line 12)',
      'F: spec.controllerServiceAccount: not set: assuming the controller runs as ServiceAccount "arc-gha-rs-controller" in namespace "arc-systems" (ARC\'s default install); set it if yours differs, or add a KubernetesGhaRunnerScaleSetController spec (line 6)',
    ]);
    expect(parse).not.toHaveBeenCalled();
  });
});
