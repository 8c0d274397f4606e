/**
 * src/controller/: ARC's controller as its `gha-runner-scale-set-controller` chart writes it
 * (the `GhaRunnerScaleSetController` construct, its pod, RBAC and names) and ARC's CRDs (`ArcCrds`).
 */
export { GhaRunnerScaleSetController } from './gha-runner-scale-set-controller';
export type { GhaRunnerScaleSetControllerProps, ControllerImageOptions, ControllerServiceAccountOptions, ControllerPodSecurityOptions } from './gha-runner-scale-set-controller';
export { ArcCrds } from './arc-crds';
export { crdsYaml } from './crds';
export { controllerArgs, controllerPodTemplate } from './pod-spec';
export type { ControllerFlags, ControllerMetrics, ControllerPodInput } from './pod-spec';
export { controllerNames, controllerFullName } from './naming';
export type { ControllerNameOverrides, ControllerNames } from './naming';
export { controllerPodMonitors, controllerMetricsSelector, listenerMetricsSelector } from './pod-monitors';
export type { ControllerPodMonitorOptions } from './pod-monitors';
