/**
 * JSON shapes of the Kubernetes objects and pod-template parts this library writes.
 * Fields we build are typed; any other field a user passes through the pod template
 * escape hatch is carried as is (the index signatures), the way the chart's `toYaml` does.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: unknown };

export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly finalizers?: string[];
  readonly [key: string]: unknown;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: JsonObject;
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath?: string;
  readonly readOnly?: boolean;
  readonly [key: string]: unknown;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly imagePullPolicy?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: EnvVar[];
  readonly volumeMounts?: VolumeMount[];
  readonly resources?: ResourceRequirements;
  readonly [key: string]: unknown;
}

export interface ResourceRequirements {
  readonly requests?: Record<string, string>;
  readonly limits?: Record<string, string>;
  readonly [key: string]: unknown;
}

export interface Volume {
  readonly name: string;
  readonly [key: string]: unknown;
}

export interface PersistentVolumeClaimSpec {
  readonly accessModes?: string[];
  readonly storageClassName?: string;
  readonly resources?: ResourceRequirements;
  readonly [key: string]: unknown;
}

export interface PodSpec {
  readonly containers?: Container[];
  readonly initContainers?: Container[];
  readonly volumes?: Volume[];
  readonly serviceAccountName?: string;
  readonly restartPolicy?: string;
  readonly imagePullSecrets?: { name: string }[];
  readonly [key: string]: unknown;
}

export interface PodTemplate {
  readonly metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec?: PodSpec;
}

/** A ServiceAccount by name and namespace: the subject a RoleBinding grants a Role to. */
export interface ServiceAccountRef {
  readonly name: string;
  readonly namespace: string;
}

export interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}
