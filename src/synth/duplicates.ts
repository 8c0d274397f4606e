/** Each Kubernetes object may come from one spec only: two specs writing one object is an error naming both. */
import type { Problem } from '../input/problems';

/** What identifies an object in a cluster. */
export interface ObjectId {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/** `Kind namespace/name` (or `Kind name` for a cluster-wide object), as messages name an object. */
export function objectKey(o: ObjectId): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** Remembers which source wrote each object (a short key per object: a fleet's worth fits in a few MiB). */
export class ObjectOwners {
  private readonly owners = new Map<string, string>();

  /** Records `objects` as written by `source`; a problem for each one another source wrote. */
  public claim(source: string, objects: readonly ObjectId[], problems: Problem[]): void {
    for (const o of objects) {
      const key = objectKey(o);
      const other = this.owners.get(key);
      if (other !== undefined) problems.push({ file: source, path: '', message: `writes ${key}, which ${other} writes too; each object may come from one spec only` });
      else this.owners.set(key, source);
    }
  }
}
