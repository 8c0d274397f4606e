/**
 * The runner egress NetworkPolicy, built with cdk8s-plus-28's NetworkPolicy (this module, and
 * with it cdk8s-plus, is loaded only when a scale set asks for the policy). Runner pods are
 * selected by the labels the controller gives them; their egress is denied to the cloud metadata
 * address and the listed ranges, and allowed to the rest of IPv4, to DNS (port 53, any address)
 * and, for modes whose runners call it, to the API server.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { EGRESS_POLICY, LABEL, LABEL_VALUE } from '../constants';
import type { RunnerEgressPolicyOptions } from '../rules/egress-policy';
import type { ScaleSetContext } from './scale-set-context';

export interface RunnerEgressPolicyProps extends RunnerEgressPolicyOptions {
  readonly context: ScaleSetContext;
  /** Allow `apiServer` (the mode's runners call the API server). */
  readonly allowApiServer: boolean;
}

export class RunnerEgressPolicy extends Construct {
  public readonly policy: kplus.NetworkPolicy;

  public constructor(scope: Construct, id: string, props: RunnerEgressPolicyProps) {
    super(scope, id);
    const { context } = props;
    const { finalizers: _none, ...metadata } = context.meta(context.names.runnerEgressPolicy, { component: LABEL_VALUE.componentRunnerEgressPolicy });
    const runners = kplus.Pods.select(this, 'Runners', {
      labels: { [LABEL.scaleSetName]: context.names.runnerSet, [LABEL.component]: EGRESS_POLICY.runnerComponent },
    });
    const denied = [EGRESS_POLICY.metadataCidr, ...(props.deniedCidrs ?? [])];
    const rules: kplus.NetworkPolicyRule[] = [
      { peer: kplus.NetworkPolicyIpBlock.ipv4(this, 'Internet', EGRESS_POLICY.anyIpv4, denied) },
      {
        peer: kplus.NetworkPolicyIpBlock.anyIpv4(this, 'Dns'),
        ports: [kplus.NetworkPolicyPort.udp(EGRESS_POLICY.dnsPort), kplus.NetworkPolicyPort.tcp(EGRESS_POLICY.dnsPort)],
      },
    ];
    const api = props.allowApiServer ? props.apiServer : undefined;
    if (api) {
      rules.push({
        peer: kplus.NetworkPolicyIpBlock.ipv4(this, 'ApiServer', api.cidr),
        ports: [kplus.NetworkPolicyPort.tcp(api.port ?? EGRESS_POLICY.defaultApiServerPort)],
      });
    }
    this.policy = new kplus.NetworkPolicy(this, 'Resource', {
      metadata: metadata as kplus.NetworkPolicyProps['metadata'],
      selector: runners,
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules },
    });
    // cdk8s-plus writes `ports: []` for a rule without ports; the API server stores no empty
    // list, so the applied object would never match the manifest (generation raised on every
    // apply, GitOps tools out of sync forever). A rule without ports has no `ports` field.
    rules.forEach((rule, i) => {
      if (!rule.ports?.length) ApiObject.of(this.policy).addJsonPatch(JsonPatch.remove(`/spec/egress/${i}/ports`));
    });
  }
}
