/**
 * The runner egress NetworkPolicy: what it writes, that it selects the pods the controller
 * makes from the runner template (and no other scale set's), its checks, and that cdk8s-plus is
 * loaded only when a scale set asks for it.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Testing } from 'cdk8s';
import { ContainerModes, GhaRunnerScaleSet, GitHubAuth } from '../../src';
import { loadSpecs } from '../../src/input/load';
import { formatProblem, SpecError } from '../../src/input/problems';
import { synthesizeFleet } from '../../src/synth/fleet';
import { Obj, parseYaml } from '../support/compare';
import { schemaErrors } from '../support/schema';
import { specDoc, tempDir, writeSpec } from '../support/specs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const file = (docs: Record<string, unknown>[]) => {
  const path = writeSpec(docs, 'spec.yaml', tempDir());
  dirs.push(dirname(path));
  return path;
};
const synth = (docs: Record<string, unknown>[]): Obj[] => {
  const { specs } = loadSpecs([file(docs)]);
  return synthesizeFleet(specs).flatMap((f) => parseYaml(f.content));
};
const policyOf = (objects: Obj[]) => objects.find((o) => o.kind === 'NetworkPolicy')!;
const KUBE = { type: 'KUBERNETES', workVolumeClaim: { size: '1Gi' } };

test('writes one NetworkPolicy: metadata and cluster ranges denied, the rest of IPv4, DNS and the API server allowed', () => {
  const objects = synth([specDoc({ containerMode: KUBE, egressPolicy: { deniedCidrs: ['10.0.0.0/8', '172.16.0.0/12'], apiServer: { cidr: '10.0.0.1/32', port: 6443 } } })]);
  expect(policyOf(objects)).toEqual({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'runners-gha-rs-runner-egress',
      namespace: 'ci',
      labels: {
        'actions.github.com/scale-set-name': 'runners',
        'actions.github.com/scale-set-namespace': 'ci',
        'app.kubernetes.io/component': 'runner-egress-policy',
        'app.kubernetes.io/instance': 'runners',
        'app.kubernetes.io/name': 'runners',
        'app.kubernetes.io/part-of': 'gha-rs',
        'app.kubernetes.io/version': '0.14.2',
      },
    },
    spec: {
      podSelector: { matchLabels: { 'actions.github.com/scale-set-name': 'runners', 'app.kubernetes.io/component': 'runner' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32', '10.0.0.0/8', '172.16.0.0/12'] } }] },
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] },
        { ports: [{ port: 6443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '10.0.0.1/32' } }] },
      ],
    },
  });
  expect(objects.flatMap(schemaErrors)).toEqual([]);
});

test('the API server rule only where runners call it: none in DIND, with a warning', () => {
  const path = file([specDoc({ containerMode: { type: 'DIND' }, egressPolicy: { apiServer: { cidr: '10.0.0.1/32' } } })]);
  const { specs, warnings } = loadSpecs([path]);
  expect(warnings.map((w) => formatProblem({ ...w, file: 'F' })).filter((w) => w.includes('egressPolicy'))).toEqual([
    'F: spec.egressPolicy.apiServer: is used only in KUBERNETES and KUBERNETES_NO_VOLUME modes (their container hooks call the API server); ignored in DIND (line 16)',
  ]);
  const egress = policyOf(synthesizeFleet(specs).flatMap((f) => parseYaml(f.content))).spec.egress;
  expect(egress).toHaveLength(2);
  expect(egress[0].to[0].ipBlock.except).toEqual(['169.254.169.254/32']);
});

test('no rule carries an empty list: the API server drops one, so the policy would never settle (drift)', () => {
  // cdk8s-plus writes `ports: []` for a rule without ports; the API server stores no empty list,
  // so every apply raised the policy's generation and `kubectl diff` was never empty.
  const emptyLists = (v: unknown, path: string): string[] => {
    if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => emptyLists(x, `${path}[${i}]`)) : [path];
    if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => emptyLists(x, `${path}.${k}`));
    return [];
  };
  for (const containerMode of [{ type: 'DEFAULT' }, { type: 'DIND' }, KUBE, { type: 'KUBERNETES_NO_VOLUME' }]) {
    const policy = policyOf(synth([specDoc({ containerMode, egressPolicy: { deniedCidrs: ['10.0.0.0/8'], apiServer: { cidr: '10.0.0.1/32' } } })]));
    expect(emptyLists(policy, 'policy')).toEqual([]);
    const [anyPort, ...withPorts] = policy.spec.egress;
    expect(Object.keys(anyPort)).toEqual(['to']);
    expect(withPorts.every((r: Obj) => r.ports.length > 0)).toBe(true);
  }
});

test('KUBERNETES runners with denied ranges and no apiServer get a warning', () => {
  const { warnings } = loadSpecs([file([specDoc({ containerMode: KUBE, egressPolicy: { deniedCidrs: ['10.0.0.0/8'] } })])]);
  expect(warnings.map((w) => formatProblem({ ...w, file: 'F', line: undefined })).filter((w) => w.includes('egressPolicy'))).toEqual([
    'F: spec.egressPolicy.deniedCidrs: KUBERNETES runners call the API server (their container hooks start job pods): if its address is inside these ranges, set spec.egressPolicy.apiServer ({cidr, port}) so that the policy lets them reach it',
  ]);
});

/**
 * The labels the controller (ARC 0.14.2 resourcebuilder.go) gives a runner pod: the
 * AutoscalingRunnerSet's labels, overwritten by the EphemeralRunnerSet's own (component
 * `runner-set`, scale-set-name = the AutoscalingRunnerSet's name, …), the component turned into
 * `runner` on the EphemeralRunner, then the template's labels and `actions-ephemeral-runner`.
 */
function runnerPodLabels(ars: Obj): Record<string, string> {
  const runnerSet = {
    ...ars.metadata.labels,
    'app.kubernetes.io/part-of': 'gha-runner-scale-set',
    'app.kubernetes.io/component': 'runner-set',
    'actions.github.com/scale-set-name': ars.metadata.name,
    'actions.github.com/scale-set-namespace': ars.metadata.namespace,
  };
  const runner = { ...runnerSet, 'app.kubernetes.io/component': 'runner' };
  return { ...runner, ...(ars.spec.template.metadata?.labels ?? {}), 'actions-ephemeral-runner': 'True' };
}

test('selects the runner pods of its scale set, not those of another scale set in the namespace', () => {
  const objects = synth([
    specDoc({ egressPolicy: {}, template: { metadata: { labels: { team: 'x' } }, spec: { containers: [{ name: 'runner', image: 'r' }] } } }, 'a'),
    specDoc({ runnerScaleSetName: 'b_set' }, 'b'),
  ]);
  const selector = policyOf(objects).spec.podSelector.matchLabels as Record<string, string>;
  const matches = (labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
  const [a, b] = objects.filter((o) => o.kind === 'AutoscalingRunnerSet');
  expect(matches(runnerPodLabels(a))).toBe(true);
  expect(matches(runnerPodLabels(b))).toBe(false);
  expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toHaveLength(1);
});

test('a scale set name with underscores: the selector uses the AutoscalingRunnerSet\'s name', () => {
  const objects = synth([specDoc({ runnerScaleSetName: 'linux_x64', egressPolicy: {} })]);
  const policy = policyOf(objects);
  expect(policy.metadata.name).toBe('linux-x64-gha-rs-runner-egress');
  expect(policy.spec.podSelector.matchLabels['actions.github.com/scale-set-name']).toBe('linux-x64');
});

test('ranges and ports are checked, every problem at once, with the field path', () => {
  const path = file([specDoc({ containerMode: KUBE, egressPolicy: { deniedCidrs: ['10.0.0.1/8', '10.0.0.0', '300.1.1.1/32'], apiServer: { cidr: 'fd00::/8', port: 70000 } } })]);
  let found: string[] = [];
  try {
    loadSpecs([path]);
  } catch (e) {
    found = (e as SpecError).problems.map((p) => formatProblem({ ...p, file: 'F', line: undefined }));
  }
  expect(found).toEqual([
    'F: spec.egressPolicy.deniedCidrs[0]: "10.0.0.1/8" has bits set beyond its /8 prefix (did you mean 10.0.0.0/8?)',
    'F: spec.egressPolicy.deniedCidrs[1]: "10.0.0.0" is not an IPv4 CIDR (such as 10.0.0.0/8 or 10.0.0.1/32)',
    'F: spec.egressPolicy.deniedCidrs[2]: "300.1.1.1/32" is not an IPv4 CIDR (such as 10.0.0.0/8 or 10.0.0.1/32)',
    'F: spec.egressPolicy.apiServer.cidr: "fd00::/8" is not an IPv4 CIDR (such as 10.0.0.0/8 or 10.0.0.1/32)',
    'F: spec.egressPolicy.apiServer.port: 70000 is not a port (a whole number from 1 to 65535; default 443)',
  ]);
});

test('the construct checks the same, naming the prop', () => {
  const chart = Testing.chart();
  new GhaRunnerScaleSet(chart, 'runners', {
    namespace: 'ci', githubConfigUrl: 'https://github.com/acme', auth: GitHubAuth.existingSecret('gh'),
    containerMode: ContainerModes.kubernetesNoVolume(), egressPolicy: { deniedCidrs: ['192.168.1.0/16'] },
  });
  expect(() => Testing.synth(chart)).toThrow(/egressPolicy\.deniedCidrs\[0\]: "192\.168\.1\.0\/16" has bits set beyond its \/16 prefix \(did you mean 192\.168\.0\.0\/16\?\)/);
});

test('without egressPolicy nothing changes and cdk8s-plus is never loaded; with it, it is', () => {
  const lib = join(__dirname, '..', '..', 'lib', 'src');
  const script = (egress: boolean) => `
    const { loadSpecs } = require(${JSON.stringify(join(lib, 'input', 'load'))});
    const { synthesizeFleet } = require(${JSON.stringify(join(lib, 'synth', 'fleet'))});
    synthesizeFleet(loadSpecs([${JSON.stringify(file([specDoc(egress ? { egressPolicy: {} } : {})]))}]).specs);
    process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('cdk8s-plus-28'))));`;
  expect(spawnSync(process.execPath, ['-e', script(false)], { encoding: 'utf8' }).stdout).toBe('false');
  expect(spawnSync(process.execPath, ['-e', script(true)], { encoding: 'utf8' }).stdout).toBe('true');
  expect(synth([specDoc({})]).some((o) => o.kind === 'NetworkPolicy')).toBe(false);
});
