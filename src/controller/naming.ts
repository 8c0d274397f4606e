/**
 * Names and labels of the controller's objects, ported from the controller chart's `_helpers.tpl`.
 * Pure functions: no construct, no I/O.
 */
import { ARC_VERSION, LABEL } from '../constants';
import { trunc63 } from '../go-template';
import { StringMap } from '../labels';
import { CONTROLLER_BASE_NAME, CONTROLLER_LABEL, CONTROLLER_LABEL_VALUE, CONTROLLER_NAME_SUFFIX } from './constants';

/** The chart's `nameOverride` and `fullnameOverride`. */
export interface ControllerNameOverrides {
  /** Replaces `gha-rs-controller` in names and in the `app.kubernetes.io/name` label. */
  readonly nameOverride?: string;
  /** Replaces the full name every object name derives from. */
  readonly fullnameOverride?: string;
}

/** The chart's `name`: `gha-rs-controller`, or `nameOverride`; the `app.kubernetes.io/name` label. */
export function controllerName(nameOverride?: string): string {
  return trunc63(nameOverride || CONTROLLER_BASE_NAME);
}

/**
 * The chart's `fullname`: `fullnameOverride` when set; else a release name that already contains
 * the name (`gha-rs-controller`, or `nameOverride`) is used as is, otherwise `<release>-<name>`;
 * truncated to 63 characters, one trailing `-` trimmed.
 */
export function controllerFullName(releaseName: string, o: ControllerNameOverrides = {}): string {
  if (o.fullnameOverride) return trunc63(o.fullnameOverride);
  const name = o.nameOverride || CONTROLLER_BASE_NAME;
  return trunc63(releaseName.includes(name) ? releaseName : `${releaseName}-${name}`);
}

export interface ControllerNames {
  readonly fullName: string;
  /** ServiceAccount, ClusterRole, ClusterRoleBinding, Deployment and leader-election id. */
  readonly listenerRole: string;
  readonly singleNamespaceRole: string;
  readonly singleNamespaceWatchRole: string;
  readonly leaderElectionRole: string;
}

/** Every object name the chart derives from the release name (Roles and their RoleBindings share names). */
export function controllerNames(releaseName: string, o: ControllerNameOverrides = {}): ControllerNames {
  const fullName = controllerFullName(releaseName, o);
  return {
    fullName,
    listenerRole: `${fullName}-${CONTROLLER_NAME_SUFFIX.listener}`,
    singleNamespaceRole: `${fullName}-${CONTROLLER_NAME_SUFFIX.singleNamespace}`,
    singleNamespaceWatchRole: `${fullName}-${CONTROLLER_NAME_SUFFIX.singleNamespaceWatch}`,
    leaderElectionRole: `${fullName}-${CONTROLLER_NAME_SUFFIX.leaderElection}`,
  };
}

/** The chart's `selectorLabels`. */
export function controllerSelectorLabels(releaseName: string, namespace: string, nameOverride?: string): StringMap {
  return {
    [LABEL.name]: controllerName(nameOverride),
    [CONTROLLER_LABEL.namespace]: namespace,
    [LABEL.instance]: releaseName,
  };
}

/** Label keys the chart writes itself; user labels may not set them. */
export const RESERVED_CONTROLLER_LABELS: readonly string[] = [
  LABEL.name, LABEL.instance, LABEL.version, LABEL.partOf, LABEL.component, CONTROLLER_LABEL.namespace,
  CONTROLLER_LABEL.serviceAccountName, CONTROLLER_LABEL.serviceAccountNamespace, CONTROLLER_LABEL.watchSingleNamespace,
];

function userLabels(labels: StringMap | undefined): StringMap {
  const out: StringMap = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!RESERVED_CONTROLLER_LABELS.includes(k)) out[k] = String(v);
  return out;
}

/** The chart's common `labels` (Helm-only ones left out), then the user's `labels`. */
export function controllerLabels(releaseName: string, namespace: string, labels?: StringMap, nameOverride?: string): StringMap {
  return {
    ...controllerSelectorLabels(releaseName, namespace, nameOverride),
    [LABEL.version]: ARC_VERSION,
    [LABEL.partOf]: CONTROLLER_LABEL_VALUE.partOf,
    ...userLabels(labels),
  };
}

/** Labels of the manager pods: part-of, component, version, the selector labels, then `podLabels`. */
export function controllerPodLabels(releaseName: string, namespace: string, podLabels?: StringMap, nameOverride?: string): StringMap {
  return {
    [LABEL.partOf]: CONTROLLER_LABEL_VALUE.partOf,
    [LABEL.component]: CONTROLLER_LABEL_VALUE.componentManager,
    [LABEL.version]: ARC_VERSION,
    ...controllerSelectorLabels(releaseName, namespace, nameOverride),
    ...userLabels(podLabels),
  };
}
