/**
 * src/constructs/: the scale set construct and one construct per concern of its objects
 * (credentials Secret, RBAC, shared caches, the AutoscalingRunnerSet). This file is the top-level
 * construct, `GhaRunnerScaleSet`, which spec files, Helm values and cdk8s apps all end in.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type {
  AutoscalingRunnerSetSpecListenerMetrics, AutoscalingRunnerSetSpecProxy, AutoscalingRunnerSetSpecVaultConfig,
} from '../../imports/actions.github.com';
import type { GhaRunnerScaleSetController } from '../controller/gha-runner-scale-set-controller';
import { listenerPod } from '../controller/listener-pod';
import {
  ANNOTATION, CONTAINER, DEFAULT_CONTROLLER_SERVICE_ACCOUNT, DEFAULT_KUBE_VERSION, DEFAULT_MAX_RUNNERS,
  DEFAULT_MIN_RUNNERS, DEFAULT_RUNNER_IMAGE_REPOSITORY, DEFAULT_RUNNER_IMAGE_TAG, HOOK_EXTENSION, LABEL_VALUE,
  PATH,
} from '../constants';
import { ContainerMode, ContainerModes } from '../container-modes';
import { RunnerTlsMount } from '../container-modes/container-mode';
import { cleanPath } from '../go-template';
import { PodTemplateInput, buildPodTemplate } from '../container-modes/pod-template';
import { hookExtensionConfigMap } from '../container-modes/hook-template';
import { describe, formatPath } from '../rules/words';
import { Container, EnvVar, PodSpec, PodTemplate, ResourceRequirements, ServiceAccountRef, VolumeMount } from '../k8s';
import { ScaleSetNames, scaleSetNames } from '../naming';
import { RunnerEgressPolicyOptions, egressPolicyProblems } from '../rules/egress-policy';
import { NamespacePods, PodSecurityLevel } from '../rules/pod-security';
import { valuesHash } from '../values-hash';
import {
  ANNOTATION_MERGING_META, RuleProblem, githubConfigUrlProblem, hasNativeSidecars, kubeVersionProblem, namespaceProblem,
  resourceMetaCrashProblem, runnerCountProblem, runnerRangeProblem, scaleSetLabelProblem, scaleSetNameProblem,
} from '../rules/scale-set';
import { watchedNamespaceProblem } from '../rules/wiring';
import { GitHubAuth, authProblems } from './github-auth';
import { GitHubSecret } from './github-secret';
import { PodSecurityNamespace } from './pod-security-namespace';
import { SecretsOutput } from './secrets-output';
import { ManagerRbac, RbacResourceMeta, RunnerServiceAccount } from './rbac';
import { RunnerCount } from './runner-count';
import { RunnerSetObject } from './runner-set';
import { ResourceMeta, ScaleSetContext } from './scale-set-context';
import { PersistentVolumeOptions, SharedCaches } from './shared-caches';

/** The runner container, in the terms of the `KubernetesGhaRunnerScaleSet` spec format. */
export interface RunnerOptions {
  /**
   * The runner image, `repository:tag`.
   * @default 'ghcr.io/actions/actions-runner:latest' (the chart's default; pin a version in production)
   */
  readonly image?: string;
  /**
   * @default - Kubernetes' default (`Always` for `:latest`, else `IfNotPresent`)
   */
  readonly imagePullPolicy?: string;
  /** @default - no requests or limits */
  readonly resources?: ResourceRequirements;
  /** Env vars; one named like a variable the mode injects replaces it. @default - none */
  readonly env?: EnvVar[];
  /** Extra mounts, after those of `persistentVolumes`. @default - none */
  readonly volumeMounts?: VolumeMount[];
}

/** A CA bundle for a GitHub Enterprise Server with a private certificate authority. */
export interface GitHubServerTlsOptions {
  /** ConfigMap holding the certificate, in the scale set's namespace. */
  readonly configMapName: string;
  /** Key of the certificate in the ConfigMap. */
  readonly key: string;
  /**
   * Where to mount it in the runner; NODE_EXTRA_CA_CERTS and RUNNER_UPDATE_CA_CERTS are set to use it.
   * @default - not mounted into runners (only the listener uses it)
   */
  readonly runnerMountPath?: string;
}

/** Per-object labels and annotations (the chart's `resourceMeta`). */
export interface ScaleSetResourceMeta extends RbacResourceMeta {
  readonly autoscalingRunnerSet?: ResourceMeta;
  readonly githubConfigSecret?: ResourceMeta;
  readonly autoscalingListener?: ResourceMeta;
  readonly listenerServiceAccount?: ResourceMeta;
  readonly listenerRole?: ResourceMeta;
  readonly listenerRoleBinding?: ResourceMeta;
  readonly listenerConfigSecret?: ResourceMeta;
  readonly ephemeralRunnerSet?: ResourceMeta;
  readonly ephemeralRunner?: ResourceMeta;
  readonly ephemeralRunnerConfigSecret?: ResourceMeta;
}

/** Pod Security of the scale set's pods and of the Namespace it creates. */
export interface PodSecurityOptions {
  /**
   * The Pod Security level the created Namespace carries (`pod-security.kubernetes.io/enforce`,
   * `warn` and `audit`). A level the pods do not pass is an error naming the pods and the rules.
   * @default - the strictest level the pods pass (DIND: privileged)
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly level?: PodSecurityLevel;
  /**
   * Harden runner pods so that they pass `restricted`: run as the runner image's user (uid and
   * gid 1001, fsGroup 123, its docker group), runAsNonRoot, no privilege escalation, all
   * capabilities dropped, the RuntimeDefault seccomp profile. Fields your template sets win.
   * Not for DIND (its dind sidecar is privileged).
   * @default false
   */
  readonly hardenRunner?: boolean;
}

export interface GhaRunnerScaleSetProps {
  /** Namespace of the scale set and everything it owns. */
  readonly namespace: string;
  /** Also create the Namespace. @default false */
  readonly createNamespace?: boolean;
  /**
   * Release name: names the shared-cache claims (`<releaseName>-<volume>`) and is the scale set name by default.
   * @default - the construct id
   */
  readonly releaseName?: string;
  /**
   * The runner scale set's name: what `runs-on` names in workflows, and the base of every object name.
   * At most 45 characters. Written to the AutoscalingRunnerSet's `spec.runnerScaleSetName` only when
   * given (the chart's rule); otherwise the controller takes the object's name.
   * @default - `releaseName`
   */
  readonly scaleSetName?: string;
  /** Repository, organization or enterprise URL, e.g. `https://github.com/my-org`. A trailing `/` is dropped. */
  readonly githubConfigUrl: string;
  /**
   * Credentials: `GitHubAuth.personalAccessToken(…)`, `GitHubAuth.app({…})`, `GitHubAuth.existingSecret(…)`
   * or `GitHubAuth.externalSecret({…})`.
   */
  readonly auth: GitHubAuth;
  /**
   * Where the Secret holding PAT or GitHub App credentials goes: beside the other objects in plain
   * text (base64) as the chart writes it, into another scope (e.g. a Chart kept out of git), or
   * sealed for Bitnami Sealed Secrets. No effect with `existingSecret` or `externalSecret` auth.
   * @default SecretsOutput.inline()
   */
  readonly secretsOutput?: SecretsOutput;
  /**
   * Runners kept idle. `RunnerCount.unset()` leaves `minRunners` out of the AutoscalingRunnerSet,
   * as the chart does when its values leave it unset (the controller then keeps none).
   * @default 0
   */
  readonly minRunners?: number | RunnerCount;
  /**
   * Most runners at once. `RunnerCount.unset()` leaves `maxRunners` out of the AutoscalingRunnerSet,
   * as the chart does when its values leave it unset (the controller then sets no limit).
   * @default 5
   */
  readonly maxRunners?: number | RunnerCount;
  /** Runner group the scale set joins. @default - the default group */
  readonly runnerGroup?: string;
  /** @default ContainerModes.default() (the runner alone) */
  readonly containerMode?: ContainerMode;
  /** The runner container. @default - the chart's default runner */
  readonly runner?: RunnerOptions;
  /** Claims shared by all runners, mounted into the runner container. @default - none */
  readonly persistentVolumes?: PersistentVolumeOptions[];
  /**
   * The controller's ServiceAccount, granted the manager Role.
   * @default - `arc-gha-rs-controller` in `arc-systems`, ARC's documented default install
   */
  readonly controllerServiceAccount?: ServiceAccountRef;
  /**
   * The controller that runs this scale set, in the same app: the manager Role is bound to its
   * ServiceAccount, and synthesis fails when the scale set is outside the one namespace the
   * controller watches, or when the controller's image is another ARC major.minor.
   * Set this or `controllerServiceAccount`, not both.
   * @default - none: `controllerServiceAccount` applies
   */
  readonly controller?: GhaRunnerScaleSetController;
  /** Secrets for pulling the runner image. @default - none */
  readonly imagePullSecrets?: string[];
  /** Labels for every object of the chart's set (reserved and `actions.github.com/*` keys are ignored). */
  readonly labels?: Record<string, string>;
  /** Annotations for every object of the chart's set (`actions.github.com/cleanup-*` keys are ignored). */
  readonly annotations?: Record<string, string>;
  /** Labels GitHub matches `runs-on` against, beside the name. @default - none */
  readonly scaleSetLabels?: string[];
  /** Proxy the controller and listener use to reach GitHub. @default - none */
  readonly proxy?: AutoscalingRunnerSetSpecProxy;
  /** CA bundle of a GitHub Enterprise Server. @default - none */
  readonly githubServerTls?: GitHubServerTlsOptions;
  /** Read GitHub credentials from a key vault instead of a Secret. @default - none */
  readonly vaultConfig?: AutoscalingRunnerSetSpecVaultConfig;
  /** Pod template of the listener. @default - the controller's default */
  readonly listenerTemplate?: PodTemplate;
  /** Metrics the listener exports. @default - the controller's default */
  readonly listenerMetrics?: AutoscalingRunnerSetSpecListenerMetrics;
  /**
   * Per-object labels and annotations. An `autoscalingListener`, `ephemeralRunnerSet` or
   * `ephemeralRunner` entry without an annotation is an error: ARC 0.14.x's controller panics on
   * it and never makes the object (see `allowArcCrashingResourceMeta`).
   * @default - none
   */
  readonly resourceMeta?: ScaleSetResourceMeta;
  /**
   * Write a `resourceMeta` entry that crashes ARC 0.14.x's controller (labels without annotations
   * on `autoscalingListener`, `ephemeralRunnerSet` or `ephemeralRunner`) instead of refusing it, as
   * the chart renders it. `gha-rs --helm-values` sets it and warns instead.
   * @default false
   */
  readonly allowArcCrashingResourceMeta?: boolean;
  /**
   * The runner pod template, merged the way the chart merges `template`: every pod spec field
   * passes through; a container named `runner` is the runner (the mode adds its env and mounts
   * where you have not set them); a volume named `work` replaces the mode's; a
   * `serviceAccountName` means no runner ServiceAccount is created.
   * @default - the runner alone
   */
  readonly template?: PodTemplate;
  /**
   * Kubernetes version the manifests target; before 1.29 DinD runs as a regular container.
   * @default '1.33.0'
   */
  readonly kubeVersion?: string;
  /** Pod Security: the level of the created Namespace, and a hardened runner. @default - the level the pods need; runner not hardened */
  readonly podSecurity?: PodSecurityOptions;
  /**
   * A NetworkPolicy `<scaleSet>-gha-rs-runner-egress` for the runner pods: egress denied to the
   * cloud metadata address (169.254.169.254) and `deniedCidrs`, allowed to the rest of IPv4, to DNS
   * and (KUBERNETES modes) to `apiServer`. Needs a network plugin that enforces NetworkPolicies.
   * @default - none
   */
  readonly egressPolicy?: RunnerEgressPolicyOptions;
  /**
   * The AutoscalingRunnerSet's `actions.github.com/values-hash` annotation. ARC re-creates the
   * listener, which keeps its own copy of the credentials, only when this or the spec changes.
   * @default - a hash of every object this construct writes and of the credentials of `auth`
   *   (hashed, never written): the same input gives the same hash, a new token a new one
   */
  readonly valuesHash?: string;
}

/**
 * One GitHub Actions runner scale set, as ARC's `gha-runner-scale-set` chart 0.14.2 writes it:
 * credentials Secret, runner and manager RBAC, shared caches and the AutoscalingRunnerSet.
 */
export class GhaRunnerScaleSet extends Construct {
  /** Every object name the chart derives from a scale set name (`<name>-gha-rs-…`, each cut as the chart cuts it). */
  public static scaleSetNames(scaleSetName: string): ScaleSetNames {
    return scaleSetNames(scaleSetName);
  }

  /**
   * The runner pod template the chart writes for a resolved input: the user's template merged
   * with the container mode's containers, volumes and env. Pure: no construct is created.
   */
  public static buildPodTemplate(input: PodTemplateInput): PodTemplate {
    return buildPodTemplate(input);
  }

  /** The namespace of the scale set and everything it owns. */
  public readonly namespace: string;
  /** The runner scale set's name (`runs-on`), the base of every object name. */
  public readonly scaleSetName: string;
  /** Secret the scale set reads GitHub credentials from (created or pre-existing). */
  public readonly githubSecretName: string;
  /** The names of the shared-cache claims, in the order of `persistentVolumes`. */
  public readonly pvcNames: string[];
  /** Runners kept idle (0 when left out of the spec). */
  public readonly minRunners: number;
  /** Most runners at once (`Infinity` when left out of the spec: no limit). */
  public readonly maxRunners: number;
  /** How runners run jobs (the container mode). */
  public readonly containerMode: ContainerMode;
  /** The hook extension ConfigMap (a kubernetes mode given an inline hook template). */
  public readonly hookExtension?: ApiObject;
  /** The controller ServiceAccount granted the manager Role. */
  public readonly controllerServiceAccount: ServiceAccountRef;
  /** Whether `controllerServiceAccount` was assumed rather than given. */
  public readonly controllerServiceAccountDefaulted: boolean;
  /**
   * The AutoscalingRunnerSet. Its patches apply to the final object, pod templates included:
   * `scaleSet.runnerSet.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'ci'))`.
   */
  public readonly runnerSet: ApiObject;
  /** The pods that run in `namespace`: runners, and the job pods they start (kubernetes modes). */
  public readonly pods: NamespacePods[];
  /** The listener pod the controller starts for this scale set, in the controller's namespace. */
  public readonly listenerPod: NamespacePods;
  /** The Pod Security level asked for (`podSecurity.level`). */
  public readonly podSecurityLevel?: PodSecurityLevel;

  // Escape hatches: every object this construct writes, for `addJsonPatch` and for reading names
  // (`obj.name`) without guessing construct ids. Each is undefined when the object is not written.

  /** The Namespace. @default - undefined unless `createNamespace` */
  public readonly namespaceObject?: ApiObject;
  /**
   * The object holding or making the GitHub credentials Secret: the Secret, the SealedSecret
   * (`secretsOutput`) or the ExternalSecret (`GitHubAuth.externalSecret`).
   * @default - undefined with `GitHubAuth.existingSecret(…)`
   */
  public readonly githubSecret?: ApiObject;
  /**
   * The runner pods' ServiceAccount: `<scaleSet>-gha-rs-no-permission`, or `<scaleSet>-gha-rs-kube-mode` in the kube modes.
   * @default - undefined when `template` names a `serviceAccountName`
   */
  public readonly runnerServiceAccount?: ApiObject;
  /** The kube-mode Role of the runners. @default - undefined outside the KUBERNETES modes, or with a `serviceAccountName` in `template` */
  public readonly kubeModeRole?: ApiObject;
  /** The RoleBinding of `kubeModeRole` to `runnerServiceAccount`. @default - as `kubeModeRole` */
  public readonly kubeModeRoleBinding?: ApiObject;
  /** The manager Role: the controller's rights in this namespace. */
  public readonly managerRole: ApiObject;
  /** The RoleBinding of `managerRole` to the controller's ServiceAccount. */
  public readonly managerRoleBinding: ApiObject;
  /** The PersistentVolumeClaims of `persistentVolumes`, in their order (`pvcNames` has their names). */
  public readonly persistentVolumeClaims: ApiObject[];
  /** The runner egress NetworkPolicy. @default - undefined unless `egressPolicy` */
  public readonly runnerEgressPolicy?: ApiObject;

  public constructor(scope: Construct, id: string, givenProps: GhaRunnerScaleSetProps) {
    super(scope, id);
    // From JavaScript anything may come: what is missing or of the wrong type is a validation
    // error naming the prop (reported with every other at synthesis), never a TypeError here.
    const given: GhaRunnerScaleSetProps = givenProps ?? {} as GhaRunnerScaleSetProps;
    // user pod templates against the pod schema (loaded only when there is one); the pod is built without the wrong values
    const { props, errors: templateErrors } = given.template || given.listenerTemplate
      ? (require('../rules/pod-schema') as typeof import('../rules/pod-schema')).checkedTemplates(given)
      : { props: given, errors: [] };
    const releaseName = props.releaseName ?? id;
    this.namespace = props.namespace;
    this.scaleSetName = props.scaleSetName ?? releaseName;
    const minRunners = props.minRunners instanceof RunnerCount ? undefined : props.minRunners ?? DEFAULT_MIN_RUNNERS;
    const maxRunners = props.maxRunners instanceof RunnerCount ? undefined : props.maxRunners ?? DEFAULT_MAX_RUNNERS;
    this.minRunners = minRunners ?? 0;
    this.maxRunners = maxRunners ?? Number.POSITIVE_INFINITY;
    this.containerMode = props.containerMode ?? ContainerModes.default();
    this.controllerServiceAccountDefaulted = props.controllerServiceAccount === undefined && props.controller === undefined;
    this.controllerServiceAccount = props.controller?.serviceAccount ?? props.controllerServiceAccount ?? DEFAULT_CONTROLLER_SERVICE_ACCOUNT;
    this.node.addValidation({ validate: () => [...templateErrors, ...validateProps(this, props)] });

    // a name that is no string is reported by validateProps
    const names = scaleSetNames(typeof this.scaleSetName === 'string' ? this.scaleSetName : String(this.scaleSetName));
    const context = new ScaleSetContext(this.scaleSetName, this.namespace, names, props.labels, props.annotations);
    const meta = props.resourceMeta ?? {};

    this.podSecurityLevel = props.podSecurity?.level;
    if (props.createNamespace) {
      this.namespaceObject = new PodSecurityNamespace(this, 'Namespace', { name: this.namespace, pods: () => this.pods, level: this.podSecurityLevel, field: 'podSecurity.level' });
    }

    const userTemplate = runnerTemplate(props);
    const userServiceAccount = userTemplate.spec?.serviceAccountName;
    const kubeMode = this.containerMode.runnerServiceAccount === 'kube-mode';
    let serviceAccountName = userServiceAccount ?? '';
    if (!userServiceAccount) {
      const runnerAccount = new RunnerServiceAccount(this, 'RunnerServiceAccount', {
        context,
        kubeModeRules: kubeMode ? this.containerMode.kubeModeRoleRules() : undefined,
        resourceMeta: meta,
      });
      serviceAccountName = runnerAccount.serviceAccountName;
      this.runnerServiceAccount = runnerAccount.serviceAccount;
      this.kubeModeRole = runnerAccount.kubeMode?.role;
      this.kubeModeRoleBinding = runnerAccount.kubeMode?.binding;
    }

    // a missing or foreign auth is reported by validateProps; the objects are built without credentials meanwhile
    const auth = props.auth instanceof GitHubAuth ? props.auth : GitHubAuth.secretData({});
    const secret = new GitHubSecret(this, 'GitHubSecret', {
      context, auth, resourceMeta: meta.githubConfigSecret, output: props.secretsOutput,
    });
    this.githubSecretName = secret.secretName;
    this.githubSecret = secret.secret;

    const caches = new SharedCaches(this, 'SharedCaches', { releaseName, namespace: this.namespace, volumes: props.persistentVolumes ?? [] });
    this.pvcNames = caches.claimNames;
    this.persistentVolumeClaims = caches.claims;

    const manager = new ManagerRbac(this, 'Manager', {
      context,
      controllerServiceAccount: this.controllerServiceAccount,
      readConfigMaps: props.githubServerTls !== undefined,
      resourceMeta: meta,
    });
    this.managerRole = manager.role;
    this.managerRoleBinding = manager.binding;

    const template = buildPodTemplate({
      template: withSharedCaches(userTemplate, caches.podVolumes, caches.runnerMounts),
      mode: this.containerMode,
      serviceAccountName,
      tls: runnerTlsMount(props.githubServerTls),
      nativeSidecar: hasNativeSidecars(props.kubeVersion ?? DEFAULT_KUBE_VERSION),
      hardened: props.podSecurity?.hardenRunner,
      scaleSetName: this.scaleSetName,
    });
    const hookExtension = this.containerMode.hookExtension(this.scaleSetName);
    if (hookExtension) {
      // as the experimental chart writes it: the common labels and its component, no finalizer
      const { finalizers: _none, name, namespace, labels, annotations } = context.meta(hookExtension.name, { component: HOOK_EXTENSION.component });
      this.hookExtension = new ApiObject(this, 'HookExtension', hookExtensionConfigMap({
        name: name!, namespace: namespace!, labels: labels ?? {}, annotations, extension: hookExtension.extension,
      }));
    }
    const of = `of scale set "${this.scaleSetName}"`;
    this.pods = [
      { what: `runner pods ${of} (${this.containerMode.type} mode${props.podSecurity?.hardenRunner ? ', hardened' : ''})`, pod: template },
      ...this.containerMode.jobPods().map((j) => ({ what: `${j.what} ${of}`, pod: j.pod })),
    ];
    this.listenerPod = { what: `the listener pod ${of} (started by the controller${props.listenerTemplate ? ' from listenerTemplate' : ', with no securityContext'})`, pod: listenerPod(props.listenerTemplate) };
    props.controller?.addListenerPod(this.listenerPod);

    if (props.egressPolicy) {
      // cdk8s-plus is loaded only by scale sets that ask for the policy
      const { RunnerEgressPolicy } = require('./runner-egress-policy') as typeof import('./runner-egress-policy');
      const policy = new RunnerEgressPolicy(this, 'RunnerEgressPolicy', { ...props.egressPolicy, context, allowApiServer: this.containerMode.needsApiServer });
      this.runnerEgressPolicy = ApiObject.of(policy.policy);
    }

    const cleanup: Record<string, string> = {};
    // Only a Secret written here (plain or sealed) carries the finalizer ARC removes.
    if (auth.secretValues) cleanup[ANNOTATION.cleanupGithubSecret] = names.githubSecret;
    cleanup[ANNOTATION.cleanupManagerRoleBinding] = names.managerRoleBinding;
    cleanup[ANNOTATION.cleanupManagerRole] = names.managerRole;
    if (!userServiceAccount && kubeMode) {
      cleanup[ANNOTATION.cleanupKubeModeRoleBinding] = names.kubeModeRoleBinding;
      cleanup[ANNOTATION.cleanupKubeModeRole] = names.kubeModeRole;
      cleanup[ANNOTATION.cleanupKubeModeServiceAccount] = names.kubeModeServiceAccount;
    }
    if (!userServiceAccount && !kubeMode) cleanup[ANNOTATION.cleanupNoPermissionServiceAccount] = names.noPermissionServiceAccount;

    const baseMeta = context.meta(names.runnerSet, { component: LABEL_VALUE.componentRunnerSet, resourceMeta: meta.autoscalingRunnerSet });
    const { finalizers: _none, ...runnerSetMeta } = baseMeta;
    const tls = props.githubServerTls;
    this.runnerSet = new RunnerSetObject(this, 'Resource', {
      metadata: { ...runnerSetMeta, annotations: { ...context.userAnnotations(meta.autoscalingRunnerSet), ...cleanup } },
      spec: {
        githubConfigUrl: typeof props.githubConfigUrl === 'string' ? props.githubConfigUrl.replace(/\/$/, '') : props.githubConfigUrl, // the chart's trimSuffix "/"
        githubConfigSecret: this.githubSecretName,
        runnerGroup: props.runnerGroup || undefined,
        runnerScaleSetName: props.scaleSetName,
        runnerScaleSetLabels: props.scaleSetLabels?.length ? props.scaleSetLabels : undefined,
        githubServerTls: tls ? { certificateFrom: { configMapKeyRef: { name: tls.configMapName, key: tls.key } } } : undefined,
        vaultConfig: props.vaultConfig,
        proxy: props.proxy,
        maxRunners,
        minRunners,
        listenerMetrics: props.listenerMetrics,
        autoscalingListener: meta.autoscalingListener,
        listenerServiceAccountMetadata: meta.listenerServiceAccount,
        listenerRoleMetadata: meta.listenerRole,
        listenerRoleBindingMetadata: meta.listenerRoleBinding,
        listenerConfigSecretMetadata: meta.listenerConfigSecret,
        ephemeralRunnerSetMetadata: meta.ephemeralRunnerSet,
        ephemeralRunnerMetadata: meta.ephemeralRunner,
        ephemeralRunnerConfigSecretMetadata: meta.ephemeralRunnerConfigSecret,
      },
    }, { template, listenerTemplate: props.listenerTemplate });
    const runnerSet = this.runnerSet as RunnerSetObject;
    runnerSet.hashWith(() => props.valuesHash ?? contentHash(this, runnerSet, auth));
  }
}

/**
 * Objects the hash leaves out: those that carry the credentials, however a run writes them (hashed
 * through the credentials themselves), and the Namespace, which the CLI writes once per namespace
 * outside the construct and which nothing in the scale set's pods depends on.
 */
const UNHASHED_KINDS = ['Secret', 'SealedSecret', 'Namespace'];

/**
 * What the scale set is built from: every object of the construct (the AutoscalingRunnerSet
 * without its hash; no Namespace, so that a construct in an app and the CLI agree) and the
 * credentials. The objects carrying the credentials are left out, so
 * the hash is the same whether they are written in plain text, to a secrets folder or sealed
 * (sealing is randomized), and the credentials count even where no Secret is written at all.
 */
function contentHash(scope: Construct, runnerSet: RunnerSetObject, auth: GitHubAuth): string {
  const objects = scope.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c !== runnerSet && !UNHASHED_KINDS.includes(c.kind))
    .map((o) => o.toJson());
  return valuesHash({
    objects,
    runnerSet: runnerSet.unhashedJson(),
    credentials: auth.secretValues ?? null,
    existingSecretName: auth.existingSecretName ?? null,
    externalSecret: auth.externalSecretOptions ?? null,
  });
}

/** The user's pod template with the runner container that a spec's `runner` fields describe. */
function runnerTemplate(props: GhaRunnerScaleSetProps): PodTemplate {
  const spec: PodSpec = props.template?.spec ?? {};
  const containers = spec.containers ?? [];
  const r = props.runner ?? {};
  const base: Container = containers.find((c) => c.name === CONTAINER.runner)
    ?? { name: CONTAINER.runner, command: [PATH.runScript], image: `${DEFAULT_RUNNER_IMAGE_REPOSITORY}:${DEFAULT_RUNNER_IMAGE_TAG}` };
  const runner: Container = {
    ...base,
    ...(r.image ? { image: r.image } : {}),
    ...(r.imagePullPolicy ? { imagePullPolicy: r.imagePullPolicy } : {}),
    ...(r.resources ? { resources: r.resources } : {}),
    ...(base.env || r.env ? { env: [...(base.env ?? []), ...(r.env ?? [])] } : {}),
    ...(base.volumeMounts || r.volumeMounts ? { volumeMounts: [...(base.volumeMounts ?? []), ...(r.volumeMounts ?? [])] } : {}),
  };
  const hasRunner = containers.some((c) => c.name === CONTAINER.runner);
  const pullSecrets = props.imagePullSecrets?.length ? props.imagePullSecrets.map((name) => ({ name })) : undefined;
  return {
    ...(props.template?.metadata ? { metadata: props.template.metadata } : {}),
    spec: {
      ...spec,
      ...(pullSecrets && !spec.imagePullSecrets ? { imagePullSecrets: pullSecrets } : {}),
      containers: hasRunner ? containers.map((c) => (c.name === CONTAINER.runner ? runner : c)) : [runner, ...containers],
    },
  };
}

/** Adds the shared caches: their mounts first in the runner, their volumes after the user's. */
function withSharedCaches(template: PodTemplate, volumes: PodSpec['volumes'], mounts: VolumeMount[]): PodTemplate {
  if (!volumes?.length) return template;
  const spec = template.spec ?? {};
  return {
    ...template,
    spec: {
      ...spec,
      containers: (spec.containers ?? []).map((c) => (c.name === CONTAINER.runner
        ? { ...c, volumeMounts: [...mounts, ...(c.volumeMounts ?? [])] }
        : c)),
      volumes: [...(spec.volumes ?? []), ...volumes],
    },
  };
}

function runnerTlsMount(tls: GitHubServerTlsOptions | undefined): RunnerTlsMount | undefined {
  if (!tls?.runnerMountPath) return undefined;
  return { configMapName: tls.configMapName, key: tls.key, certificatePath: cleanPath(`${tls.runnerMountPath}/${tls.key}`) };
}

/**
 * The props against the rules of src/rules/, the ones the spec and Helm readers apply, in their
 * words after the prop's name; all of them at once, as construct validation errors (`app.synth()`
 * fails). The readers report the same problems earlier, per field of their files.
 */
function validateProps(s: GhaRunnerScaleSet, props: GhaRunnerScaleSetProps): string[] {
  const errors: string[] = [];
  const minProblem = runnerCountProblem('minRunners', s.minRunners);
  // Infinity: maxRunners left out (no limit)
  const maxProblem = s.maxRunners === Number.POSITIVE_INFINITY ? undefined : runnerCountProblem('maxRunners', s.maxRunners);
  const labels: unknown = props.scaleSetLabels;
  const problems: [string, RuleProblem][] = [
    ['githubConfigUrl', githubConfigUrlProblem(props.githubConfigUrl)],
    // the scale set name is the release name unless given
    [props.scaleSetName === undefined && props.releaseName !== undefined ? 'releaseName' : 'scaleSetName', scaleSetNameProblem(s.scaleSetName)],
    ['namespace', namespaceProblem(s.namespace)],
    ['minRunners', minProblem],
    ['maxRunners', maxProblem],
    // compared only when both counts are valid, as the readers do
    ['minRunners', minProblem || maxProblem ? undefined : runnerRangeProblem(s.minRunners, s.maxRunners)],
    ['kubeVersion', props.kubeVersion !== undefined ? kubeVersionProblem(props.kubeVersion) : undefined],
    ['scaleSetLabels', labels !== undefined && !Array.isArray(labels) ? `must be a list of strings, found ${describe(labels)}` : undefined],
    ...(Array.isArray(labels) ? labels : []).map((label: unknown, i): [string, RuleProblem] => [`scaleSetLabels[${i}]`,
      typeof label === 'string' ? scaleSetLabelProblem(label) : scaleSetLabelProblem('', describe(label))]),
    ...Object.keys(props.allowArcCrashingResourceMeta ? {} : ANNOTATION_MERGING_META).map((key): [string, RuleProblem] => [
      `resourceMeta.${key}`, resourceMetaCrashProblem(key, props.resourceMeta?.[key as keyof typeof ANNOTATION_MERGING_META]),
    ]),
  ];
  for (const [prop, problem] of problems) if (problem) errors.push(`${prop}: ${problem}`);
  errors.push(...authProblems(props.auth).map((p) => `auth: ${p}`));
  const controller = props.controller;
  if (controller && props.controllerServiceAccount) errors.push('set controller or controllerServiceAccount, not both');
  // the controller construct reports an image of another ARC version itself
  const outside = controller ? watchedNamespaceProblem(s.namespace, controller.watchSingleNamespace, `"${controller.releaseName}"`) : undefined;
  if (outside) errors.push(`namespace: ${outside}`);
  if (props.egressPolicy) errors.push(...egressPolicyProblems(props.egressPolicy).map((p) => `egressPolicy.${formatPath(p.path)}: ${p.message}`));
  const blocker = props.podSecurity?.hardenRunner ? s.containerMode.hardeningBlocker : undefined;
  if (blocker) errors.push(`podSecurity.hardenRunner: ${s.containerMode.type} runner pods cannot be hardened: ${blocker}`);
  return errors;
}
