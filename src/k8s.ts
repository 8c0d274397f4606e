/**
 * JSON shapes of the Kubernetes objects and pod-template parts this library writes, field by
 * field as Kubernetes 1.33 defines them, so that a misspelt field is a type error. Parts this
 * library never looks into are `JsonObject`s, carried as given, the way the chart's `toYaml` does.
 * Spec files and Helm values are checked field by field where they are read (src/input/).
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: unknown };

export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly finalizers?: string[];
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
  readonly subPathExpr?: string;
  readonly readOnly?: boolean;
  readonly recursiveReadOnly?: string;
  readonly mountPropagation?: string;
}

/** A container (Kubernetes 1.33): the fields this library sets are typed, the others carried as JSON. */
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly imagePullPolicy?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly workingDir?: string;
  readonly env?: EnvVar[];
  readonly envFrom?: JsonObject[];
  readonly ports?: JsonObject[];
  readonly volumeMounts?: VolumeMount[];
  readonly volumeDevices?: JsonObject[];
  readonly resources?: ResourceRequirements;
  readonly resizePolicy?: JsonObject[];
  readonly restartPolicy?: string;
  readonly securityContext?: JsonObject;
  readonly livenessProbe?: JsonObject;
  readonly readinessProbe?: JsonObject;
  readonly startupProbe?: JsonObject;
  readonly lifecycle?: JsonObject;
  readonly terminationMessagePath?: string;
  readonly terminationMessagePolicy?: string;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  readonly tty?: boolean;
}

export interface ResourceRequirements {
  readonly requests?: Record<string, string>;
  readonly limits?: Record<string, string>;
  readonly claims?: JsonObject[];
}

/** A pod volume: its name and one source (Kubernetes 1.33), each carried as JSON. */
export interface Volume {
  readonly name: string;
  readonly emptyDir?: JsonObject;
  readonly persistentVolumeClaim?: JsonObject;
  readonly ephemeral?: JsonObject;
  readonly configMap?: JsonObject;
  readonly secret?: JsonObject;
  readonly projected?: JsonObject;
  readonly downwardAPI?: JsonObject;
  readonly hostPath?: JsonObject;
  readonly csi?: JsonObject;
  readonly image?: JsonObject;
  readonly nfs?: JsonObject;
  readonly iscsi?: JsonObject;
  readonly fc?: JsonObject;
  readonly rbd?: JsonObject;
  readonly cephfs?: JsonObject;
  readonly cinder?: JsonObject;
  readonly glusterfs?: JsonObject;
  readonly gitRepo?: JsonObject;
  readonly flexVolume?: JsonObject;
  readonly flocker?: JsonObject;
  readonly awsElasticBlockStore?: JsonObject;
  readonly azureDisk?: JsonObject;
  readonly azureFile?: JsonObject;
  readonly gcePersistentDisk?: JsonObject;
  readonly vsphereVolume?: JsonObject;
  readonly photonPersistentDisk?: JsonObject;
  readonly portworxVolume?: JsonObject;
  readonly quobyte?: JsonObject;
  readonly scaleIO?: JsonObject;
  readonly storageos?: JsonObject;
}

export interface PersistentVolumeClaimSpec {
  readonly accessModes?: string[];
  readonly storageClassName?: string;
  readonly resources?: ResourceRequirements;
  readonly volumeMode?: string;
  readonly volumeName?: string;
  readonly volumeAttributesClassName?: string;
  readonly selector?: JsonObject;
  readonly dataSource?: JsonObject;
  readonly dataSourceRef?: JsonObject;
}

/** A pod spec (Kubernetes 1.33): the fields this library sets are typed, the others carried as JSON. */
export interface PodSpec {
  readonly containers?: Container[];
  readonly initContainers?: Container[];
  readonly ephemeralContainers?: JsonObject[];
  readonly volumes?: Volume[];
  readonly serviceAccountName?: string;
  readonly serviceAccount?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly restartPolicy?: string;
  readonly imagePullSecrets?: LocalObjectReference[];
  readonly securityContext?: JsonObject;
  readonly nodeSelector?: Record<string, string>;
  readonly nodeName?: string;
  readonly affinity?: JsonObject;
  readonly tolerations?: JsonObject[];
  readonly topologySpreadConstraints?: JsonObject[];
  readonly priorityClassName?: string;
  readonly priority?: number;
  readonly preemptionPolicy?: string;
  readonly runtimeClassName?: string;
  readonly schedulerName?: string;
  readonly schedulingGates?: JsonObject[];
  readonly terminationGracePeriodSeconds?: number;
  readonly activeDeadlineSeconds?: number;
  readonly dnsPolicy?: string;
  readonly dnsConfig?: JsonObject;
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly setHostnameAsFQDN?: boolean;
  readonly hostAliases?: JsonObject[];
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly hostUsers?: boolean;
  readonly shareProcessNamespace?: boolean;
  readonly enableServiceLinks?: boolean;
  readonly os?: JsonObject;
  readonly overhead?: Record<string, string>;
  readonly readinessGates?: JsonObject[];
  readonly resourceClaims?: JsonObject[];
  readonly resources?: ResourceRequirements;
}

/** A reference to an object by name in the same namespace (an image pull Secret). */
export interface LocalObjectReference {
  readonly name: string;
}

/** The labels and annotations of a pod template. */
export interface PodTemplateMetadata {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface PodTemplate {
  readonly metadata?: PodTemplateMetadata;
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
