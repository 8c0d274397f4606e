/**
 * From a checked controller spec to the construct's props.
 */
import type { GhaRunnerScaleSetControllerProps } from '../controller/gha-runner-scale-set-controller';
import { ControllerSpec } from './controller-spec';

export function controllerSpecToProps(s: ControllerSpec): GhaRunnerScaleSetControllerProps {
  const f = s.flags;
  return {
    releaseName: s.name,
    namespace: s.namespace,
    nameOverride: s.nameOverride,
    fullnameOverride: s.fullnameOverride,
    createNamespace: s.createNamespace,
    replicaCount: s.replicaCount,
    image: s.container.image,
    imagePullSecrets: s.imagePullSecrets,
    serviceAccount: s.serviceAccount,
    labels: s.labels,
    flags: {
      ...(f.logLevel !== undefined ? { logLevel: f.logLevel } : {}),
      ...(f.logFormat !== undefined ? { logFormat: f.logFormat } : {}),
      ...(f.watchSingleNamespace ? { watchSingleNamespace: f.watchSingleNamespace } : {}),
      ...(f.runnerMaxConcurrentReconciles !== undefined ? { runnerMaxConcurrentReconciles: f.runnerMaxConcurrentReconciles } : {}),
      ...(f.updateStrategy !== undefined ? { updateStrategy: f.updateStrategy } : {}),
      excludeLabelPropagationPrefixes: f.excludeLabelPropagationPrefixes,
      ...(f.k8sClientRateLimiterQps !== undefined ? { k8sClientRateLimiterQps: f.k8sClientRateLimiterQps } : {}),
      ...(f.k8sClientRateLimiterBurst !== undefined ? { k8sClientRateLimiterBurst: f.k8sClientRateLimiterBurst } : {}),
      ...(f.workqueueRateLimiter ? { workqueueRateLimiter: f.workqueueRateLimiter } : {}),
      ...(f.healthProbeBindAddress ? { healthProbeBindAddress: f.healthProbeBindAddress } : {}),
    },
    metrics: s.metrics,
    pprofAddr: s.pprof?.addr,
    podMonitors: s.podMonitors,
    resources: s.container.resources,
    securityContext: s.container.securityContext,
    env: s.container.env.length ? s.container.env : undefined,
    volumeMounts: s.container.volumeMounts.length ? s.container.volumeMounts : undefined,
    volumes: s.volumes.length ? s.volumes : undefined,
    podLabels: s.podLabels,
    podAnnotations: s.podAnnotations,
    podSecurityContext: s.podSecurityContext,
    priorityClassName: s.priorityClassName,
    nodeSelector: s.nodeSelector,
    tolerations: s.tolerations,
    affinity: s.affinity,
    topologySpreadConstraints: s.topologySpreadConstraints,
    podSecurity: s.podSecurity,
  };
}
