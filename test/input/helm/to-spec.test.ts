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

test('a GitHub App becomes githubApp with a base64 private key', () => {
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n';
  const { document } = convert({ githubConfigUrl: 'https://github.com/a', maxRunners: 1, githubConfigSecret: { github_app_id: '1', github_app_installation_id: '2', github_app_private_key: pem } });
  expect((document.spec as any).github.githubApp).toEqual({ appId: '1', installationId: '2', privateKeyBase64: Buffer.from(pem).toString('base64') });
});
