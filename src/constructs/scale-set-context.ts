import { CLEANUP_FINALIZER } from '../constants';
import { ObjectMeta } from '../k8s';
import { StringMap, objectAnnotations, objectLabels } from '../labels';
import { ScaleSetNames } from '../naming';

/** Extra labels and annotations for one object (the chart's `resourceMeta.<object>`). */
export interface ResourceMeta {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** What every object of one scale set shares: its names, namespace and user metadata. */
export class ScaleSetContext {
  public constructor(
    public readonly scaleSetName: string,
    public readonly namespace: string,
    public readonly names: ScaleSetNames,
    private readonly labels: StringMap | undefined,
    private readonly annotations: StringMap | undefined,
  ) {}

  /** Metadata of an object the controller cleans up: labels, annotations and the cleanup finalizer. */
  public meta(name: string, options: { component?: string; resourceMeta?: ResourceMeta } = {}): ObjectMeta {
    const annotations = objectAnnotations([this.annotations, options.resourceMeta?.annotations]);
    return {
      name,
      namespace: this.namespace,
      labels: objectLabels([this.labels, options.resourceMeta?.labels], this.scaleSetName, this.namespace, options.component),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      finalizers: [CLEANUP_FINALIZER],
    };
  }

  /** User annotations only (the AutoscalingRunnerSet adds its cleanup annotations to these). */
  public userAnnotations(resourceMeta?: ResourceMeta): StringMap {
    return objectAnnotations([this.annotations, resourceMeta?.annotations]);
  }
}
