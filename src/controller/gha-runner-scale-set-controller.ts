import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PodSecurityNamespace } from '../constructs/pod-security-namespace';
import { grant } from '../constructs/rbac';
import type { EnvVar, JsonObject, PodTemplate, PolicyRule, ResourceRequirements, ServiceAccountRef, Volume, VolumeMount } from '../k8s';
import type { NamespacePods, PodSecurityLevel } from '../rules/pod-security';
import { StringMap } from '../labels';
import { ARC_VERSION } from '../constants';
import {
  CONTROLLER_DEFAULTS, CONTROLLER_LABEL, DEFAULT_CONTROLLER_IMAGE_REPOSITORY, DEFAULT_CONTROLLER_IMAGE_TAG,
  DEFAULT_CONTROLLER_PULL_POLICY,
} from './constants';
import { ControllerNameOverrides, ControllerNames, controllerFullName, controllerLabels, controllerNames, controllerSelectorLabels } from './naming';
import { ControllerFlags, ControllerMetrics, ControllerPodInput, controllerArgs, controllerPodTemplate } from './pod-spec';
import {
  leaderElectionRules, listenerRules, managerClusterRules, singleNamespaceControllerRules, singleNamespaceWatchRules,
} from './rbac-rules';
import { ControllerPodMonitorOptions, controllerPodMonitors } from './pod-monitors';
import { incompatibleTag } from './version';
import { fullNameProblem, imageTagProblem, listenAddrProblem, metricsAddrProblem, workqueueRateLimiterProblem, nameOverrideProblem, podMonitorProblems, releaseNameProblem, serviceAccountNameProblem } from '../rules/controller';
import { RuleProblem, namespaceProblem } from '../rules/scale-set';


/** The manager image. */
export interface ControllerImageOptions {
  /** @default 'ghcr.io/actions/gha-runner-scale-set-controller' */
  readonly repository?: string;
  /**
   * The tag; it also tells which ARC release runs, which must be 0.14.x (see `arcVersion`).
   * @default '0.14.2' (the chart's appVersion)
   */
  readonly tag?: string;
  /** @default 'IfNotPresent' */
  readonly pullPolicy?: string;
}

/** The controller's ServiceAccount (the chart's `serviceAccount`). */
export interface ControllerServiceAccountOptions {
  /** Create it; when false, `name` must name an existing one. @default true */
  readonly create?: boolean;
  /** @default - the controller's full name, e.g. `arc-gha-rs-controller` */
  readonly name?: string;
  /** @default - none */
  readonly annotations?: StringMap;
}

/** Pod Security of the Namespace the controller creates. */
export interface ControllerPodSecurityOptions {
  /**
   * The level of the created Namespace, which holds the controller pod and the listener pods of
   * the scale sets that name this controller; a level they do not pass is an error.
   * @default - the strictest level those pods pass
   */
  readonly level?: PodSecurityLevel;
}

export interface GhaRunnerScaleSetControllerProps {
  /** Namespace the controller runs in (the Helm release namespace). */
  readonly namespace: string;
  /** Also create the Namespace. @default false */
  readonly createNamespace?: boolean;
  /**
   * The Helm release name every object name derives from: `<releaseName>-gha-rs-controller`,
   * or the release name itself when it contains `gha-rs-controller`. At most 53 characters.
   * @default - the construct id
   */
  readonly releaseName?: string;
  /**
   * Replaces `gha-rs-controller` in object names and in the `app.kubernetes.io/name` label (the chart's `nameOverride`).
   * @default 'gha-rs-controller'
   */
  readonly nameOverride?: string;
  /**
   * The full name every object name derives from, instead of `<releaseName>-gha-rs-controller` (the chart's `fullnameOverride`).
   * @default - derived from `releaseName` and `nameOverride`
   */
  readonly fullnameOverride?: string;
  /** Replicas; more than 1 turns leader election on. As in the chart, 0 means 1. @default 1 */
  readonly replicaCount?: number;
  /** @default - ghcr.io/actions/gha-runner-scale-set-controller:0.14.2, IfNotPresent */
  readonly image?: ControllerImageOptions;
  /** Secrets to pull the manager image; also passed to the listeners (`--auto-scaler-image-pull-secrets`). @default - none */
  readonly imagePullSecrets?: string[];
  /** @default - created, named after the release */
  readonly serviceAccount?: ControllerServiceAccountOptions;
  /** Labels of the ServiceAccount and Deployment (the chart's reserved keys are ignored). @default - none */
  readonly labels?: StringMap;
  /**
   * Manager flags. Defaults are the chart's: logLevel `debug`, logFormat `text`,
   * runnerMaxConcurrentReconciles 2, updateStrategy `immediate`.
   * `watchSingleNamespace` restricts the controller to one namespace, with Roles instead of a ClusterRole.
   */
  readonly flags?: ControllerFlags;
  /** Metrics endpoints. @default - off (`--metrics-addr=0`, `--listener-metrics-addr=0`, `--listener-metrics-endpoint=`) */
  readonly metrics?: ControllerMetrics;
  /**
   * Where the manager serves Go's pprof profiles (`--pprof-addr`, the chart's `pprof.addr`), e.g.
   * `:6060`; the container port `pprof` is opened on it.
   * @default - no profiling endpoint
   */
  readonly pprofAddr?: string;
  /**
   * PodMonitors (Prometheus Operator, monitoring.coreos.com/v1) for the controller's metrics and
   * its listeners' (the latter when `metrics.listenerAddr` is not "0"). Needs `metrics`.
   * @default - none
   */
  readonly podMonitors?: ControllerPodMonitorOptions;
  /** @default - none */
  readonly resources?: ResourceRequirements;
  /** The manager container's securityContext. @default - none */
  readonly securityContext?: JsonObject;
  /** Extra env of the manager, after the two the chart sets. @default - none */
  readonly env?: EnvVar[];
  /** Extra mounts of the manager, after `/tmp`. @default - none */
  readonly volumeMounts?: VolumeMount[];
  /** Extra pod volumes, after `tmp`. @default - none */
  readonly volumes?: Volume[];
  /** @default - none */
  readonly podLabels?: StringMap;
  /** @default - none */
  readonly podAnnotations?: StringMap;
  /** @default - none */
  readonly podSecurityContext?: JsonObject;
  /** @default - none */
  readonly priorityClassName?: string;
  /** @default - none */
  readonly nodeSelector?: StringMap;
  /** @default - none */
  readonly tolerations?: JsonObject[];
  /** @default - none */
  readonly affinity?: JsonObject;
  /** @default - none */
  readonly topologySpreadConstraints?: JsonObject[];
  /** Pod Security of the Namespace it creates. @default - the level its pods need */
  readonly podSecurity?: ControllerPodSecurityOptions;
}

/**
 * ARC's controller, as its `gha-runner-scale-set-controller` chart 0.14.2 writes it (Helm-only
 * metadata aside): ServiceAccount, manager ClusterRole + binding (or, watching a single namespace,
 * two Roles + bindings), the listener Role + binding, the leader-election Role + binding when
 * more than one replica runs, and the Deployment. The CRDs are apart: see `ArcCrds`.
 */
export class GhaRunnerScaleSetController extends Construct {
  /** The ARC version this library writes: the controller image's default tag and the CRDs' version. */
  public static readonly ARC_VERSION: string = ARC_VERSION;

  /** Every object name the controller chart derives from a release name and its name overrides. */
  public static controllerNames(releaseName: string, overrides: ControllerNameOverrides = {}): ControllerNames {
    return controllerNames(releaseName, overrides);
  }

  /** The controller chart's `fullname`, the base of every object name. */
  public static controllerFullName(releaseName: string, overrides: ControllerNameOverrides = {}): string {
    return controllerFullName(releaseName, overrides);
  }

  /** The manager's command-line arguments for a resolved input, as the chart writes them. */
  public static controllerArgs(input: ControllerPodInput): string[] {
    return controllerArgs(input);
  }

  /** The controller Deployment's pod template for a resolved input, as the chart writes it. Pure. */
  public static controllerPodTemplate(input: ControllerPodInput): PodTemplate {
    return controllerPodTemplate(input);
  }

  /** The namespace the controller runs in. */
  public readonly namespace: string;
  /** The release name every object name derives from. */
  public readonly releaseName: string;
  /** The names of the controller's objects. */
  public readonly names: ControllerNames;
  /** The chart's `nameOverride`, when set: the `app.kubernetes.io/name` label of every object. */
  public readonly nameOverride?: string;
  /** The ServiceAccount the controller runs as: scale sets bind their manager Role to it. */
  public readonly serviceAccount: ServiceAccountRef;
  /** The one namespace the controller watches, if it is restricted to one. */
  public readonly watchSingleNamespace?: string;
  /** The manager image, `repository:tag`. */
  public readonly image: string;
  /** The manager image's tag. */
  public readonly imageTag: string;
  /**
   * The major.minor the image tag names when it is not 0.14 (an error); undefined when compatible
   * or when the tag names no version (then 0.14 is assumed).
   */
  public readonly incompatibleVersion?: string;
  /** The Deployment's replicas. */
  public readonly replicas: number;
  /** The Deployment of the manager: `controller.deployment.addJsonPatch(…)` changes it. */
  public readonly deployment: ApiObject;
  /** The Pod Security level asked for (`podSecurity.level`). */
  public readonly podSecurityLevel?: PodSecurityLevel;
  private readonly controllerPod: PodTemplate;
  private readonly listenerPods: NamespacePods[] = [];

  // Escape hatches: every object this construct writes, for `addJsonPatch`. Each is undefined when
  // the object is not written.

  /** The Namespace. @default - undefined unless `createNamespace` */
  public readonly namespaceObject?: ApiObject;
  /** The controller's ServiceAccount (`serviceAccount` has its name). @default - undefined with `serviceAccount.create: false` */
  public readonly serviceAccountObject?: ApiObject;
  /** The manager ClusterRole. @default - undefined with `flags.watchSingleNamespace` (Roles instead) */
  public readonly clusterRole?: ApiObject;
  /** The ClusterRoleBinding of `clusterRole`. @default - as `clusterRole` */
  public readonly clusterRoleBinding?: ApiObject;
  /** The listener Role, in the controller's namespace. */
  public readonly listenerRole: ApiObject;
  /** The RoleBinding of `listenerRole`. */
  public readonly listenerRoleBinding: ApiObject;
  /** The manager Role in the controller's namespace. @default - undefined unless `flags.watchSingleNamespace` */
  public readonly singleNamespaceRole?: ApiObject;
  /** The RoleBinding of `singleNamespaceRole`. @default - as `singleNamespaceRole` */
  public readonly singleNamespaceRoleBinding?: ApiObject;
  /** The manager Role in the watched namespace. @default - undefined unless `flags.watchSingleNamespace` */
  public readonly singleNamespaceWatchRole?: ApiObject;
  /** The RoleBinding of `singleNamespaceWatchRole`. @default - as `singleNamespaceWatchRole` */
  public readonly singleNamespaceWatchRoleBinding?: ApiObject;
  /** The leader-election Role. @default - undefined with one replica */
  public readonly leaderElectionRole?: ApiObject;
  /** The RoleBinding of `leaderElectionRole`. @default - as `leaderElectionRole` */
  public readonly leaderElectionRoleBinding?: ApiObject;
  /** The PodMonitors, when `podMonitors` is set: the controller's, then the listeners'. */
  public readonly podMonitors: ApiObject[];

  public constructor(scope: Construct, id: string, props: GhaRunnerScaleSetControllerProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.releaseName = props.releaseName ?? id;
    this.nameOverride = props.nameOverride || undefined;
    this.names = controllerNames(this.releaseName, { nameOverride: this.nameOverride, fullnameOverride: props.fullnameOverride });
    const sa = props.serviceAccount ?? {};
    const createServiceAccount = sa.create ?? true;
    this.serviceAccount = { name: sa.name || this.names.fullName, namespace: this.namespace };
    this.watchSingleNamespace = props.flags?.watchSingleNamespace || undefined;
    this.imageTag = props.image?.tag || DEFAULT_CONTROLLER_IMAGE_TAG;
    this.image = `${props.image?.repository || DEFAULT_CONTROLLER_IMAGE_REPOSITORY}:${this.imageTag}`;
    this.incompatibleVersion = incompatibleTag(this.imageTag);
    this.replicas = props.replicaCount || CONTROLLER_DEFAULTS.replicaCount;
    this.node.addValidation({ validate: () => this.problems(props) });

    const labels = controllerLabels(this.releaseName, this.namespace, props.labels, this.nameOverride);
    const meta = (name: string, namespace = this.namespace) => ({ name, namespace });

    this.podSecurityLevel = props.podSecurity?.level;
    if (props.createNamespace) {
      this.namespaceObject = new PodSecurityNamespace(this, 'Namespace', { name: this.namespace, pods: () => this.pods, level: this.podSecurityLevel, field: 'podSecurity.level' });
    }
    if (createServiceAccount) {
      const annotations = sa.annotations && Object.keys(sa.annotations).length ? { annotations: sa.annotations } : {};
      this.serviceAccountObject = new ApiObject(this, 'ServiceAccount', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { ...meta(this.serviceAccount.name), labels, ...annotations },
      });
    }
    const subject = this.serviceAccount;
    const role = (cid: string, name: string, rules: PolicyRule[], namespace = this.namespace): [ApiObject, ApiObject] =>
      grant(this, [cid, `${cid}Binding`], { kind: 'Role', role: meta(name, namespace), binding: meta(name, namespace), rules, subject });

    if (!this.watchSingleNamespace) {
      const name = { name: this.names.fullName };
      [this.clusterRole, this.clusterRoleBinding] = grant(this, ['ClusterRole', 'ClusterRoleBinding'], {
        kind: 'ClusterRole', role: name, binding: name, rules: managerClusterRules(), subject,
      });
    }
    [this.listenerRole, this.listenerRoleBinding] = role('ListenerRole', this.names.listenerRole, listenerRules());
    if (this.watchSingleNamespace) {
      [this.singleNamespaceRole, this.singleNamespaceRoleBinding] = role('SingleNamespaceRole', this.names.singleNamespaceRole, singleNamespaceControllerRules());
      [this.singleNamespaceWatchRole, this.singleNamespaceWatchRoleBinding] = role(
        'SingleNamespaceWatchRole', this.names.singleNamespaceWatchRole, singleNamespaceWatchRules(), this.watchSingleNamespace);
    }
    if (this.replicas > 1) [this.leaderElectionRole, this.leaderElectionRoleBinding] = role('LeaderElectionRole', this.names.leaderElectionRole, leaderElectionRules());

    const f = props.flags ?? {};
    const input: ControllerPodInput = {
      releaseName: this.releaseName,
      namespace: this.namespace,
      nameOverride: this.nameOverride,
      fullName: this.names.fullName,
      serviceAccountName: this.serviceAccount.name,
      image: this.image,
      imagePullPolicy: props.image?.pullPolicy || DEFAULT_CONTROLLER_PULL_POLICY,
      replicas: this.replicas,
      imagePullSecrets: props.imagePullSecrets ?? [],
      flags: {
        ...f,
        logLevel: f.logLevel ?? CONTROLLER_DEFAULTS.logLevel,
        logFormat: f.logFormat ?? CONTROLLER_DEFAULTS.logFormat,
        runnerMaxConcurrentReconciles: f.runnerMaxConcurrentReconciles ?? CONTROLLER_DEFAULTS.runnerMaxConcurrentReconciles,
        updateStrategy: f.updateStrategy ?? CONTROLLER_DEFAULTS.updateStrategy,
      },
      metrics: props.metrics,
      pprofAddr: props.pprofAddr || undefined,
      resources: props.resources,
      securityContext: props.securityContext,
      env: props.env,
      volumeMounts: props.volumeMounts,
      volumes: props.volumes,
      podLabels: props.podLabels,
      podAnnotations: props.podAnnotations,
      podSecurityContext: props.podSecurityContext,
      priorityClassName: props.priorityClassName,
      nodeSelector: props.nodeSelector,
      tolerations: props.tolerations,
      affinity: props.affinity,
      topologySpreadConstraints: props.topologySpreadConstraints,
    };
    this.controllerPod = controllerPodTemplate(input);
    this.deployment = new ApiObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        ...meta(this.names.fullName),
        labels: {
          ...labels,
          [CONTROLLER_LABEL.serviceAccountNamespace]: this.namespace,
          [CONTROLLER_LABEL.serviceAccountName]: this.serviceAccount.name,
          ...(this.watchSingleNamespace ? { [CONTROLLER_LABEL.watchSingleNamespace]: this.watchSingleNamespace } : {}),
        },
      },
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: controllerSelectorLabels(this.releaseName, this.namespace, this.nameOverride) },
        template: this.controllerPod,
      },
    });
    this.podMonitors = [];
    if (props.podMonitors && !podMonitorProblems(props.metrics).length) {
      const monitors = controllerPodMonitors({
        releaseName: this.releaseName,
        namespace: this.namespace,
        nameOverride: this.nameOverride,
        fullName: this.names.fullName,
        labels,
        metrics: props.metrics!,
        options: props.podMonitors,
      });
      monitors.forEach((m, k) => this.podMonitors.push(new ApiObject(this, k ? 'ListenersPodMonitor' : 'PodMonitor', m as never)));
    }
  }

  /** The pods in the controller's namespace: the controller's own, and the listeners of its scale sets. */
  public get pods(): NamespacePods[] {
    return [{ what: `the controller pod of "${this.releaseName}"`, pod: this.controllerPod }, ...this.listenerPods];
  }

  /** Counts a scale set's listener pod among the pods of the controller's namespace (its scale sets call this). */
  public addListenerPod(pod: NamespacePods): void {
    this.listenerPods.push(pod);
  }

  /** The chart's own failures, a version this library's CRDs and scale sets do not fit, PodMonitors without metrics. */
  private problems(props: GhaRunnerScaleSetControllerProps): string[] {
    const errors: string[] = [];
    const sa = props.serviceAccount ?? {};
    const rules: [string, RuleProblem][] = [
      ['releaseName', releaseNameProblem(this.releaseName)],
      ['namespace', namespaceProblem(this.namespace)],
      ['flags.watchSingleNamespace', this.watchSingleNamespace ? namespaceProblem(this.watchSingleNamespace) : undefined],
      ['serviceAccount.name', serviceAccountNameProblem(sa.name, sa.create ?? true)],
      ['image.tag', imageTagProblem(this.imageTag, 'the scale sets this library writes')],
      ['metrics.controllerManagerAddr', props.metrics ? metricsAddrProblem(props.metrics.controllerManagerAddr) : undefined],
      ['pprofAddr', props.pprofAddr ? listenAddrProblem(props.pprofAddr, ':6060') : undefined],
      ['flags.healthProbeBindAddress', props.flags?.healthProbeBindAddress ? listenAddrProblem(props.flags.healthProbeBindAddress, ':8081') : undefined],
      ['flags.workqueueRateLimiter', props.flags?.workqueueRateLimiter ? workqueueRateLimiterProblem(props.flags.workqueueRateLimiter) : undefined],
    ];
    for (const [prop, problem] of rules) if (problem) errors.push(`${prop}: ${problem}`);
    const badNameOverride = this.nameOverride ? nameOverrideProblem(this.nameOverride) : undefined;
    if (badNameOverride) errors.push(`nameOverride: ${badNameOverride}`);
    // the object names, when what gives them passed its own rule
    const by = props.fullnameOverride ? 'fullnameOverride' : this.nameOverride ? 'nameOverride' : 'releaseName';
    const checked = by === 'fullnameOverride' || (by === 'nameOverride' ? !badNameOverride : !releaseNameProblem(this.releaseName));
    const badFullName = checked ? fullNameProblem(this.names.fullName) : undefined;
    if (badFullName) errors.push(`${by}: ${badFullName}`);
    if (props.podMonitors) errors.push(...podMonitorProblems(props.metrics));
    return errors;
  }
}
