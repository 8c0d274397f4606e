import { Checker } from '../../src/input/checker';
import { formatProblem, Problem } from '../../src/input/problems';
import { parseScaleSetSpec } from '../../src/input/scale-set-spec';
import { specToProps } from '../../src/input/to-props';

const base = {
  apiVersion: 'kubernetes.project-planton.org/v1',
  kind: 'KubernetesGhaRunnerScaleSet',
  metadata: { name: 'demo' },
  spec: { namespace: 'runners', github: { configUrl: 'https://github.com/acme', existingSecretName: 'gh' } },
};
function parse(extra: Record<string, unknown>) {
  const problems: Problem[] = [];
  const spec = parseScaleSetSpec(new Checker('s.yaml', undefined, problems, []), { ...base, spec: { ...base.spec, ...extra } });
  return { spec, problems: problems.map(formatProblem) };
}

test('every chart feature has a spec field that reaches the props', () => {
  const rule = { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] };
  const { spec, problems } = parse({
    containerMode: { type: 'KUBERNETES_NO_VOLUME', kubernetesModeAdditionalRoleRules: [rule] },
    proxy: { http: { url: 'http://p', credentialSecretRef: 'auth' }, noProxy: ['.svc'] },
    githubServerTLS: { configMapName: 'ca', key: 'ca.crt', runnerMountPath: '/certs' },
    scaleSetLabels: ['linux'],
    listenerTemplate: { spec: { nodeSelector: { a: 'b' } } },
    listenerMetrics: { gauges: { g: { labels: ['name'] } } },
    keyVault: { type: 'azure_key_vault', azureKeyVault: { url: 'u', tenantId: 't', clientId: 'c', certificatePath: '/p' } },
    resourceMeta: { ephemeralRunner: { labels: { x: 'y' }, annotations: { z: 'w' } } },
    template: { spec: { priorityClassName: 'high' } },
    kubeVersion: '1.28.0',
  });
  expect(problems).toEqual([]);
  const props = specToProps(spec);
  expect(props).toMatchObject({
    proxy: { http: { url: 'http://p', credentialSecretRef: 'auth' }, noProxy: ['.svc'] },
    githubServerTls: { configMapName: 'ca', key: 'ca.crt', runnerMountPath: '/certs' },
    scaleSetLabels: ['linux'],
    listenerTemplate: { spec: { nodeSelector: { a: 'b' } } },
    listenerMetrics: { gauges: { g: { labels: ['name'] } } },
    vaultConfig: { type: 'azure_key_vault' },
    resourceMeta: { ephemeralRunner: { labels: { x: 'y' }, annotations: { z: 'w' } } },
    template: { spec: { priorityClassName: 'high' } },
    kubeVersion: '1.28.0',
  });
  expect(props.containerMode!.kubeModeRoleRules()).toContainEqual(rule);
});

test('unknown fields are still rejected with a did-you-mean', () => {
  expect(parse({ proxxy: {} }).problems[0]).toMatch(/^s\.yaml: spec\.proxxy: unknown field \(did you mean "proxy"\?\)/);
  expect(parse({ githubServerTLS: { configMapName: 'ca', key: 'k', runnerMountpath: '/x' } }).problems).toEqual([
    's.yaml: spec.githubServerTLS.runnerMountpath: unknown field (did you mean "runnerMountPath"?); allowed: configMapName, key, runnerMountPath',
  ]);
});

test('chart checks apply to the new fields', () => {
  expect(parse({ keyVault: { type: 'vault' }, scaleSetLabels: [''], kubeVersion: 'latest' }).problems).toEqual([
    's.yaml: spec.kubeVersion: "latest" is not a Kubernetes version; allowed: a version such as 1.33.0',
    's.yaml: spec.scaleSetLabels[0]: is empty; each label must be a non-empty string of less than 256 characters',
    's.yaml: spec.keyVault.type: "vault" is not a supported key vault type; allowed: azure_key_vault',
  ]);
});

test('KUBERNETES mode needs no workVolumeClaim when the template brings a work volume', () => {
  expect(parse({ containerMode: { type: 'KUBERNETES' }, template: { spec: { volumes: [{ name: 'work', emptyDir: {} }] } } }).problems).toEqual([]);
  expect(parse({ containerMode: { type: 'KUBERNETES' } }).problems[0]).toMatch(/spec\.containerMode\.workVolumeClaim: is required in KUBERNETES mode/);
});
