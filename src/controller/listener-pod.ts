/**
 * The listener pod the controller (ARC 0.14.2, `newScaleSetListenerPod`) starts for a scale set,
 * in the controller's namespace, as far as Pod Security is concerned. What we assume: the pod is
 * the scale set's `listenerTemplate` (security contexts, volumes, host settings and annotations
 * as given), with a `listener` container added when the template has none, and the listener's
 * config Secret mounted as a `secret` volume; without a template, the controller sets no
 * securityContext, so the pod passes baseline, not restricted.
 */
import { CONTAINER } from '../constants';
import type { PodTemplate } from '../k8s';

/** Name of the config volume, for the model only. */
const CONFIG_VOLUME = 'listener-config';

export function listenerPod(listenerTemplate: PodTemplate | undefined): PodTemplate {
  const spec = listenerTemplate?.spec ?? {};
  const containers = spec.containers ?? [];
  return {
    ...(listenerTemplate?.metadata ? { metadata: listenerTemplate.metadata } : {}),
    spec: {
      ...spec,
      containers: containers.some((c) => c.name === CONTAINER.listener) ? containers : [{ name: CONTAINER.listener }, ...containers],
      volumes: [...(spec.volumes ?? []), { name: CONFIG_VOLUME, secret: { secretName: CONFIG_VOLUME } }],
    },
  };
}
