/**
 * Every fixed name, key, image, path and limit of the project, in one place.
 *
 * Values that mirror actions-runner-controller (ARC) are those of its
 * `gha-runner-scale-set` chart 0.14.2; the controller relies on several of them
 * (labels, annotations, finalizer) to find, adopt and tear down what we write.
 */

/** The ARC release whose chart output we reproduce. */
export const ARC_VERSION = '0.14.2';

/** Base name the chart appends to every object name (`<scaleSetName>-gha-rs-…`). */
export const BASE_NAME = 'gha-rs';

/** Suffixes the chart adds to `<scaleSetName>-gha-rs`. */
export const NAME_SUFFIX = {
  githubSecret: 'github-secret',
  noPermission: 'no-permission',
  kubeMode: 'kube-mode',
  manager: 'manager',
  runnerEgress: 'runner-egress',
} as const;

/** Label keys. */
export const LABEL = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  version: 'app.kubernetes.io/version',
  partOf: 'app.kubernetes.io/part-of',
  component: 'app.kubernetes.io/component',
  scaleSetName: 'actions.github.com/scale-set-name',
  scaleSetNamespace: 'actions.github.com/scale-set-namespace',
} as const;

/** Labels Helm's charts write over whatever values give (the chart and `Helm`): not ours to write, nor the user's. */
export const HELM_ONLY_LABELS: readonly string[] = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];

/** Label values. */
export const LABEL_VALUE = {
  partOf: BASE_NAME,
  componentRunnerSet: 'autoscaling-runner-set',
  componentManagerRole: 'manager-role',
  componentManagerRoleBinding: 'manager-role-binding',
  componentRunnerEgressPolicy: 'runner-egress-policy',
} as const;

/** Keys under this prefix belong to ARC: user labels never set them. */
export const ARC_KEY_PREFIX = 'actions.github.com/';

/** Annotation keys the controller reads to clean up what a scale set owns. */
export const ANNOTATION = {
  cleanupPrefix: 'actions.github.com/cleanup-',
  valuesHash: 'actions.github.com/values-hash',
  cleanupGithubSecret: 'actions.github.com/cleanup-github-secret-name',
  cleanupManagerRoleBinding: 'actions.github.com/cleanup-manager-role-binding',
  cleanupManagerRole: 'actions.github.com/cleanup-manager-role-name',
  cleanupKubeModeRoleBinding: 'actions.github.com/cleanup-kubernetes-mode-role-binding-name',
  cleanupKubeModeRole: 'actions.github.com/cleanup-kubernetes-mode-role-name',
  cleanupKubeModeServiceAccount: 'actions.github.com/cleanup-kubernetes-mode-service-account-name',
  cleanupNoPermissionServiceAccount: 'actions.github.com/cleanup-no-permission-service-account-name',
} as const;

/** Annotation keys of our own (not the chart's). */
export const OWN_ANNOTATION = {
  /**
   * On a SealedSecret: a keyed hash of its credentials, scope and sealing certificate. When it
   * matches, the next run keeps the previous encrypted data (sealing is randomized).
   */
  sealedFingerprint: 'gha-rs/sealed-fingerprint',
} as const;

/** Bitnami Sealed Secrets: the kind that replaces a credentials Secret with `--seal-cert`. */
export const SEALED_SECRET = {
  apiVersion: 'bitnami.com/v1alpha1',
  kind: 'SealedSecret',
  /** Sealed for any Secret name in its namespace (the only scope the sealing library supports). */
  namespaceWideAnnotation: 'sealedsecrets.bitnami.com/namespace-wide',
} as const;

/** External Secrets Operator: the kind written for `github.externalSecret`. */
export const EXTERNAL_SECRET = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  storeKinds: ['SecretStore', 'ClusterSecretStore'],
  defaultStoreKind: 'SecretStore',
  defaultRefreshInterval: '1h',
  creationPolicy: 'Owner',
} as const;

/** Finalizer the chart puts on every object the controller cleans up. */
export const CLEANUP_FINALIZER = 'actions.github.com/cleanup-protection';

/** Keys of the GitHub credentials Secret. */
export const SECRET_KEY = {
  token: 'github_token',
  appId: 'github_app_id',
  installationId: 'github_app_installation_id',
  privateKey: 'github_app_private_key',
} as const;

/** Container, volume and image names of the runner pod. */
export const CONTAINER = {
  runner: 'runner',
  dind: 'dind',
  initDindExternals: 'init-dind-externals',
  /** The job container of the pods the kubernetes modes' container hooks start. */
  job: 'job',
  /** The listener container of the pod the controller starts for a scale set. */
  listener: 'listener',
} as const;

export const VOLUME = {
  work: 'work',
  dindSock: 'dind-sock',
  dindExternals: 'dind-externals',
  githubServerTls: 'github-server-tls-cert',
  /** The hook extension ConfigMap, mounted in the runner of the kubernetes modes. */
  hookExtension: 'hook-extension',
} as const;

export const DEFAULT_RUNNER_IMAGE_REPOSITORY = 'ghcr.io/actions/actions-runner';
export const DEFAULT_RUNNER_IMAGE_TAG = 'latest';
export const DIND_IMAGE = 'docker:dind';

/** Paths inside the runner image. */
export const PATH = {
  runScript: '/home/runner/run.sh',
  work: '/home/runner/_work',
  externals: '/home/runner/externals',
  externalsSource: '/home/runner/externals/.',
  externalsCopyTarget: '/home/runner/tmpDir/',
  externalsCopyMount: '/home/runner/tmpDir',
  dockerSockDir: '/var/run',
  kubeHooks: '/home/runner/k8s/index.js',
  kubeNoVolumeHooks: '/home/runner/k8s-novolume/index.js',
} as const;

export const DOCKER_HOST = 'unix:///var/run/docker.sock';
export const DOCKER_GROUP_GID = '123';
export const RUNNER_WAIT_FOR_DOCKER_SECONDS = '120';

/** Environment variable names the chart injects unless the user set them. */
export const ENV = {
  dockerHost: 'DOCKER_HOST',
  runnerWaitForDocker: 'RUNNER_WAIT_FOR_DOCKER_IN_SECONDS',
  dockerGroupGid: 'DOCKER_GROUP_GID',
  containerHooks: 'ACTIONS_RUNNER_CONTAINER_HOOKS',
  podName: 'ACTIONS_RUNNER_POD_NAME',
  requireJobContainer: 'ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER',
  runnerImage: 'ACTIONS_RUNNER_IMAGE',
  nodeExtraCaCerts: 'NODE_EXTRA_CA_CERTS',
  runnerUpdateCaCerts: 'RUNNER_UPDATE_CA_CERTS',
  /** Where the container hooks read the job-pod template (the hook extension) from. */
  containerHookTemplate: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE',
} as const;

/**
 * The job pods the container hooks start, as far as Pod Security sees them (runner-container-hooks
 * 0.7 in the runner image's `k8s/`, 0.8 in its `k8s-novolume/`).
 */
export const HOOKS_JOB_POD = {
  /** The novolume hooks' init container, which copies externals and the workspace. */
  fsInit: 'fs-init',
  /** The novolume hooks' pod fsGroup, and the uid/gid of `fs-init`. */
  fsGroup: 1001,
  /** The novolume hooks' emptyDir volumes. */
  noVolumeVolumes: ['externals', 'github', 'work'],
} as const;

/**
 * The hook extension, as ARC 0.14.2's `gha-runner-scale-set-experimental` chart writes it: a
 * ConfigMap holding a job-pod template under one key, mounted beside the hook script, which the
 * container hooks merge into every job pod.
 */
export const HOOK_EXTENSION = {
  /** `<scale set name>-hook-extension`: the ConfigMap's name unless one is given. */
  nameSuffix: 'hook-extension',
  /** Its `app.kubernetes.io/component` label. */
  component: 'hook-extension',
  /** The ConfigMap key holding the template (mounted as a file with subPath). */
  key: 'extension',
  /** The file the template is mounted as, in the hook script's folder. */
  templateFile: 'hook-template.yaml',
  /** In a template, `$<name>` names a container the hooks create (`$job`: the job container) rather than one to add. */
  containerPrefix: '$',
} as const;

/**
 * The controller ServiceAccount of ARC's documented default install
 * (`helm install arc … -n arc-systems`), assumed when none is named.
 */
export const DEFAULT_CONTROLLER_SERVICE_ACCOUNT = { name: 'arc-gha-rs-controller', namespace: 'arc-systems' } as const;

export const DEFAULT_MIN_RUNNERS = 0;
export const DEFAULT_MAX_RUNNERS = 5;
export const DEFAULT_ACCESS_MODE = 'ReadWriteOnce';

/** The Kubernetes version targeted when none is given (the reference renders use 1.33). */
export const DEFAULT_KUBE_VERSION = '1.33.0';
/** From this minor on, DinD runs as a native sidecar (an init container with restartPolicy Always). */
export const NATIVE_SIDECAR_MIN_MINOR = 29;

/** Limits ARC and Kubernetes enforce. */
export const LIMIT = {
  /**
   * minRunners / maxRunners at most: the CRD gives no format, so the narrowest type that carries
   * them is taken, that of Kubernetes' replica counts (int32).
   */
  runnerCount: 2147483647,
  /** Bytes of all annotations of one object (keys and values), as the API server allows. */
  annotationBytes: 256 * 1024,
  scaleSetName: 45,
  dnsLabel: 63,
  scaleSetLabel: 256,
} as const;

/** The spec-file format we read (that of the Pulumi/Terraform modules we replace). */
export const SPEC_API_VERSION = 'kubernetes.project-planton.org/v1';
export const SPEC_KIND = 'KubernetesGhaRunnerScaleSet';

/** Output files. */
export const OUTPUT = {
  extension: '.k8s.yaml',
  namespacesFile: '00-namespaces.k8s.yaml',
  scaleSetFilePrefix: 'scale-set.',
  /** A credentials Secret written to the `--secrets-dir` folder. */
  secretFilePrefix: 'github-secret.',
  /** In the output folder: the names of the files gha-rs wrote there, the only ones it replaces or removes. */
  ownedList: '.gha-rs-files',
  /** In the output folder while a run writes it: who holds it (process id and host). */
  lock: '.gha-rs-lock',
  /** In the output folder while a run writes it: where the new files are written before they replace the old ones. */
  stagingPrefix: '.gha-rs-staging-',
} as const;

/** When a long synthesis asks V8 for a full collection (see src/heap.ts). */
export const HEAP_LIMIT = {
  /** Old generation in use, in bytes, past which garbage is collected. */
  collectAt: 128 * 1024 * 1024,
  /** Units between two looks at the old generation. */
  checkEvery: 50,
  /** Young generation size, in bytes, past which V8 is asked not to grow it (Node 20's V8 stops at 32 MiB, Node 24's at 128). */
  youngGenerationCap: 16 * 1024 * 1024,
} as const;

/** Limits on what gha-rs reads: far beyond any real spec or values file, low enough that no input can exhaust the machine. */
export const INPUT_LIMIT = {
  /** Bytes per spec or values file (4 MiB). */
  fileBytes: 4 * 1024 * 1024,
  /** Levels of nested maps and lists in one document. */
  nesting: 64,
} as const;

export const DEFAULT_SPEC_PATH = 'specs';
export const DEFAULT_OUT_DIR = 'dist';

/** The chart's `containerMode.type` values (empty or unset: the default mode). */
export const CHART_CONTAINER_MODE = {
  dind: 'dind',
  kubernetes: 'kubernetes',
  kubernetesNoVolume: 'kubernetes-novolume',
} as const;

/** The only key vault type the chart (and controller) 0.14.2 support. */
export const KEY_VAULT_TYPE = { azure: 'azure_key_vault' } as const;

/**
 * Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * as Kubernetes' Pod Security admission checks them at its `latest` version (1.34 rules).
 */
export const POD_SECURITY = {
  /** The levels, least strict first. */
  levels: ['privileged', 'baseline', 'restricted'],
  /** Namespace label keys of Pod Security admission; each takes a level. No `-version` label is written: `latest` applies. */
  labels: {
    enforce: 'pod-security.kubernetes.io/enforce',
    warn: 'pod-security.kubernetes.io/warn',
    audit: 'pod-security.kubernetes.io/audit',
  },
  /** Capabilities baseline lets a container add (Docker's default set). */
  baselineCapabilities: [
    'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
    'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
  ],
  /** The one capability restricted lets a container add. */
  restrictedCapability: 'NET_BIND_SERVICE',
  /** What restricted requires in `capabilities.drop`. */
  dropAll: 'ALL',
  /** The "safe" sysctls baseline allows. */
  sysctls: [
    'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
    'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
    'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
    'net.ipv4.tcp_keepalive_probes',
  ],
  /** SELinux types baseline allows ('' is unset). */
  seLinuxTypes: ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'],
  /** AppArmor profile types baseline allows. */
  appArmorTypes: ['RuntimeDefault', 'Localhost'],
  /** The deprecated per-container AppArmor annotation, and the values baseline allows in it. */
  appArmorAnnotationPrefix: 'container.apparmor.security.beta.kubernetes.io/',
  appArmorAnnotationRuntimeDefault: 'runtime/default',
  appArmorAnnotationLocalhostPrefix: 'localhost/',
  /** Seccomp profile types restricted requires (baseline forbids only `Unconfined`). */
  seccompTypes: ['RuntimeDefault', 'Localhost'],
  seccompUnconfined: 'Unconfined',
  procMountDefault: 'Default',
  /** Volume sources restricted allows. */
  restrictedVolumeSources: ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'],
  /** `spec.os.name` of a Windows pod: the Linux-only restricted checks skip it. */
  windows: 'windows',
} as const;

/**
 * The hardened runner: the user and groups of the actions-runner image (its Dockerfile creates
 * `runner` with uid 1001 and primary group 1001, in the `docker` group 123, which owns /home/runner).
 */
export const HARDENED_RUNNER = {
  runAsUser: 1001,
  runAsGroup: 1001,
  /** Volumes (the kubernetes mode's work claim) become writable by the image's docker group. */
  fsGroup: Number(DOCKER_GROUP_GID),
  seccompProfile: 'RuntimeDefault',
} as const;

/** The runner egress NetworkPolicy (`<scaleSet>-gha-rs-runner-egress`). */
export const EGRESS_POLICY = {
  /** The cloud instance metadata address (AWS, GCP, Azure, and others), always denied. */
  metadataCidr: '169.254.169.254/32',
  anyIpv4: '0.0.0.0/0',
  dnsPort: 53,
  /** The API server port assumed when only its address is given. */
  defaultApiServerPort: 443,
  /**
   * The `app.kubernetes.io/component` value the controller gives runner pods (ARC 0.14.2
   * `newEphemeralRunner` turns the runner set's `runner-set` into `runner`); with
   * `actions.github.com/scale-set-name: <AutoscalingRunnerSet name>` it selects them.
   */
  runnerComponent: 'runner',
} as const;

/** The charts of ARC 0.14.2 whose values `--helm-values` / `--helm-releases` read. */
export const HELM_CHART = {
  scaleSet: 'gha-runner-scale-set',
  controller: 'gha-runner-scale-set-controller',
  scaleSetExperimental: 'gha-runner-scale-set-experimental',
  controllerExperimental: 'gha-runner-scale-set-controller-experimental',
} as const;
export const HELM_CHARTS: readonly string[] = Object.values(HELM_CHART);

/**
 * ARC 0.14.2's `gha-runner-scale-set-experimental` chart: its object names are
 * `<scale set name>-<suffix>` (no `gha-rs` in between), each object carries its component label.
 */
export const EXPERIMENTAL = {
  nameSuffix: {
    githubSecret: 'github-secret',
    noPermission: 'no-permission',
    kubeMode: 'kube-mode',
    managerRole: 'manager-role',
  },
  component: {
    runnerSet: 'autoscaling-runner-set',
    githubSecret: 'github-secret',
    noPermissionServiceAccount: 'no-permission-serviceaccount',
    kubeModeServiceAccount: 'kube-mode-serviceaccount',
    kubeModeRole: 'kube-mode-role',
    kubeModeRoleBinding: 'kube-mode-role-binding',
    managerRole: 'manager-role',
    managerRoleBinding: 'manager-role-binding',
  },
  /** `runner.mode`: the empty mode is the runner container alone. */
  mode: { empty: '', kubernetes: 'kubernetes', dind: 'dind' },
  /** `secretResolution.type` that reads credentials from a Secret (the others are key vaults). */
  kubernetesSecrets: 'kubernetes',
  /** The one key vault type the chart knows. */
  azureKeyVault: 'azureKeyVault',
  /** The default of `runner.kubernetesMode.workVolumeClaim`, which user fields are merged onto. */
  workVolumeClaim: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-path', resources: { requests: { storage: '1Gi' } } },
  /** `runner.dind.waitForDockerInSeconds` when unset. */
  dockerWaitSeconds: 120,
  /** The dind container's startup probe unless `runner.dind.container.startupProbe` replaces it. */
  startupProbe: { exec: { command: ['docker', 'info'] }, initialDelaySeconds: 0, failureThreshold: 24, periodSeconds: 5 },
} as const;

/**
 * What Helm 3 and 4 write on a release's objects and keep as its record, which `gha-rs takeover`
 * removes: the field manager of its writes, its labels and annotations (the chart's
 * `helm.sh/chart` and `app.kubernetes.io/managed-by: Helm`, Helm's own ownership annotations), and
 * the labels of its release records (Secrets of type `helm.sh/release.v1`, or ConfigMaps with the
 * configmap driver).
 */
export const HELM = {
  fieldManager: 'helm',
  labels: ['helm.sh/chart', 'app.kubernetes.io/managed-by'],
  annotations: ['meta.helm.sh/release-name', 'meta.helm.sh/release-namespace'],
  releaseRecordLabels: (release: string) => `owner=helm,name=${release}`,
  releaseRecordKinds: 'secrets,configmaps',
} as const;

/** The field manager `kubectl apply --server-side` uses unless told otherwise, and `gha-rs takeover`'s default. */
export const KUBECTL_FIELD_MANAGER = 'kubectl';
