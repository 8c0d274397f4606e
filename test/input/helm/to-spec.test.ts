import { helmValuesToSpec } from '../../../src/input/helm/to-spec';
import { withChartDefaults } from '../../../src/input/helm/values';
import { Checker } from '../../../src/input/checker';
import { Problem } from '../../../src/input/problems';
import { parseScaleSetSpec } from '../../../src/input/scale-set-spec';
import { specToProps } from '../../../src/input/to-props';

const RELEASE = { releaseName: 'rel', namespace: 'runners' };
const convert = (v: Record<string, unknown>) => helmValuesToSpec(withChartDefaults(v), RELEASE);

test('a full values file converts to a valid spec with nothing left out', () => {
  const { document, inexpressible } = convert({
    githubConfigUrl: 'https://github.com/acme/',
    githubConfigSecret: 'gh',
    minRunners: 1,
    maxRunners: 3,
    runnerScaleSetName: 'arm64',
    containerMode: { type: 'kubernetes', kubernetesModeWorkVolumeClaim: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '4Gi' } } } },
    githubServerTLS: { certificateFrom: { configMapKeyRef: { name: 'ca', key: 'ca.crt' } }, runnerMountPath: '/certs' },
    scaleSetLabels: ['linux'],
    proxy: { https: { url: 'http://p:3128' } },
  });
  expect(inexpressible).toEqual([]);
  const problems: Problem[] = [];
  const spec = parseScaleSetSpec(new Checker('x', undefined, problems, []), document);
  expect(problems).toEqual([]);
  const props = specToProps(spec);
  expect(props).toMatchObject({
    githubConfigUrl: 'https://github.com/acme', scaleSetName: 'arm64', minRunners: 1, maxRunners: 3,
    githubServerTls: { configMapName: 'ca', key: 'ca.crt', runnerMountPath: '/certs' }, scaleSetLabels: ['linux'],
  });
  expect((document.spec as any).containerMode).toEqual({ type: 'KUBERNETES', workVolumeClaim: { size: '4Gi', storageClass: 'fast', accessModes: ['ReadWriteOnce'] } });
  expect((document.spec as any).template).toBeUndefined();
});

test('unset maxRunners, extra secret keys and a claim the spec cannot say are listed, secrets never quoted', () => {
  const { inexpressible } = convert({
    githubConfigUrl: 'https://github.com/a',
    githubConfigSecret: { github_token: 'ghp_x', github_app_id: '1', extra: 'secret-value' },
    containerMode: { type: 'kubernetes', kubernetesModeWorkVolumeClaim: { volumeMode: 'Block', resources: { requests: { storage: '1Gi' } } } },
  });
  expect(inexpressible.map((x) => x.path)).toEqual(['githubConfigSecret', 'githubConfigSecret', 'maxRunners', 'containerMode.kubernetesModeWorkVolumeClaim']);
  expect(JSON.stringify(inexpressible)).not.toMatch(/ghp_x|secret-value/);
});

test('a GitHub App becomes githubApp reading its three values from the environment; the document holds none', () => {
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n';
  const { document, credentials } = helmValuesToSpec(withChartDefaults({ githubConfigUrl: 'https://github.com/a', maxRunners: 1, githubConfigSecret: { github_app_id: '12345', github_app_installation_id: '67890', github_app_private_key: pem } }), { releaseName: 'arc-runners', namespace: 'ns' });
  expect((document.spec as any).github.githubApp).toEqual({
    appId: { fromEnv: 'ARC_RUNNERS_GITHUB_APP_ID' },
    installationId: { fromEnv: 'ARC_RUNNERS_GITHUB_APP_INSTALLATION_ID' },
    privateKeyBase64: { fromEnv: 'ARC_RUNNERS_GITHUB_APP_PRIVATE_KEY' },
  });
  expect(JSON.stringify(document)).not.toMatch(/12345|67890|BEGIN|LS0t/);
  expect(credentials).toEqual([
    { variable: 'ARC_RUNNERS_GITHUB_APP_ID', value: '12345', from: 'githubConfigSecret.github_app_id' },
    { variable: 'ARC_RUNNERS_GITHUB_APP_INSTALLATION_ID', value: '67890', from: 'githubConfigSecret.github_app_installation_id' },
    { variable: 'ARC_RUNNERS_GITHUB_APP_PRIVATE_KEY', value: pem, from: 'githubConfigSecret.github_app_private_key' },
  ]);
  // the spec reads back with those variables set: the same App
  const problems: Problem[] = [];
  const spec = parseScaleSetSpec(new Checker('x', undefined, problems, []), document, { baseDir: '.', env: Object.fromEntries(credentials.map((x) => [x.variable, x.value])) });
  expect(problems).toEqual([]);
  expect(spec.github.githubApp).toEqual({ appId: '12345', installationId: '67890', privateKey: pem });
});

test('a token becomes patToken: {fromEnv: <RELEASE>_GITHUB_TOKEN}', () => {
  const { document, credentials } = convert({ githubConfigUrl: 'https://github.com/a', maxRunners: 1, githubConfigSecret: { github_token: 'ghp_convertedToken' } });
  expect((document.spec as any).github).toEqual({ configUrl: 'https://github.com/a', patToken: { token: { fromEnv: 'REL_GITHUB_TOKEN' } } });
  expect(credentials).toEqual([{ variable: 'REL_GITHUB_TOKEN', value: 'ghp_convertedToken', from: 'githubConfigSecret.github_token' }]);
});
