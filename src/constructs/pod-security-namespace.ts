/**
 * A Namespace a construct creates, labelled with the Pod Security level its pods pass (or the
 * level asked for, when they pass it). The pods are read when the object is written, so pods
 * added after construction (listeners of scale sets that name their controller) count too.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { JsonObject, ObjectMeta } from '../k8s';
import { NamespacePods, PodSecurityLevel, namespacePodSecurity, podSecurityLabels } from '../rules/pod-security';

export interface PodSecurityNamespaceProps {
  readonly name: string;
  /** The pods that run in the namespace. */
  readonly pods: () => readonly NamespacePods[];
  /** The level asked for. @default - the strictest level all pods pass */
  readonly level?: PodSecurityLevel;
  /** The prop that asks, for messages. */
  readonly field: string;
}

export class PodSecurityNamespace extends ApiObject {
  private readonly settings: PodSecurityNamespaceProps;

  public constructor(scope: Construct, id: string, props: PodSecurityNamespaceProps) {
    super(scope, id, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: props.name } });
    this.settings = props;
    this.node.addValidation({ validate: () => this.assess().problems.map((p) => `${p.claim.field}: ${p.message}`) });
  }

  private assess() {
    const { name, pods, level, field } = this.settings;
    return namespacePodSecurity(name, pods(), level ? [{ source: this.node.path, field, level }] : []);
  }

  public override toJson(): JsonObject {
    const json: JsonObject = super.toJson();
    const metadata = json.metadata as ObjectMeta;
    return { ...json, metadata: { ...metadata, labels: { ...(metadata.labels ?? {}), ...podSecurityLabels(this.assess().level) } } };
  }
}
