/**
 * The library's public API: the `GhaRunnerScaleSet` and `GhaRunnerScaleSetController` constructs,
 * their props and helpers. The `gha-rs` CLI is apart (src/cli/, run by bin/gha-rs.js); `docs/layout.md`
 * shows how the folders fit together.
 */
export { GhaRunnerScaleSet } from './constructs/gha-runner-scale-set';
export type { GhaRunnerScaleSetProps, RunnerOptions, GitHubServerTlsOptions, ScaleSetResourceMeta, PodSecurityOptions } from './constructs/gha-runner-scale-set';
export { GitHubAuth } from './constructs/github-auth';
export type { GitHubAppOptions, ExternalSecretOptions, SecretStoreRef, RemoteKey, RemoteGitHubApp } from './constructs/github-auth';
export { SecretsOutput } from './constructs/secrets-output';
export { SecretSealer, previousSealedSecrets } from './constructs/secret-sealer';
export type { SecretSealerOptions } from './constructs/secret-sealer';
export type { PersistentVolumeOptions } from './constructs/shared-caches';
export type { ServiceAccountRef } from './k8s';
export type { ResourceMeta } from './constructs/scale-set-context';
export { ContainerMode, ContainerModes, workVolumeClaimSpec } from './container-modes';
export type { ContainerModeType, KubernetesModeOptions, KubernetesNoVolumeModeOptions, WorkVolumeClaimOptions, JobPod, HookExtensionData } from './container-modes';
export { buildPodTemplate } from './container-modes/pod-template';
export { HookTemplate } from './container-modes/hook-template';
export type { PodTemplateInput } from './container-modes/pod-template';
export { podSecurityViolations, podSecurityLevel, violationsAt } from './rules/pod-security';
export type { PodSecurityLevel, PodSecurityViolation, NamespacePods } from './rules/pod-security';
export type { RunnerEgressPolicyOptions, ApiServerEndpoint } from './rules/egress-policy';
export { scaleSetNames } from './naming';
export type { ScaleSetNames } from './naming';
export { ARC_VERSION } from './constants';
export { GhaRunnerScaleSetController, ArcCrds, crdsYaml, controllerArgs, controllerPodTemplate, controllerNames, controllerFullName } from './controller';
export type {
  GhaRunnerScaleSetControllerProps, ControllerImageOptions, ControllerServiceAccountOptions, ControllerFlags, ControllerMetrics,
  ControllerPodInput, ControllerNames, ControllerPodMonitorOptions,
} from './controller';
export type * from './k8s';
