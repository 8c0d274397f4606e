/**
 * The library's public API: the `GhaRunnerScaleSet` and `GhaRunnerScaleSetController` constructs,
 * their props and helpers. The `gha-rs` CLI is apart (src/cli/, run by bin/gha-rs.js); `docs/layout.md`
 * shows how the folders fit together.
 *
 * Everything here is compiled with jsii as well (`npm run package:python`): helpers are static
 * members of classes and choices are enums or classes, since jsii leaves out free functions,
 * constants and type aliases.
 */
export { GhaRunnerScaleSet } from './constructs/gha-runner-scale-set';
export type { GhaRunnerScaleSetProps, RunnerOptions, GitHubServerTlsOptions, ScaleSetResourceMeta, PodSecurityOptions } from './constructs/gha-runner-scale-set';
export { RunnerCount } from './constructs/runner-count';
export type { RbacResourceMeta } from './constructs/rbac';
export { GitHubAuth } from './constructs/github-auth';
export type { GitHubAppOptions, ExternalSecretOptions, SecretStoreRef, RemoteKey, RemoteGitHubApp } from './constructs/github-auth';
export { SecretsOutput } from './constructs/secrets-output';
export { SecretSealer, previousSealedSecrets } from './constructs/secret-sealer';
export type { SecretSealerOptions } from './constructs/secret-sealer';
export type { PersistentVolumeOptions } from './constructs/shared-caches';
export type { ServiceAccountRef } from './k8s';
export type { ResourceMeta } from './constructs/scale-set-context';
export { ContainerMode, ContainerModes, ContainerModeType } from './container-modes';
export type {
  KubernetesModeOptions, KubernetesNoVolumeModeOptions, WorkVolumeClaimOptions, WorkVolumeClaimSpecOptions, ModeContext, ModeLayout,
  RunnerTlsMount, JobPod, HookExtensionData,
} from './container-modes';
export { HookTemplate } from './container-modes/hook-template';
export type { PodTemplateInput } from './container-modes/pod-template';
export { PodSecurity, PodSecurityLevel } from './rules/pod-security';
export type { PodSecurityViolation, NamespacePods } from './rules/pod-security';
export type { RunnerEgressPolicyOptions, ApiServerEndpoint } from './rules/egress-policy';
export type { ScaleSetNames } from './naming';
export { GhaRunnerScaleSetController, ArcCrds } from './controller';
export type {
  GhaRunnerScaleSetControllerProps, ControllerImageOptions, ControllerServiceAccountOptions, ControllerFlags, ControllerMetrics,
  ControllerPodInput, ControllerNames, ControllerNameOverrides, ControllerPodMonitorOptions, ControllerPodSecurityOptions,
} from './controller';
// The generated CRD types the scale set's props use (type-only: the 1.7 MB module is not loaded).
export type {
  AutoscalingRunnerSetSpecProxy, AutoscalingRunnerSetSpecProxyHttp, AutoscalingRunnerSetSpecProxyHttps,
  AutoscalingRunnerSetSpecVaultConfig, AutoscalingRunnerSetSpecVaultConfigAzureKeyVault, AutoscalingRunnerSetSpecVaultConfigProxy,
  AutoscalingRunnerSetSpecVaultConfigProxyHttp, AutoscalingRunnerSetSpecVaultConfigProxyHttps,
  AutoscalingRunnerSetSpecListenerMetrics, AutoscalingRunnerSetSpecListenerMetricsCounters,
  AutoscalingRunnerSetSpecListenerMetricsGauges, AutoscalingRunnerSetSpecListenerMetricsHistograms,
} from '../imports/actions.github.com';
export type * from './k8s';
