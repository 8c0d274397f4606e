export { GhaRunnerScaleSet, GhaRunnerScaleSetProps, RunnerOptions, GitHubServerTlsOptions, ScaleSetResourceMeta } from './constructs/gha-runner-scale-set';
export { GitHubAuth, GitHubAppOptions } from './constructs/github-auth';
export { PersistentVolumeOptions } from './constructs/shared-caches';
export { ServiceAccountRef } from './constructs/rbac';
export { ResourceMeta } from './constructs/scale-set-context';
export {
  ContainerMode, ContainerModes, ContainerModeType, KubernetesModeOptions, WorkVolumeClaimOptions, workVolumeClaimSpec,
} from './container-modes';
export { buildPodTemplate, PodTemplateInput } from './container-modes/pod-template';
export { scaleSetNames, ScaleSetNames } from './naming';
export { ARC_VERSION } from './constants';
export {
  GhaRunnerScaleSetController, GhaRunnerScaleSetControllerProps, ControllerImageOptions, ControllerServiceAccountOptions,
  ArcCrds, crdsYaml, ControllerFlags, ControllerMetrics, ControllerPodInput, controllerArgs, controllerPodTemplate,
  controllerNames, controllerFullName, ControllerNames,
} from './controller';
export * from './k8s';
