/**
 * Spec fields of Pod Security (`podSecurity`) and of the runner egress policy (`egressPolicy`),
 * shared by the scale set and controller spec readers.
 */
import { POD_SECURITY } from '../constants';
import { ContainerModeType, modeTraits } from '../container-modes';
import type { PodSecurityLevel } from '../rules/pod-security';
import { Checker, Path } from './checker';

export interface PodSecuritySpec {
  readonly level?: PodSecurityLevel;
  readonly hardenRunner?: boolean;
}

/** `podSecurity: {level, hardenRunner}`; `mode` is the scale set's (none for a controller, which has no runner). */
export function podSecurity(c: Checker, v: unknown, path: Path, mode?: ContainerModeType): PodSecuritySpec | undefined {
  const fields = mode ? ['level', 'hardenRunner'] : ['level'];
  const m = c.map(v, path, fields);
  if (!m) return undefined;
  const level = c.oneOf(m.level, [...path, 'level'], POD_SECURITY.levels);
  const hardenRunner = mode ? c.boolean(m.hardenRunner, [...path, 'hardenRunner']) : undefined;
  const blocker = mode && hardenRunner ? modeTraits(mode).hardeningBlocker : undefined;
  if (blocker) c.error([...path, 'hardenRunner'], `cannot be true in ${mode} mode: ${blocker}; allowed in KUBERNETES, KUBERNETES_NO_VOLUME and DEFAULT modes`);
  return { ...(level ? { level } : {}), ...(hardenRunner ? { hardenRunner } : {}) };
}
