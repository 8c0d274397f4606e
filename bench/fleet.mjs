/**
 * Generates a fleet of N varied scale set specs: all four container modes, shared caches,
 * PAT, GitHub App and existing-Secret auth, several namespaces, one file per spec. Like real
 * specs, most print warnings (a credential in plain text, a defaulted controller ServiceAccount).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAxPGJOL2XwQ5WspQErnOhzd\n-----END RSA PRIVATE KEY-----\n';
const KEY_B64 = Buffer.from(PEM).toString('base64');
const MODES = ['DIND', 'KUBERNETES', 'KUBERNETES_NO_VOLUME', 'DEFAULT'];

export function specYaml(i) {
  const mode = MODES[i % 4];
  // a PAT or an App key in the spec prints the plain-text credential warning (two specs in three, the first included)
  const auth = [
    `    patToken:\n      token: ghp_bench${String(i).padStart(6, '0')}`,
    `    githubApp:\n      appId: "${1000 + i}"\n      installationId: "${2000 + i}"\n      privateKeyBase64: ${KEY_B64}`,
    `    existingSecretName: gh-${i}`,
  ][i % 3];
  const ns = `team-${i % 17}`;
  const lines = [
    'apiVersion: kubernetes.project-planton.org/v1',
    'kind: KubernetesGhaRunnerScaleSet',
    'metadata:',
    `  name: runners-${i}`,
    'spec:',
    `  namespace: ${ns}`,
    `  createNamespace: ${i % 2 === 0}`,
    '  github:',
    `    configUrl: https://github.com/org-${i % 7}/repo-${i}`,
    auth,
    '  scaling:',
    `    minRunners: ${i % 3}`,
    `    maxRunners: ${5 + (i % 20)}`,
    '  containerMode:',
    `    type: ${mode}`,
    ...(mode === 'KUBERNETES' ? ['    workVolumeClaim:', '      size: 10Gi', '      storageClass: fast'] : []),
    '  runner:',
    '    image:',
    '      repository: ghcr.io/actions/actions-runner',
    '      tag: "2.331.0"',
    '    resources:',
    '      requests: {cpu: 500m, memory: 1Gi}',
    '    env:',
    '      - {name: RUNNER_GRACEFUL_STOP_TIMEOUT, value: "60"}',
    ...(i % 2 ? [
      '  persistentVolumes:',
      '    - {name: cache, size: 20Gi, mountPath: /home/runner/.cache, accessModes: [ReadWriteMany], storageClass: nfs}',
    ] : []),
    // without it (every other spec, the first included) the defaulted controller ServiceAccount is warned about
    ...(i % 2 ? [
      '  controllerServiceAccount:',
      '    namespace: arc-systems',
      '    name: arc-gha-rs-controller',
    ] : []),
    '  labels:',
    `    team: t${i % 17}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes a fleet of `n` specs into `dir` (one file each). */
export function writeFleet(dir, n) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `runners-${String(i).padStart(4, '0')}.yaml`), specYaml(i));
}
