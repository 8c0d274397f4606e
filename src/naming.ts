/**
 * The one source of object names, ported from the chart's `_helpers.tpl`.
 * Pure functions: no construct, no I/O.
 */
import { BASE_NAME, EXPERIMENTAL, NAME_SUFFIX } from './constants';
import { trunc63 } from './go-template';
import { hookExtensionName } from './container-modes/hook-template';

/** `<scaleSetName>-gha-rs`, truncated as the chart does. */
export function fullName(scaleSetName: string): string {
  return trunc63(`${scaleSetName}-${BASE_NAME}`);
}

/** Every name the chart derives from the scale set name. */
export interface ScaleSetNames {
  /** The AutoscalingRunnerSet's own name (underscores become dashes). */
  readonly runnerSet: string;
  /** The Secret the chart creates for PAT / GitHub App credentials. */
  readonly githubSecret: string;
  /** ServiceAccount of DinD / default mode runner pods. */
  readonly noPermissionServiceAccount: string;
  /** ServiceAccount of kubernetes-mode runner pods. */
  readonly kubeModeServiceAccount: string;
  /** Role and RoleBinding of kubernetes-mode runner pods (the chart keeps underscores here). */
  readonly kubeModeRole: string;
  readonly kubeModeRoleBinding: string;
  /** Role and RoleBinding that grant the controller its rights in the namespace. */
  readonly managerRole: string;
  readonly managerRoleBinding: string;
  /** The runner egress NetworkPolicy (ours, not the chart's). */
  readonly runnerEgressPolicy: string;
}

export function scaleSetNames(scaleSetName: string): ScaleSetNames {
  const full = fullName(scaleSetName);
  const dashed = full.replace(/_/g, '-');
  return {
    runnerSet: scaleSetName.replace(/_/g, '-'),
    githubSecret: `${dashed}-${NAME_SUFFIX.githubSecret}`,
    noPermissionServiceAccount: `${dashed}-${NAME_SUFFIX.noPermission}`,
    kubeModeServiceAccount: `${dashed}-${NAME_SUFFIX.kubeMode}`,
    kubeModeRole: `${full}-${NAME_SUFFIX.kubeMode}`,
    kubeModeRoleBinding: `${full}-${NAME_SUFFIX.kubeMode}`,
    managerRole: `${full}-${NAME_SUFFIX.manager}`,
    managerRoleBinding: `${full}-${NAME_SUFFIX.manager}`,
    runnerEgressPolicy: `${dashed}-${NAME_SUFFIX.runnerEgress}`,
  };
}

/** A shared-cache PersistentVolumeClaim: `<release name>-<volume name>`, as Project Planton's Pulumi and Terraform modules name it. */
export function persistentVolumeClaimName(releaseName: string, volumeName: string): string {
  return `${releaseName}-${volumeName}`;
}

/** Every name the experimental chart (`gha-runner-scale-set-experimental`) derives from the scale set name. */
export interface ExperimentalScaleSetNames {
  readonly runnerSet: string;
  readonly githubSecret: string;
  readonly noPermissionServiceAccount: string;
  /** ServiceAccount, Role and RoleBinding of kubernetes-mode runner pods: one name. */
  readonly kubeMode: string;
  /** The manager Role and its RoleBinding: one name. */
  readonly managerRole: string;
  /** The hook extension ConfigMap, unless `runner.kubernetesMode.extension.metadata.name` names it. */
  readonly hookExtension: string;
}

/** `name` is the AutoscalingRunnerSet's (the release name, underscores made dashes, trailing dash dropped). */
export function experimentalScaleSetNames(name: string): ExperimentalScaleSetNames {
  const S = EXPERIMENTAL.nameSuffix;
  return {
    runnerSet: name,
    githubSecret: `${name}-${S.githubSecret}`,
    noPermissionServiceAccount: `${name}-${S.noPermission}`,
    kubeMode: `${name}-${S.kubeMode}`,
    managerRole: `${name}-${S.managerRole}`,
    hookExtension: hookExtensionName(name),
  };
}

/** The experimental chart's scale set name: `runnerScaleSetName`, else the release name, `_` made `-`, one trailing `-` dropped. */
export function experimentalRunnerSetName(runnerScaleSetName: string | undefined, releaseName: string): string {
  const s = (runnerScaleSetName || releaseName).replace(/_/g, '-');
  return s.endsWith('-') ? s.slice(0, -1) : s;
}
