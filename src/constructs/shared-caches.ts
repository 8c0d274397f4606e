import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_ACCESS_MODE } from '../constants';
import { Volume, VolumeMount } from '../k8s';
import { persistentVolumeClaimName } from '../naming';

/** A PersistentVolumeClaim shared by every runner of the scale set, mounted into the runner container. */
export interface PersistentVolumeOptions {
  /** Volume name (a DNS-1123 label); the claim is `<release name>-<name>`. */
  readonly name: string;
  /** Requested size, a Kubernetes quantity such as `20Gi`. */
  readonly size: string;
  /** Where the runner container mounts it. */
  readonly mountPath: string;
  /**
   * StorageClass of the claim.
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;
  /**
   * Access modes. Pods of a scale set land on many nodes: share a volume with `ReadWriteMany`.
   * @default ['ReadWriteOnce']
   */
  readonly accessModes?: string[];
  /** @default false */
  readonly readOnly?: boolean;
}

export interface SharedCachesProps {
  readonly releaseName: string;
  readonly namespace: string;
  readonly volumes: readonly PersistentVolumeOptions[];
}

/** The claims of a scale set's shared caches, and the pod volumes and runner mounts that use them. */
export class SharedCaches extends Construct {
  public readonly claimNames: string[];
  public readonly claims: ApiObject[];
  public readonly podVolumes: Volume[];
  public readonly runnerMounts: VolumeMount[];

  public constructor(scope: Construct, id: string, props: SharedCachesProps) {
    super(scope, id);
    this.claimNames = [];
    this.claims = [];
    this.podVolumes = [];
    this.runnerMounts = [];
    for (const v of props.volumes) {
      const claimName = persistentVolumeClaimName(props.releaseName, v.name);
      this.claims.push(new ApiObject(this, v.name, {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: claimName, namespace: props.namespace },
        spec: {
          accessModes: v.accessModes ?? [DEFAULT_ACCESS_MODE],
          resources: { requests: { storage: v.size } },
          ...(v.storageClass ? { storageClassName: v.storageClass } : {}),
        },
      }));
      this.claimNames.push(claimName);
      this.podVolumes.push({ name: v.name, persistentVolumeClaim: { claimName } });
      this.runnerMounts.push({ mountPath: v.mountPath, name: v.name, ...(v.readOnly ? { readOnly: true } : {}) });
    }
  }
}
