import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { LABEL_VALUE } from '../constants';
import { ObjectMeta, PolicyRule, ServiceAccountRef } from '../k8s';
import { ResourceMeta, ScaleSetContext } from './scale-set-context';

const RBAC_API = 'rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The rights the controller needs in a scale set's namespace (the chart's manager Role). */
export function managerRules(readConfigMaps: boolean): PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get'] },
    { apiGroups: [''], resources: ['pods/status'], verbs: ['get'] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'] },
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'] },
    { apiGroups: [RBAC_GROUP], resources: ['rolebindings'], verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    { apiGroups: [RBAC_GROUP], resources: ['roles'], verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    ...(readConfigMaps ? [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] : []),
  ];
}

/** A Role (or ClusterRole) and the binding that grants it. */
export interface GrantOptions {
  readonly kind: 'Role' | 'ClusterRole';
  readonly role: ObjectMeta & { readonly name: string };
  readonly binding: ObjectMeta;
  readonly rules: PolicyRule[];
  readonly subject: ServiceAccountRef;
}

/**
 * Writes a Role (or ClusterRole) and the RoleBinding (or ClusterRoleBinding) that grants it to one
 * ServiceAccount, under `scope` with the construct ids `ids`: every grant of the scale sets and the
 * controller is written here.
 */
export function grant(scope: Construct, ids: readonly [string, string], o: GrantOptions): [ApiObject, ApiObject] {
  return [
    new ApiObject(scope, ids[0], { apiVersion: RBAC_API, kind: o.kind, metadata: o.role, rules: o.rules }),
    new ApiObject(scope, ids[1], {
      apiVersion: RBAC_API,
      kind: `${o.kind}Binding`,
      metadata: o.binding,
      roleRef: { apiGroup: RBAC_GROUP, kind: o.kind, name: o.role.name },
      subjects: [{ kind: 'ServiceAccount', name: o.subject.name, namespace: o.subject.namespace }],
    }),
  ];
}

export interface RoleWithBindingProps {
  readonly context: ScaleSetContext;
  readonly roleName: string;
  readonly bindingName: string;
  readonly rules: PolicyRule[];
  readonly subject: ServiceAccountRef;
  readonly roleComponent?: string;
  readonly bindingComponent?: string;
  readonly roleMeta?: ResourceMeta;
  readonly bindingMeta?: ResourceMeta;
}

/** A Role and the RoleBinding that grants it to one ServiceAccount. */
export class RoleWithBinding extends Construct {
  public readonly role: ApiObject;
  public readonly binding: ApiObject;

  public constructor(scope: Construct, id: string, props: RoleWithBindingProps) {
    super(scope, id);
    const { context } = props;
    [this.role, this.binding] = grant(this, ['Role', 'RoleBinding'], {
      kind: 'Role',
      role: { ...context.meta(props.roleName, { component: props.roleComponent, resourceMeta: props.roleMeta }), name: props.roleName },
      binding: context.meta(props.bindingName, { component: props.bindingComponent, resourceMeta: props.bindingMeta }),
      rules: props.rules,
      subject: props.subject,
    });
  }
}

/** Per-object metadata of the RBAC objects (the chart's `resourceMeta` keys). */
export interface RbacResourceMeta {
  readonly noPermissionServiceAccount?: ResourceMeta;
  readonly kubernetesModeServiceAccount?: ResourceMeta;
  readonly kubernetesModeRole?: ResourceMeta;
  readonly kubernetesModeRoleBinding?: ResourceMeta;
  readonly managerRole?: ResourceMeta;
  readonly managerRoleBinding?: ResourceMeta;
}

export interface RunnerServiceAccountProps {
  readonly context: ScaleSetContext;
  /** Kube-mode rules: a Role + RoleBinding are made for the ServiceAccount; `undefined`: no rights. */
  readonly kubeModeRules?: PolicyRule[];
  readonly resourceMeta?: RbacResourceMeta;
}

/** The ServiceAccount runner pods use: without rights (dind, default) or with the kube-mode Role. */
export class RunnerServiceAccount extends Construct {
  public readonly serviceAccountName: string;
  public readonly serviceAccount: ApiObject;
  /** The kube-mode Role and RoleBinding; undefined in the modes without rights. */
  public readonly kubeMode?: RoleWithBinding;

  public constructor(scope: Construct, id: string, props: RunnerServiceAccountProps) {
    super(scope, id);
    const { context, kubeModeRules } = props;
    const names = context.names;
    const kube = kubeModeRules !== undefined;
    this.serviceAccountName = kube ? names.kubeModeServiceAccount : names.noPermissionServiceAccount;
    this.serviceAccount = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: context.meta(this.serviceAccountName, {
        resourceMeta: kube ? props.resourceMeta?.kubernetesModeServiceAccount : props.resourceMeta?.noPermissionServiceAccount,
      }),
    });
    if (kube) {
      this.kubeMode = new RoleWithBinding(this, 'KubeMode', {
        context,
        roleName: names.kubeModeRole,
        bindingName: names.kubeModeRoleBinding,
        rules: kubeModeRules,
        subject: { name: this.serviceAccountName, namespace: context.namespace },
        roleMeta: props.resourceMeta?.kubernetesModeRole,
        bindingMeta: props.resourceMeta?.kubernetesModeRoleBinding,
      });
    }
  }
}

export interface ManagerRbacProps {
  readonly context: ScaleSetContext;
  readonly controllerServiceAccount: ServiceAccountRef;
  /** The controller may read ConfigMaps (for a GitHub server CA bundle). */
  readonly readConfigMaps: boolean;
  readonly resourceMeta?: RbacResourceMeta;
}

/** The manager Role and its RoleBinding to the controller's ServiceAccount. */
export class ManagerRbac extends RoleWithBinding {
  public constructor(scope: Construct, id: string, props: ManagerRbacProps) {
    super(scope, id, {
      context: props.context,
      roleName: props.context.names.managerRole,
      bindingName: props.context.names.managerRoleBinding,
      rules: managerRules(props.readConfigMaps),
      subject: props.controllerServiceAccount,
      roleComponent: LABEL_VALUE.componentManagerRole,
      bindingComponent: LABEL_VALUE.componentManagerRoleBinding,
      roleMeta: props.resourceMeta?.managerRole,
      bindingMeta: props.resourceMeta?.managerRoleBinding,
    });
  }
}
