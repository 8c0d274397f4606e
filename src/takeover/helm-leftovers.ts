/**
 * What a Helm release leaves on an object once gha-rs's output is applied over it, and the JSON
 * patch that removes it without deleting or re-creating the object: the `helm` field manager's
 * managedFields entries (so that the applier owns every field it applies alone, and a field
 * removed from the specs is removed from the cluster), and Helm's own labels and annotations.
 *
 * Pure: no I/O. `gha-rs takeover` (src/cli/takeover.ts) runs kubectl around it.
 */
import { HELM } from '../constants';

/** One entry of `metadata.managedFields`. */
export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly subresource?: string;
}

/** The parts of a Kubernetes object this module reads. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly resourceVersion?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly managedFields?: readonly ManagedFieldsEntry[];
  };
}

/** One operation of a JSON patch (RFC 6902); `test` makes the patch fail if the object changed since it was read. */
export interface JsonPatchOp {
  readonly op: 'test' | 'remove';
  readonly path: string;
  readonly value?: unknown;
}

/** A key as one JSON pointer segment (RFC 6901): `~` and `/` escaped. */
export const pointerSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** How kubectl names the object's type: `Kind.version.group`, or the Kind alone for the core group (kubectl reads no `Kind.v1`). */
export function kubectlType(o: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return group ? `${o.kind}.${version}.${group}` : o.kind;
}

/** The object as messages name it: `Kind namespace/name` (or `Kind name` when cluster-scoped). */
export const describeObject = (o: KubeObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** Identity of an object across reads: group, kind, namespace and name. */
export const objectIdentity = (o: KubeObject): string => {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return [group, o.kind, o.metadata.namespace ?? '', o.metadata.name].join('|');
};

/** What Helm still holds on `live`: its managedFields entries, and those of its labels and annotations `desired` does not write. */
export interface HelmLeftovers {
  /** Indexes of the `helm` manager's managedFields entries. */
  readonly managerEntries: readonly number[];
  readonly labels: readonly string[];
  readonly annotations: readonly string[];
}

export function helmLeftovers(live: KubeObject, desired?: KubeObject): HelmLeftovers {
  const managerEntries = (live.metadata.managedFields ?? []).flatMap((e, i) => (e.manager === HELM.fieldManager ? [i] : []));
  const own = (map: 'labels' | 'annotations', key: string) => desired?.metadata[map]?.[key] !== undefined;
  const labels = HELM.labels.filter((k) => {
    const v = live.metadata.labels?.[k];
    // app.kubernetes.io/managed-by is Helm's only when it says so
    return v !== undefined && !own('labels', k) && (k !== 'app.kubernetes.io/managed-by' || v === 'Helm');
  });
  const annotations = HELM.annotations.filter((k) => live.metadata.annotations?.[k] !== undefined && !own('annotations', k));
  return { managerEntries, labels, annotations };
}

export const hasLeftovers = (l: HelmLeftovers): boolean => l.managerEntries.length + l.labels.length + l.annotations.length > 0;

/**
 * The JSON patch that removes Helm's leftovers from `live` (as read after the apply), guarded by
 * `test` operations on its resourceVersion and on each removed entry's manager, so it fails
 * rather than removing the wrong entry if the object changed since. Empty when nothing is left.
 * @throws Error when `helm` is the object's only manager: the server ignores an emptied
 *   managedFields list, so the object must be applied (by another manager) first
 */
export function helmRemovalPatch(live: KubeObject, desired?: KubeObject): JsonPatchOp[] {
  const left = helmLeftovers(live, desired);
  if (!hasLeftovers(left)) return [];
  const entries = live.metadata.managedFields ?? [];
  if (left.managerEntries.length && left.managerEntries.length === entries.length) {
    throw new Error(`${describeObject(live)}: the helm field manager is its only manager; apply the object before removing helm's entries (an empty managedFields list is ignored by the API server)`);
  }
  const ops: JsonPatchOp[] = [];
  if (live.metadata.resourceVersion) ops.push({ op: 'test', path: '/metadata/resourceVersion', value: live.metadata.resourceVersion });
  // from the last, so that each index still points at its entry
  for (const i of [...left.managerEntries].reverse()) {
    ops.push({ op: 'test', path: `/metadata/managedFields/${i}/manager`, value: HELM.fieldManager });
    ops.push({ op: 'remove', path: `/metadata/managedFields/${i}` });
  }
  for (const k of left.labels) ops.push({ op: 'remove', path: `/metadata/labels/${pointerSegment(k)}` });
  for (const k of left.annotations) ops.push({ op: 'remove', path: `/metadata/annotations/${pointerSegment(k)}` });
  return ops;
}
