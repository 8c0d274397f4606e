/**
 * A scale set as ARC 0.14.2's experimental chart (`gha-runner-scale-set-experimental`) writes it:
 * the credentials Secret, the runner ServiceAccount (a no-permission one, or kubernetes mode's
 * with its Role and RoleBinding), the hook extension ConfigMap, the manager Role and RoleBinding,
 * and the AutoscalingRunnerSet. `experimentalScaleSetObjects` builds them (a pure function);
 * the construct adds them to a chart.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ANNOTATION, CLEANUP_FINALIZER, EXPERIMENTAL, HOOK_EXTENSION } from '../constants';
import { hookExtensionConfigMap } from '../container-modes/hook-template';
import { ExperimentalRunnerPodInput, experimentalRunnerPodSpec } from '../container-modes/experimental';
import type { JsonObject, ObjectMeta, PodTemplate, PolicyRule } from '../k8s';
import { credentialsSecret } from './github-secret';
import type { SecretsOutput } from './secrets-output';
import { experimentalAnnotations, experimentalLabels } from '../labels';
import { experimentalScaleSetNames } from '../naming';
import type { NamespacePods } from '../rules/pod-security';
import { managerRules } from './rbac';

type Obj = JsonObject;
type Meta = { readonly labels?: Obj; readonly annotations?: Obj };

/** The objects of the controller's own making whose metadata the AutoscalingRunnerSet carries. */
export const SPEC_METADATA_FIELDS = {
  autoscalingListener: 'autoscalingListener',
  listenerServiceAccount: 'listenerServiceAccountMetadata',
  listenerRole: 'listenerRoleMetadata',
  listenerRoleBinding: 'listenerRoleBindingMetadata',
  listenerConfigSecret: 'listenerConfigSecretMetadata',
  ephemeralRunnerSet: 'ephemeralRunnerSetMetadata',
  ephemeralRunner: 'ephemeralRunnerMetadata',
  ephemeralRunnerConfigSecret: 'ephemeralRunnerConfigSecretMetadata',
} as const;

export interface ExperimentalScaleSetProps {
  /** The AutoscalingRunnerSet's name and the base of every object name (at most 45 characters). */
  readonly name: string;
  readonly namespace: string;
  readonly githubConfigUrl: string;
  /** `scaleset.name`: the name GitHub knows (may be empty: the controller then takes the object's name). */
  readonly runnerScaleSetName: string;
  readonly runnerGroup: string;
  readonly scaleSetLabels?: string[];
  /** An existing Secret (`auth.secretName`), or the data of the Secret to create. */
  readonly githubSecret: { readonly existing: string } | { readonly data: Record<string, string> };
  readonly vaultConfig?: Obj;
  readonly proxy?: Obj;
  readonly minRunners?: number;
  readonly maxRunners?: number;
  readonly githubServerTLS?: { readonly configMapName: string; readonly key: string };
  readonly listenerTemplate?: PodTemplate;
  readonly listenerMetrics?: Obj;
  /** `resource.<key>.metadata` of every key. */
  readonly resource: Readonly<Record<string, Meta>>;
  readonly managerRoleExtraRules?: PolicyRule[];
  readonly kubernetesModeRoleExtraRules?: PolicyRule[];
  /** Create kubernetes mode's ServiceAccount, Role and RoleBinding (kubernetes mode, no ServiceAccount named). */
  readonly kubernetesModeRbac: boolean;
  /** Kubernetes mode: the ServiceAccount named in `runner.kubernetesMode.serviceAccountName`. */
  readonly serviceAccountName?: string;
  /** The hook extension ConfigMap to create. */
  readonly hookExtension?: { readonly name: string; readonly data: string };
  /** The runner pod (its service account is set here). */
  readonly runnerPod: Omit<ExperimentalRunnerPodInput, 'serviceAccountName'>;
  readonly runnerPodMetadata: Meta;
  readonly controllerServiceAccount: { readonly name: string; readonly namespace: string };
  /** `actions.github.com/values-hash`. */
  readonly valuesHash: string;
}

const kubernetesMode = (p: ExperimentalScaleSetProps) => p.runnerPod.mode === EXPERIMENTAL.mode.kubernetes;

/** Every object the chart renders, in its order. */
export function experimentalScaleSetObjects(p: ExperimentalScaleSetProps): Obj[] {
  const names = experimentalScaleSetNames(p.name);
  const C = EXPERIMENTAL.component;
  const all = p.resource.all ?? {};
  const metadata = (name: string, key: string | undefined, component: string, finalizer = true) => {
    const own = key ? p.resource[key] ?? {} : {};
    const annotations = experimentalAnnotations(all.annotations, own.annotations);
    return {
      name,
      namespace: p.namespace,
      labels: experimentalLabels(all.labels, own.labels, p.name, p.namespace, component),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ...(finalizer ? { finalizers: [CLEANUP_FINALIZER] } : {}),
    };
  };
  const out: Obj[] = [];
  const kube = kubernetesMode(p);
  if (!kube) {
    out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(names.noPermissionServiceAccount, 'noPermissionServiceAccount', C.noPermissionServiceAccount) });
  }
  if (p.kubernetesModeRbac) {
    out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(names.kubeMode, 'kubernetesModeServiceAccount', C.kubeModeServiceAccount) });
  }
  if ('data' in p.githubSecret) {
    const m = metadata(names.githubSecret, undefined, C.githubSecret);
    out.push({
      apiVersion: 'v1', kind: 'Secret', metadata: m, type: 'Opaque',
      data: Object.fromEntries(Object.entries(p.githubSecret.data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    });
  }
  if (p.hookExtension) {
    const m = metadata(p.hookExtension.name, undefined, HOOK_EXTENSION.component, false);
    out.push(hookExtensionConfigMap({ ...m, extension: p.hookExtension.data }) as unknown as Obj);
  }
  if (p.kubernetesModeRbac) {
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata(names.kubeMode, 'kubernetesModeRole', C.kubeModeRole),
      rules: [...KUBE_MODE_ROLE_RULES, ...(p.kubernetesModeRoleExtraRules ?? [])],
    });
  }
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata(names.managerRole, 'managerRole', C.managerRole),
    rules: [...managerRules(!!p.githubServerTLS), ...(p.managerRoleExtraRules ?? [])],
  });
  if (p.kubernetesModeRbac) {
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: metadata(names.kubeMode, 'kubernetesModeRoleBinding', C.kubeModeRoleBinding),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.kubeMode },
      subjects: [{ kind: 'ServiceAccount', name: names.kubeMode, namespace: p.namespace }],
    });
  }
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: metadata(names.managerRole, 'managerRoleBinding', C.managerRoleBinding),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.managerRole },
    subjects: [{ kind: 'ServiceAccount', name: p.controllerServiceAccount.name, namespace: p.controllerServiceAccount.namespace }],
  });
  out.push(runnerSet(p));
  return out;
}

/** The Role of kubernetes mode's runner pods, as the experimental chart writes it. */
const KUBE_MODE_ROLE_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'create', 'delete'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'create', 'delete'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'delete'] },
];

/** The runner pod's ServiceAccount. */
export function experimentalRunnerServiceAccount(p: Pick<ExperimentalScaleSetProps, 'name' | 'runnerPod' | 'serviceAccountName'>): string {
  const names = experimentalScaleSetNames(p.name);
  if (p.runnerPod.mode !== EXPERIMENTAL.mode.kubernetes) return names.noPermissionServiceAccount;
  return p.serviceAccountName || names.kubeMode;
}

/** The runner pod template. */
export function experimentalRunnerPod(p: ExperimentalScaleSetProps): PodTemplate {
  const all = p.resource.all ?? {};
  const labels = experimentalLabels(all.labels, p.runnerPodMetadata.labels, p.name, p.namespace);
  const annotations = experimentalAnnotations(all.annotations, p.runnerPodMetadata.annotations);
  return {
    metadata: { labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: experimentalRunnerPodSpec({ ...p.runnerPod, serviceAccountName: experimentalRunnerServiceAccount(p) }) as PodTemplate['spec'],
  };
}

function runnerSet(p: ExperimentalScaleSetProps): Obj {
  const names = experimentalScaleSetNames(p.name);
  const all = p.resource.all ?? {};
  const own = p.resource.autoscalingRunnerSet ?? {};
  const kube = kubernetesMode(p);
  const annotations: Record<string, string> = {
    ...experimentalAnnotations(all.annotations, own.annotations),
    [ANNOTATION.valuesHash]: p.valuesHash,
    ...(!p.vaultConfig && 'data' in p.githubSecret ? { [ANNOTATION.cleanupGithubSecret]: names.githubSecret } : {}),
    [ANNOTATION.cleanupManagerRoleBinding]: names.managerRole,
    [ANNOTATION.cleanupManagerRole]: names.managerRole,
    ...(!kube ? { [ANNOTATION.cleanupNoPermissionServiceAccount]: names.noPermissionServiceAccount } : {}),
    ...(p.kubernetesModeRbac ? {
      [ANNOTATION.cleanupKubeModeRoleBinding]: names.kubeMode,
      [ANNOTATION.cleanupKubeModeRole]: names.kubeMode,
      [ANNOTATION.cleanupKubeModeServiceAccount]: names.kubeMode,
    } : {}),
  };
  const specMetadata: Obj = {};
  for (const [key, field] of Object.entries(SPEC_METADATA_FIELDS)) {
    const m = p.resource[key] ?? {};
    const has = (x: unknown) => !!x && typeof x === 'object' && Object.keys(x).length > 0;
    if (has(m.labels) || has(m.annotations)) {
      specMetadata[field] = { ...(has(m.labels) ? { labels: m.labels } : {}), ...(has(m.annotations) ? { annotations: m.annotations } : {}) };
    }
  }
  return {
    apiVersion: 'actions.github.com/v1alpha1',
    kind: 'AutoscalingRunnerSet',
    metadata: {
      name: names.runnerSet,
      namespace: p.namespace,
      labels: experimentalLabels(all.labels, own.labels, p.name, p.namespace, EXPERIMENTAL.component.runnerSet),
      annotations,
    },
    spec: {
      githubConfigUrl: p.githubConfigUrl,
      githubConfigSecret: 'existing' in p.githubSecret ? p.githubSecret.existing : names.githubSecret,
      runnerGroup: p.runnerGroup,
      runnerScaleSetName: p.runnerScaleSetName,
      ...(p.scaleSetLabels ? { runnerScaleSetLabels: p.scaleSetLabels } : {}),
      ...(p.githubServerTLS ? { githubServerTLS: { certificateFrom: { configMapKeyRef: { name: p.githubServerTLS.configMapName, key: p.githubServerTLS.key } } } } : {}),
      ...(p.vaultConfig ? { vaultConfig: p.vaultConfig } : {}),
      ...(p.proxy ? { proxy: p.proxy } : {}),
      ...(p.maxRunners !== undefined ? { maxRunners: p.maxRunners } : {}),
      ...(p.minRunners !== undefined ? { minRunners: p.minRunners } : {}),
      ...(p.listenerTemplate ? { listenerTemplate: p.listenerTemplate } : {}),
      ...(p.listenerMetrics ? { listenerMetrics: p.listenerMetrics } : {}),
      ...specMetadata,
      template: experimentalRunnerPod(p),
    },
  };
}

/** The objects of `experimentalScaleSetObjects` in a chart, each with its explicit name and namespace. */
export class GhaRunnerScaleSetExperimental extends Construct {
  public readonly namespace: string;
  /** The runner pods, for the namespace's Pod Security level. */
  public readonly pods: readonly NamespacePods[];

  /**
   * @param secretsOutput where the credentials Secret goes (beside the other objects, in another scope, or sealed)
   */
  public constructor(scope: Construct, id: string, props: ExperimentalScaleSetProps, secretsOutput?: SecretsOutput) {
    super(scope, id);
    this.namespace = props.namespace;
    for (const o of experimentalScaleSetObjects(props)) {
      const { apiVersion, kind, metadata, ...rest } = o as { apiVersion: string; kind: string; metadata: ObjectMeta; type?: string };
      const objectId = `${kind}-${String(metadata.name)}`;
      if (kind === 'Secret' && 'data' in props.githubSecret) {
        credentialsSecret(new Construct(this, objectId), metadata, props.githubSecret.data, secretsOutput, String(rest.type));
      } else {
        new ApiObject(this, objectId, { apiVersion, kind, metadata, ...rest });
      }
    }
    this.pods = [{ what: `runner pods of ${props.name}`, pod: experimentalRunnerPod(props) }];
  }
}
