export { GhaRunnerScaleSetController } from './gha-runner-scale-set-controller';
export type { GhaRunnerScaleSetControllerProps, ControllerImageOptions, ControllerServiceAccountOptions } from './gha-runner-scale-set-controller';
export { ArcCrds } from './arc-crds';
export { crdsYaml } from './crds';
export { controllerArgs, controllerPodTemplate } from './pod-spec';
export type { ControllerFlags, ControllerMetrics, ControllerPodInput } from './pod-spec';
export { controllerNames, controllerFullName } from './naming';
export type { ControllerNames } from './naming';
