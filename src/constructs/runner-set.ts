import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AutoscalingRunnerSet, AutoscalingRunnerSetProps,
} from '../../imports/actions.github.com';
import { ANNOTATION } from '../constants';
import { JsonObject, PodTemplate } from '../k8s';

/**
 * Parts of the AutoscalingRunnerSet spec that are plain Kubernetes JSON (pod templates).
 * The generated types want quantities and int-or-strings wrapped in classes, so user pod
 * templates pass beside them, unchanged, the way the chart's `toYaml` passes them.
 */
export interface RawRunnerSetSpec {
  readonly template: PodTemplate;
  readonly listenerTemplate?: PodTemplate;
}

/**
 * The AutoscalingRunnerSet object: the typed spec fields from the imported CRD types, plus
 * the raw pod templates. JSON patches added with `addJsonPatch` apply to the final object.
 */
export class RunnerSetObject extends AutoscalingRunnerSet {
  private readonly raw: RawRunnerSetSpec;
  private readonly finalPatches: JsonPatch[] = [];
  private valuesHash?: () => string;

  public constructor(scope: Construct, id: string, props: AutoscalingRunnerSetProps, raw: RawRunnerSetSpec) {
    super(scope, id, props);
    this.raw = raw;
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.finalPatches.push(...ops);
  }

  /** Writes the `values-hash` annotation, computed at synthesis (it may depend on other objects). */
  public hashWith(hash: () => string): void {
    this.valuesHash = hash;
  }

  /** The object without its `values-hash` annotation and before JSON patches: what the hash covers. */
  public unhashedJson(): JsonObject {
    const json: JsonObject = super.toJson();
    const { listenerTemplate, template } = this.raw;
    json.spec = {
      ...(json.spec as JsonObject),
      ...(listenerTemplate ? { listenerTemplate } : {}),
      template,
    };
    return json;
  }

  public override toJson(): JsonObject {
    const json = this.unhashedJson();
    if (this.valuesHash) {
      const metadata = json.metadata as { annotations?: Record<string, string> };
      const annotations: Record<string, string> = { ...metadata.annotations, [ANNOTATION.valuesHash]: this.valuesHash() };
      metadata.annotations = Object.fromEntries(Object.keys(annotations).sort().map((k) => [k, annotations[k]]));
    }
    return this.finalPatches.length ? JsonPatch.apply(json, ...this.finalPatches) : json;
  }
}
