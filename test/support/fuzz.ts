/** Documents for property-based tests: a spec touching every field, and every path into a document. */
import { PEM } from './specs';

export const TOKEN = 'ghp_fuzzSecretToken0123456789';
export const KEY_B64 = Buffer.from(PEM).toString('base64');

/** A full spec touching every field, PAT or App auth. */
export function fullSpec(app: boolean): any {
  return {
    apiVersion: 'kubernetes.project-planton.org/v1',
    kind: 'KubernetesGhaRunnerScaleSet',
    metadata: { name: 'fuzz' },
    spec: {
      namespace: 'ci',
      createNamespace: true,
      github: app
        ? { configUrl: 'https://github.com/acme', githubApp: { appId: '1', installationId: '2', privateKeyBase64: KEY_B64 } }
        : { configUrl: 'https://github.com/acme', patToken: { token: TOKEN } },
      scaling: { minRunners: 1, maxRunners: 4 },
      runnerGroup: 'g',
      runnerScaleSetName: 'fuzz-set',
      containerMode: { type: 'KUBERNETES', workVolumeClaim: { size: '1Gi', storageClass: 'fast', accessModes: ['ReadWriteOnce'] } },
      runner: {
        image: { repository: 'ghcr.io/actions/actions-runner', tag: '2.331.0', pullPolicy: 'IfNotPresent' },
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        env: [{ name: 'A', value: '1' }],
        volumeMounts: [{ name: 'cache', mountPath: '/opt/cache', subPath: 'x' }],
      },
      persistentVolumes: [{ name: 'cache', size: '5Gi', mountPath: '/cache', accessModes: ['ReadWriteMany'], storageClass: 'nfs', readOnly: false }],
      controllerServiceAccount: { namespace: 'arc-systems', name: 'arc-gha-rs-controller' },
      imagePullSecrets: ['reg'],
      labels: { team: 'a' },
      annotations: { owner: 'b' },
    },
  };
}

/** Every path to a value in `o`. */
export function paths(o: any, prefix: (string | number)[] = []): (string | number)[][] {
  if (!o || typeof o !== 'object') return [prefix];
  const keys = Array.isArray(o) ? o.map((_, i) => i) : Object.keys(o);
  return [prefix, ...keys.flatMap((k) => paths(o[k as any], [...prefix, k]))];
}
