/**
 * Spec fields of Pod Security (`podSecurity`) and of the runner egress policy (`egressPolicy`),
 * shared by the scale set and controller spec readers.
 */
import { POD_SECURITY } from '../constants';
import { ContainerModeName, modeTraits } from '../container-modes';
import { RunnerEgressPolicyOptions, egressPolicyProblems } from '../rules/egress-policy';
import type { PodSecurityLevel } from '../rules/pod-security';
import { Checker } from './checker';
import { Path } from '../rules/words';

export interface PodSecuritySpec {
  readonly level?: PodSecurityLevel;
  readonly hardenRunner?: boolean;
}

/** `podSecurity: {level, hardenRunner}`; `mode` is the scale set's (none for a controller, which has no runner). */
export function podSecurity(c: Checker, v: unknown, path: Path, mode?: ContainerModeName): PodSecuritySpec | undefined {
  const fields = mode ? ['level', 'hardenRunner'] : ['level'];
  const m = c.map(v, path, fields);
  if (!m) return undefined;
  const level = c.oneOf(m.level, [...path, 'level'], POD_SECURITY.levels);
  const hardenRunner = mode ? c.boolean(m.hardenRunner, [...path, 'hardenRunner']) : undefined;
  const blocker = mode && hardenRunner ? modeTraits(mode).hardeningBlocker : undefined;
  if (blocker) c.error([...path, 'hardenRunner'], `cannot be true in ${mode} mode: ${blocker}; allowed in KUBERNETES, KUBERNETES_NO_VOLUME and DEFAULT modes`);
  return { ...(level ? { level: level as PodSecurityLevel } : {}), ...(hardenRunner ? { hardenRunner } : {}) };
}

/** `egressPolicy: {deniedCidrs, apiServer: {cidr, port}}` of a scale set in `mode`. */
export function egressPolicy(c: Checker, v: unknown, path: Path, mode: ContainerModeName): RunnerEgressPolicyOptions | undefined {
  if (v === null) return undefined;
  const m = c.map(v, path, ['deniedCidrs', 'apiServer']);
  if (!m) return undefined;
  const deniedCidrs = (c.list(m.deniedCidrs, [...path, 'deniedCidrs']) ?? [])
    .map((x, i) => c.string(x, [...path, 'deniedCidrs', i], { required: true, what: 'an IPv4 CIDR such as 10.0.0.0/8' }) ?? '');
  let apiServer: RunnerEgressPolicyOptions['apiServer'];
  const apiPath = [...path, 'apiServer'];
  const a = m.apiServer !== undefined ? c.map(m.apiServer, apiPath, ['cidr', 'port'], true) : undefined;
  if (a) {
    const cidr = c.string(a.cidr, [...apiPath, 'cidr'], { required: true, what: 'the API server\'s address as an IPv4 CIDR, such as 10.0.0.1/32' }) ?? '';
    const port = a.port === undefined || a.port === null ? undefined : typeof a.port === 'number' ? a.port : NaN;
    if (Number.isNaN(port)) c.error([...apiPath, 'port'], `must be a whole number from 1 to 65535, found ${c.show(a.port, [...apiPath, 'port'])}`);
    apiServer = { cidr, ...(port !== undefined && !Number.isNaN(port) ? { port } : {}) };
  }
  const options: RunnerEgressPolicyOptions = { deniedCidrs: deniedCidrs.filter(Boolean), ...(apiServer ? { apiServer } : {}) };
  for (const p of egressPolicyProblems({ deniedCidrs, ...(apiServer?.cidr ? { apiServer } : {}) })) {
    if (p.path[0] === 'deniedCidrs' && !deniedCidrs[p.path[1] as number]) continue;
    c.error([...path, ...p.path], p.message);
  }
  const needsApiServer = modeTraits(mode).needsApiServer;
  if (apiServer && !needsApiServer) c.warn(apiPath, `is used only in KUBERNETES and KUBERNETES_NO_VOLUME modes (their container hooks call the API server); ignored in ${mode}`);
  if (!apiServer && needsApiServer && options.deniedCidrs?.length) {
    c.warn([...path, 'deniedCidrs'], `${mode} runners call the API server (their container hooks start job pods): if its address is inside these ranges, set ${[...apiPath].join('.')} ({cidr, port}) so that the policy lets them reach it`);
  }
  return options;
}
