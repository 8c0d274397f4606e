/**
 * The Pod Security evaluator against example pods known to pass or fail each rule of the
 * Pod Security Standards (baseline and restricted, as admission checks them at `latest`).
 */
import type { PodTemplate } from '../../src/k8s';
import { PodSecurityLevel, podSecurityLevel, podSecurityViolations, violationsAt } from '../../src/rules/pod-security';

/** A pod that passes restricted; each case breaks it in one place. */
const hardened = (): any => ({
  spec: {
    securityContext: { runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'x', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    volumes: [{ name: 'cfg', configMap: { name: 'c' } }],
  },
});
const app = (pod: any) => pod.spec.containers[0];

const controls = (pod: PodTemplate) => podSecurityViolations(pod).map((v) => `${v.level} ${v.control}`);

test('the hardened example passes restricted', () => {
  expect(podSecurityViolations(hardened())).toEqual([]);
  expect(podSecurityLevel(hardened())).toBe('restricted');
});

test('a minimal pod passes baseline and fails restricted on four rules', () => {
  const pod = { spec: { containers: [{ name: 'c', image: 'x' }] } };
  expect(podSecurityLevel(pod)).toBe('baseline');
  expect(podSecurityViolations(pod)).toEqual([
    { level: 'restricted', control: 'Privilege Escalation', detail: 'container "c" must set securityContext.allowPrivilegeEscalation=false' },
    { level: 'restricted', control: 'Running as Non-root', detail: 'pod or container "c" must set securityContext.runAsNonRoot=true' },
    { level: 'restricted', control: 'Seccomp', detail: 'pod or container "c" must set securityContext.seccompProfile.type to RuntimeDefault or Localhost' },
    { level: 'restricted', control: 'Capabilities', detail: 'container "c" must set securityContext.capabilities.drop=["ALL"]' },
  ]);
});

describe.each<[string, (p: any) => void, string[]]>([
  ['privileged container', (p) => { app(p).securityContext.privileged = true; }, ['baseline Privileged Containers']],
  ['privileged init container', (p) => { p.spec.initContainers = [{ name: 'i', securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }]; }, ['baseline Privileged Containers']],
  ['privileged ephemeral container', (p) => { p.spec.ephemeralContainers = [{ name: 'e', securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }]; }, ['baseline Privileged Containers']],
  ['hostNetwork', (p) => { p.spec.hostNetwork = true; }, ['baseline Host Namespaces']],
  ['hostPID', (p) => { p.spec.hostPID = true; }, ['baseline Host Namespaces']],
  ['hostIPC', (p) => { p.spec.hostIPC = true; }, ['baseline Host Namespaces']],
  ['hostProcess', (p) => { p.spec.securityContext.windowsOptions = { hostProcess: true }; }, ['baseline HostProcess']],
  ['NET_ADMIN added', (p) => { app(p).securityContext.capabilities.add = ['NET_ADMIN']; }, ['baseline Capabilities', 'restricted Capabilities']],
  ['CHOWN added (baseline allows it)', (p) => { app(p).securityContext.capabilities.add = ['CHOWN']; }, ['restricted Capabilities']],
  ['NET_BIND_SERVICE added (restricted allows it)', (p) => { app(p).securityContext.capabilities.add = ['NET_BIND_SERVICE']; }, []],
  ['no drop ALL', (p) => { app(p).securityContext.capabilities.drop = ['NET_RAW']; }, ['restricted Capabilities']],
  ['hostPath volume', (p) => { p.spec.volumes.push({ name: 'h', hostPath: { path: '/' } }); }, ['baseline HostPath Volumes', 'restricted Volume Types']],
  ['nfs volume', (p) => { p.spec.volumes.push({ name: 'n', nfs: { server: 's', path: '/' } }); }, ['restricted Volume Types']],
  ['every allowed volume type', (p) => {
    p.spec.volumes.push({ name: 'a', csi: { driver: 'd' } }, { name: 'b', downwardAPI: {} }, { name: 'c', emptyDir: {} },
      { name: 'd', ephemeral: { volumeClaimTemplate: { spec: {} } } }, { name: 'e', persistentVolumeClaim: { claimName: 'x' } },
      { name: 'f', projected: { sources: [] } }, { name: 'g', secret: { secretName: 's' } }, { name: 'h' });
  }, []],
  ['hostPort', (p) => { app(p).ports = [{ containerPort: 80, hostPort: 8080 }]; }, ['baseline Host Ports']],
  ['hostPort 0', (p) => { app(p).ports = [{ containerPort: 80, hostPort: 0 }]; }, []],
  ['AppArmor Unconfined', (p) => { app(p).securityContext.appArmorProfile = { type: 'Unconfined' }; }, ['baseline AppArmor']],
  ['AppArmor Localhost', (p) => { p.spec.securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'x' }; }, []],
  ['AppArmor annotation unconfined', (p) => { p.metadata = { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }; }, ['baseline AppArmor']],
  ['AppArmor annotation localhost/', (p) => { p.metadata = { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/prof' } }; }, []],
  ['SELinux type spc_t', (p) => { app(p).securityContext.seLinuxOptions = { type: 'spc_t' }; }, ['baseline SELinux']],
  ['SELinux user', (p) => { p.spec.securityContext.seLinuxOptions = { user: 'system_u' }; }, ['baseline SELinux']],
  ['SELinux level and container_t', (p) => { app(p).securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c1' }; }, []],
  ['procMount Unmasked', (p) => { app(p).securityContext.procMount = 'Unmasked'; }, ['baseline /proc Mount Type']],
  ['seccomp Unconfined on the pod', (p) => { p.spec.securityContext.seccompProfile = { type: 'Unconfined' }; }, ['baseline Seccomp', 'restricted Seccomp']],
  ['seccomp Localhost on the container only', (p) => { delete p.spec.securityContext.seccompProfile; app(p).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p' }; }, []],
  ['unsafe sysctl', (p) => { p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, ['baseline Sysctls']],
  ['safe sysctl', (p) => { p.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_keepalive_time', value: '1' }]; }, []],
  ['probe host', (p) => { app(p).livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }; }, ['baseline Probes and lifecycle hooks']],
  ['lifecycle host', (p) => { app(p).lifecycle = { preStop: { tcpSocket: { host: 'example.com', port: 1 } } }; }, ['baseline Probes and lifecycle hooks']],
  ['allowPrivilegeEscalation unset', (p) => { delete app(p).securityContext.allowPrivilegeEscalation; }, ['restricted Privilege Escalation']],
  ['runAsNonRoot false on a container', (p) => { app(p).securityContext.runAsNonRoot = false; }, ['restricted Running as Non-root']],
  ['runAsNonRoot only on the container', (p) => { delete p.spec.securityContext.runAsNonRoot; app(p).securityContext.runAsNonRoot = true; }, []],
  ['runAsUser 0', (p) => { app(p).securityContext.runAsUser = 0; }, ['restricted Running as Non-root user']],
  ['a Windows pod skips the Linux-only rules', (p) => { p.spec.os = { name: 'windows' }; delete app(p).securityContext; delete p.spec.securityContext.seccompProfile; }, []],
])('%s', (_name, change, expected) => {
  test(`breaks exactly: ${expected.join(', ') || 'nothing'}`, () => {
    const pod = hardened();
    change(pod);
    expect(controls(pod)).toEqual(expected);
  });
});

test('details name the containers and values', () => {
  const pod = hardened();
  pod.spec.containers.push({ name: 'dind', securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN', 'NET_ADMIN'] } } });
  expect(violationsAt(pod, PodSecurityLevel.BASELINE)).toEqual([
    { level: 'baseline', control: 'Privileged Containers', detail: 'container "dind" set securityContext.privileged=true' },
    { level: 'baseline', control: 'Capabilities', detail: 'container "dind" add "NET_ADMIN", "SYS_ADMIN" (beyond the default set)' },
  ]);
  expect(violationsAt(pod, PodSecurityLevel.PRIVILEGED)).toEqual([]);
  expect(podSecurityLevel(pod)).toBe('privileged');
});
