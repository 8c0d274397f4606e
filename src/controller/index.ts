export {
  GhaRunnerScaleSetController, GhaRunnerScaleSetControllerProps, ControllerImageOptions, ControllerServiceAccountOptions,
} from './gha-runner-scale-set-controller';
export { ArcCrds } from './arc-crds';
export { crdsYaml } from './crds';
export { ControllerFlags, ControllerMetrics, ControllerPodInput, controllerArgs, controllerPodTemplate } from './pod-spec';
export { controllerNames, controllerFullName, ControllerNames } from './naming';
