/**
 * The Pod Security Standards, as Kubernetes' Pod Security admission checks a pod at its `latest`
 * version (the rules of Kubernetes 1.34, without the relaxations alpha feature gates add for pods
 * in user namespaces), and which level a namespace needs for the pods that run in it.
 * Pure: no cdk8s, no I/O.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
import { POD_SECURITY } from '../constants';
import type { Container, PodSpec, PodTemplate } from '../k8s';

/**
 * A Pod Security Standards level, as the `pod-security.kubernetes.io/*` namespace labels write it.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** No restrictions. */
  PRIVILEGED = 'privileged',
  /** Known privilege escalations prevented. */
  BASELINE = 'baseline',
  /** Pod hardening best practices. */
  RESTRICTED = 'restricted',
}

/** One rule a pod breaks: the level it breaks (and every stricter one), the control, and what in the pod breaks it. */
export interface PodSecurityViolation {
  /** `BASELINE` or `RESTRICTED`. */
  readonly level: PodSecurityLevel;
  readonly control: string;
  readonly detail: string;
}

type Obj = Record<string, any>;

const strictness = (l: PodSecurityLevel): number => (POD_SECURITY.levels as readonly string[]).indexOf(l);

/** Is `a` stricter than `b`? */
export function stricter(a: PodSecurityLevel, b: PodSecurityLevel): boolean {
  return strictness(a) > strictness(b);
}

/** Every container of the pod, init and ephemeral ones included, as admission visits them. */
function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec.ephemeralContainers as Container[] | undefined) ?? [])];
}

const sc = (c: Container): Obj => (c.securityContext as Obj | undefined) ?? {};
const quote = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');
const containerWord = (names: readonly string[]): string => `${names.length === 1 ? 'container' : 'containers'} ${quote(names)}`;

/** Names of the containers for which `bad` holds. */
function which(containers: readonly Container[], bad: (c: Container) => boolean): string[] {
  return containers.filter(bad).map((c) => c.name);
}

/**
 * A pod-or-containers rule (runAsNonRoot, seccomp): containers that set a bad value, and, when the
 * pod does not set a good one, containers that leave it unset.
 */
function podOrContainers(
  podValue: unknown, containers: readonly Container[], get: (c: Container) => unknown, good: (v: unknown) => boolean,
): { explicit: string[]; podBad: boolean; implicit: string[] } {
  const podBad = podValue !== undefined && podValue !== null && !good(podValue);
  const podGood = podValue !== undefined && podValue !== null && good(podValue);
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containers) {
    const v = get(c);
    if (v !== undefined && v !== null) {
      if (!good(v)) explicit.push(c.name);
    } else if (!podGood) implicit.push(c.name);
  }
  return { explicit, podBad, implicit };
}

/** Baseline: rules that stop known privilege escalations. */
function baselineViolations(spec: PodSpec, annotations: Record<string, string>): PodSecurityViolation[] {
  const out: PodSecurityViolation[] = [];
  const add = (control: string, detail: string) => out.push({ level: PodSecurityLevel.BASELINE, control, detail });
  const psc: Obj = (spec.securityContext as Obj | undefined) ?? {};
  const containers = containersOf(spec);

  const hostProcess = which(containers, (c) => sc(c).windowsOptions?.hostProcess === true);
  if (psc.windowsOptions?.hostProcess === true || hostProcess.length) {
    add('HostProcess', `${[...(psc.windowsOptions?.hostProcess === true ? ['pod'] : []), ...(hostProcess.length ? [containerWord(hostProcess)] : [])].join(' and ')} set securityContext.windowsOptions.hostProcess=true`);
  }
  const hostNs = ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => (spec as Obj)[k] === true);
  if (hostNs.length) add('Host Namespaces', `the pod sets ${hostNs.map((k) => `${k}=true`).join(', ')}`);
  const privileged = which(containers, (c) => sc(c).privileged === true);
  if (privileged.length) add('Privileged Containers', `${containerWord(privileged)} set securityContext.privileged=true`);
  const added = new Set<string>();
  const addsCaps = which(containers, (c) => {
    const bad = ((sc(c).capabilities?.add ?? []) as string[]).filter((cap) => !(POD_SECURITY.baselineCapabilities as readonly string[]).includes(cap));
    bad.forEach((cap) => added.add(cap));
    return bad.length > 0;
  });
  if (addsCaps.length) add('Capabilities', `${containerWord(addsCaps)} add ${quote([...added].sort())} (beyond the default set)`);
  const hostPath = (spec.volumes ?? []).filter((v) => v.hostPath !== undefined && v.hostPath !== null).map((v) => v.name);
  if (hostPath.length) add('HostPath Volumes', `volumes ${quote(hostPath)} are hostPath volumes`);
  const ports = new Set<number>();
  const hostPorts = which(containers, (c) => {
    const bad = ((c.ports ?? []) as Obj[]).filter((p) => p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0);
    bad.forEach((p) => ports.add(p.hostPort));
    return bad.length > 0;
  });
  if (hostPorts.length) add('Host Ports', `${containerWord(hostPorts)} use hostPort ${[...ports].sort((a, b) => a - b).join(', ')}`);

  const appArmorOk = (t: unknown) => (POD_SECURITY.appArmorTypes as readonly unknown[]).includes(t);
  const appArmor = which(containers, (c) => sc(c).appArmorProfile && !appArmorOk(sc(c).appArmorProfile.type));
  const appArmorAnnotations = Object.entries(annotations).filter(([k, v]) => k.startsWith(POD_SECURITY.appArmorAnnotationPrefix)
    && v !== '' && v !== POD_SECURITY.appArmorAnnotationRuntimeDefault && !v.startsWith(POD_SECURITY.appArmorAnnotationLocalhostPrefix));
  const podAppArmorBad = psc.appArmorProfile && !appArmorOk(psc.appArmorProfile.type);
  if (podAppArmorBad || appArmor.length || appArmorAnnotations.length) {
    const who = [...(podAppArmorBad ? ['pod'] : []), ...(appArmor.length ? [containerWord(appArmor)] : []), ...appArmorAnnotations.map(([k, v]) => `annotation ${k}="${v}"`)];
    add('AppArmor', `${who.join(' and ')} must not set an AppArmor profile other than RuntimeDefault or Localhost`);
  }

  const seLinuxBad = (o: Obj | undefined): boolean => !!o && (!(POD_SECURITY.seLinuxTypes as readonly string[]).includes(o.type ?? '') || !!o.user || !!o.role);
  const seLinux = which(containers, (c) => seLinuxBad(sc(c).seLinuxOptions));
  if (seLinuxBad(psc.seLinuxOptions) || seLinux.length) {
    const who = [...(seLinuxBad(psc.seLinuxOptions) ? ['pod'] : []), ...(seLinux.length ? [containerWord(seLinux)] : [])];
    add('SELinux', `${who.join(' and ')} set securityContext.seLinuxOptions with a user, a role, or a type other than ${POD_SECURITY.seLinuxTypes.filter(Boolean).join(', ')}`);
  }
  const procMount = which(containers, (c) => sc(c).procMount !== undefined && sc(c).procMount !== null && sc(c).procMount !== POD_SECURITY.procMountDefault);
  if (procMount.length) add('/proc Mount Type', `${containerWord(procMount)} set securityContext.procMount to other than Default`);
  const unconfined = which(containers, (c) => sc(c).seccompProfile?.type === POD_SECURITY.seccompUnconfined);
  const podUnconfined = psc.seccompProfile?.type === POD_SECURITY.seccompUnconfined;
  if (podUnconfined || unconfined.length) {
    add('Seccomp', `${[...(podUnconfined ? ['pod'] : []), ...(unconfined.length ? [containerWord(unconfined)] : [])].join(' and ')} set securityContext.seccompProfile.type=Unconfined`);
  }
  const sysctls = ((psc.sysctls ?? []) as Obj[]).map((s) => s.name).filter((n) => !(POD_SECURITY.sysctls as readonly string[]).includes(n));
  if (sysctls.length) add('Sysctls', `the pod sets sysctls outside the safe set: ${sysctls.join(', ')}`);

  const hosts = new Set<string>();
  const probeHosts = which(containers, (c) => {
    const handlers = [c.livenessProbe, c.readinessProbe, c.startupProbe, (c.lifecycle as Obj | undefined)?.postStart, (c.lifecycle as Obj | undefined)?.preStop] as (Obj | undefined)[];
    const bad = handlers.flatMap((h) => [h?.httpGet?.host, h?.tcpSocket?.host]).filter((h): h is string => !!h);
    bad.forEach((h) => hosts.add(h));
    return bad.length > 0;
  });
  if (probeHosts.length) add('Probes and lifecycle hooks', `${containerWord(probeHosts)} set a host in a probe or lifecycle handler (${quote([...hosts].sort())})`);
  return out;
}

/** Restricted: current hardening practice, on top of baseline. */
function restrictedViolations(spec: PodSpec): PodSecurityViolation[] {
  const out: PodSecurityViolation[] = [];
  const add = (control: string, detail: string) => out.push({ level: PodSecurityLevel.RESTRICTED, control, detail });
  const psc: Obj = (spec.securityContext as Obj | undefined) ?? {};
  const containers = containersOf(spec);
  const linux = (spec.os as Obj | undefined)?.name !== POD_SECURITY.windows;

  const allowed = POD_SECURITY.restrictedVolumeSources as readonly string[];
  const badVolumes = (spec.volumes ?? []).filter((v) => {
    const sources = Object.entries(v as Obj).filter(([k, x]) => k !== 'name' && x !== undefined && x !== null).map(([k]) => k);
    // a volume with no source is defaulted to emptyDir by the API server
    return sources.some((k) => !allowed.includes(k));
  }).map((v) => v.name);
  if (badVolumes.length) add('Volume Types', `volumes ${quote(badVolumes)} use a type other than ${allowed.join(', ')}`);

  if (linux) {
    const escalation = which(containers, (c) => sc(c).allowPrivilegeEscalation !== false);
    if (escalation.length) add('Privilege Escalation', `${containerWord(escalation)} must set securityContext.allowPrivilegeEscalation=false`);
  }

  const nonRoot = podOrContainers(psc.runAsNonRoot, containers, (c) => sc(c).runAsNonRoot, (v) => v === true);
  if (nonRoot.podBad || nonRoot.explicit.length) {
    add('Running as Non-root', `${[...(nonRoot.podBad ? ['pod'] : []), ...(nonRoot.explicit.length ? [containerWord(nonRoot.explicit)] : [])].join(' and ')} must not set securityContext.runAsNonRoot=false`);
  } else if (nonRoot.implicit.length) {
    add('Running as Non-root', `pod or ${containerWord(nonRoot.implicit)} must set securityContext.runAsNonRoot=true`);
  }

  const rootUser = which(containers, (c) => sc(c).runAsUser === 0);
  if (psc.runAsUser === 0 || rootUser.length) {
    add('Running as Non-root user', `${[...(psc.runAsUser === 0 ? ['pod'] : []), ...(rootUser.length ? [containerWord(rootUser)] : [])].join(' and ')} must not set runAsUser=0`);
  }

  if (linux) {
    const okSeccomp = (v: unknown) => (POD_SECURITY.seccompTypes as readonly unknown[]).includes((v as Obj).type);
    const seccomp = podOrContainers(psc.seccompProfile, containers, (c) => sc(c).seccompProfile, okSeccomp);
    if (seccomp.podBad || seccomp.explicit.length) {
      add('Seccomp', `${[...(seccomp.podBad ? ['pod'] : []), ...(seccomp.explicit.length ? [containerWord(seccomp.explicit)] : [])].join(' and ')} must not set securityContext.seccompProfile.type to other than RuntimeDefault or Localhost`);
    } else if (seccomp.implicit.length) {
      add('Seccomp', `pod or ${containerWord(seccomp.implicit)} must set securityContext.seccompProfile.type to RuntimeDefault or Localhost`);
    }

    const noDropAll = which(containers, (c) => !((sc(c).capabilities?.drop ?? []) as string[]).includes(POD_SECURITY.dropAll));
    if (noDropAll.length) add('Capabilities', `${containerWord(noDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
    const caps = new Set<string>();
    const addsCaps = which(containers, (c) => {
      const bad = ((sc(c).capabilities?.add ?? []) as string[]).filter((cap) => cap !== POD_SECURITY.restrictedCapability);
      bad.forEach((cap) => caps.add(cap));
      return bad.length > 0;
    });
    if (addsCaps.length) add('Capabilities', `${containerWord(addsCaps)} must not add ${quote([...caps].sort())} (only NET_BIND_SERVICE)`);
  }
  return out;
}

/** Every Pod Security rule the pod breaks, baseline ones first. */
export function podSecurityViolations(pod: PodTemplate): PodSecurityViolation[] {
  const spec = pod.spec ?? {};
  return [...baselineViolations(spec, pod.metadata?.annotations ?? {}), ...restrictedViolations(spec)];
}

/** The rules a pod breaks at `level` (none at privileged). */
export function violationsAt(pod: PodTemplate, level: PodSecurityLevel): PodSecurityViolation[] {
  return podSecurityViolations(pod).filter((v) => !stricter(v.level, level));
}

/** The strictest level the pod passes. */
export function podSecurityLevel(pod: PodTemplate): PodSecurityLevel {
  const found = podSecurityViolations(pod);
  if (found.some((v) => v.level === PodSecurityLevel.BASELINE)) return PodSecurityLevel.PRIVILEGED;
  return found.length ? PodSecurityLevel.BASELINE : PodSecurityLevel.RESTRICTED;
}

/** One violation, for a message: `control (detail)`. */
export function describeViolation(v: PodSecurityViolation): string {
  return `${v.control}: ${v.detail}`;
}

/** Pods that run in a namespace, described for messages (`runner pods of scale set "linux" (DIND mode)`). */
export interface NamespacePods {
  readonly what: string;
  readonly pod: PodTemplate;
}

/** A level a spec (or construct) asks its namespace to carry. */
export interface PodSecurityClaim {
  /** The file (or construct path) that asks. */
  readonly source: string;
  /** The field that asks, e.g. `spec.podSecurity.level`. */
  readonly field: string;
  readonly level: PodSecurityLevel;
}

export interface NamespacePodSecurity {
  /** The level the namespace's labels carry: the one asked for, else the strictest all its pods pass. */
  readonly level: PodSecurityLevel;
  /** The strictest level all its pods pass. */
  readonly needed: PodSecurityLevel;
  /** Claims that cannot be met, or that disagree: one message per claim, without source and field. */
  readonly problems: readonly { readonly claim: PodSecurityClaim; readonly message: string }[];
}

/** The labels Pod Security admission reads: the same level enforced, warned about and audited. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  const { enforce, warn, audit } = POD_SECURITY.labels;
  return { [audit]: level, [enforce]: level, [warn]: level };
}

/** The strictest level every pod passes. */
export function neededLevel(pods: readonly NamespacePods[]): PodSecurityLevel {
  return pods.map((p) => podSecurityLevel(p.pod)).reduce<PodSecurityLevel>((a, b) => (stricter(a, b) ? b : a), PodSecurityLevel.RESTRICTED);
}

/**
 * The level of one namespace: the pods of every scale set and controller in it must pass it.
 * A claimed level the pods cannot meet is a problem naming the pods and the rules they break;
 * so are two claims that disagree (a namespace carries one label).
 */
export function namespacePodSecurity(namespace: string, pods: readonly NamespacePods[], claims: readonly PodSecurityClaim[]): NamespacePodSecurity {
  const needed = neededLevel(pods);
  const problems: { claim: PodSecurityClaim; message: string }[] = [];
  const first = claims[0];
  for (const claim of claims) {
    if (claim.level !== first.level) {
      problems.push({ claim, message: `"${claim.level}" disagrees with "${first.level}", which ${first.source} (${first.field}) asks for namespace "${namespace}"; a namespace carries one Pod Security level: ask for the same level, or leave one out` });
      continue;
    }
    if (!stricter(claim.level, needed)) continue;
    const failing = pods.map((p) => ({ p, found: violationsAt(p.pod, claim.level) })).filter((x) => x.found.length);
    const why = failing.map(({ p, found }) => `${p.what} pass "${podSecurityLevel(p.pod)}" at most (${found.map(describeViolation).join('; ')})`);
    problems.push({ claim, message: `"${claim.level}" is stricter than the pods of namespace "${namespace}" allow: ${why.join('; ')}. Allowed: "${needed}" or less strict${needed === PodSecurityLevel.RESTRICTED ? '' : ', or change the pods'}` });
  }
  return { level: first && !problems.length ? first.level : needed, needed, problems };
}

/** The Pod Security Standards checks, as Kubernetes' Pod Security admission makes them. Pure. */
export class PodSecurity {
  /** Every Pod Security rule the pod breaks, baseline ones first. */
  public static violations(pod: PodTemplate): PodSecurityViolation[] {
    return podSecurityViolations(pod);
  }

  /** The rules a pod breaks at `level` (none at `PRIVILEGED`). */
  public static violationsAt(pod: PodTemplate, level: PodSecurityLevel): PodSecurityViolation[] {
    return violationsAt(pod, level);
  }

  /** The strictest level the pod passes. */
  public static levelOf(pod: PodTemplate): PodSecurityLevel {
    return podSecurityLevel(pod);
  }

  private constructor() {}
}
