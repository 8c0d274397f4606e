/**
 * From chart values (merged over the chart's defaults) to the construct's props, with the
 * chart's own failures as problems that name the values file and the value's path.
 * Nothing here renders: the construct does, the same one spec files use.
 */
import {
  CHART_CONTAINER_MODE, CONTAINER, DEFAULT_CONTROLLER_SERVICE_ACCOUNT, DEFAULT_KUBE_VERSION, DEFAULT_RUNNER_IMAGE_REPOSITORY,
  DEFAULT_RUNNER_IMAGE_TAG, SECRET_KEY, VOLUME,
} from '../../constants';
import { ContainerMode, ContainerModes } from '../../container-modes';
import { buildPodTemplate } from '../../container-modes/pod-template';
import { GhaRunnerScaleSetProps, GitHubServerTlsOptions } from '../../constructs/gha-runner-scale-set';
import { GitHubAuth } from '../../constructs/github-auth';
import { RunnerCount } from '../../constructs/runner-count';
import { Container, PodTemplate, Volume } from '../../k8s';
import { isMap, keyVault, podTemplate, policyRules, proxy, resourceMeta, runnerCount, scaleSetLabels, truthy } from '../chart-fields';
import { Checker, describe } from '../checker';
import { Path } from '../../rules/words';
import { suggest } from '../../rules/words';
import { hasUserInfo } from '../../rules/redact';
import { releaseNameProblem } from '../../rules/controller';
import { credentialWordProblem } from '../../rules/credentials';
import { cleanPath } from '../../go-template';
import {
  githubConfigUrlProblem, hasNativeSidecars, kubeVersionProblem, namespaceProblem, runnerRangeProblem, scaleSetNameProblem,
} from '../../rules/scale-set';
import { CHART_VALUE_KEYS, ValueMap } from './values';

/** What `helm template NAME -n NS --kube-version V` gives the chart besides its values. */
export interface HelmRelease {
  readonly releaseName: string;
  readonly namespace: string;
  /** @default '1.33.0' */
  readonly kubeVersion?: string;
}

/** The keys of `githubConfigSecret` that hold one word, and what each is. */
const WORD_KEYS: Record<string, string> = {
  [SECRET_KEY.token]: 'a GitHub personal access token',
  [SECRET_KEY.appId]: 'the GitHub App ID',
  [SECRET_KEY.installationId]: 'the installation ID',
};

const MODE_TYPES: readonly string[] = Object.values(CHART_CONTAINER_MODE);

/**
 * Maps merged chart values to props. Problems go to the checker; the props are usable only
 * when it has none.
 */
export function helmValuesToProps(c: Checker, v: ValueMap, release: HelmRelease): GhaRunnerScaleSetProps {
  for (const k of Object.keys(v)) {
    if ((CHART_VALUE_KEYS as readonly string[]).includes(k)) continue;
    const s = suggest(k, CHART_VALUE_KEYS);
    c.warn([k], `is not a value the chart 0.14.2 reads; ignored${s ? ` (did you mean "${s}"?)` : ''}`);
  }

  const scaleSetName = scaleSetNameOf(c, v, release);
  const namespace = namespaceOf(c, v, release);
  const githubConfigUrl = c.string(v.githubConfigUrl, ['githubConfigUrl'], {
    required: true, what: 'the URL of a repository, organization or enterprise, such as https://github.com/my-org',
  }) ?? '';
  if (hasUserInfo(githubConfigUrl)) {
    c.error(['githubConfigUrl'], `holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; remove them and give the token in githubConfigSecret.${SECRET_KEY.token}, or name an existing Secret in githubConfigSecret`);
  } else if (githubConfigUrl) {
    // the chart renders any string; the controller then fails to register the scale set
    const why = githubConfigUrlProblem(githubConfigUrl);
    if (why) c.error(['githubConfigUrl'], why);
  }

  const minRunners = runnerCount(c, v.minRunners, ['minRunners'], 'minRunners');
  const maxRunners = runnerCount(c, v.maxRunners, ['maxRunners'], 'maxRunners');
  const range = runnerRangeProblem(minRunners, maxRunners);
  if (range) c.error(['minRunners'], range);

  const cm = isMap(v.containerMode) ? v.containerMode : (c.map(v.containerMode, ['containerMode'], []), {});
  const type = c.string(cm.type, ['containerMode', 'type']) ?? '';
  if (type && !MODE_TYPES.includes(type)) {
    const s = suggest(type, MODE_TYPES);
    // The chart renders any other type as the default mode (its own test values use `none`): so do we, loudly.
    c.warn(['containerMode', 'type'], `${describe(type)} is not a container mode${s ? ` (did you mean "${s}"?)` : ''}, so the default mode (the runner alone) is written, as the chart does; allowed: ${MODE_TYPES.join(', ')}, or empty for the default mode`);
  }
  const template = podTemplate(c, v.template, ['template']) ?? {};
  const kubeVersion = release.kubeVersion ?? DEFAULT_KUBE_VERSION;
  const badKubeVersion = kubeVersionProblem(kubeVersion);
  if (badKubeVersion) c.error(['--kube-version'], badKubeVersion);
  const mode = containerMode(c, cm, type, template);
  const githubServerTls = serverTls(c, v.githubServerTLS);
  checkRunnerPod(c, template, mode, githubServerTls, hasNativeSidecars(kubeVersion));

  const csa = isMap(v.controllerServiceAccount) ? v.controllerServiceAccount : {};
  const csaName = c.string(csa.name, ['controllerServiceAccount', 'name']);
  const csaNamespace = c.string(csa.namespace, ['controllerServiceAccount', 'namespace']);
  if (!csaName || !csaNamespace) {
    c.warn(['controllerServiceAccount'], `${!csaName && !csaNamespace ? 'not set' : `${csaName ? 'namespace' : 'name'} not set`}: the chart would look up the controller Deployment in the cluster; `
      + `assuming ServiceAccount "${csaName || DEFAULT_CONTROLLER_SERVICE_ACCOUNT.name}" in namespace "${csaNamespace || DEFAULT_CONTROLLER_SERVICE_ACCOUNT.namespace}" (ARC's default install); set controllerServiceAccount.name and .namespace if yours differs`);
  }

  return {
    releaseName: release.releaseName,
    namespace,
    ...(truthy(v.runnerScaleSetName) ? { scaleSetName } : {}),
    githubConfigUrl,
    auth: auth(c, v.githubConfigSecret),
    minRunners: minRunners ?? RunnerCount.unset(),
    maxRunners: maxRunners ?? RunnerCount.unset(),
    runnerGroup: truthy(v.runnerGroup) ? c.string(v.runnerGroup, ['runnerGroup']) : undefined,
    containerMode: mode,
    controllerServiceAccount: {
      name: csaName || DEFAULT_CONTROLLER_SERVICE_ACCOUNT.name,
      namespace: csaNamespace || DEFAULT_CONTROLLER_SERVICE_ACCOUNT.namespace,
    },
    labels: c.stringMap(v.labels, ['labels']),
    annotations: c.stringMap(v.annotations, ['annotations']),
    scaleSetLabels: Array.isArray(v.scaleSetLabels) ? scaleSetLabels(c, v.scaleSetLabels, ['scaleSetLabels']) : undefined,
    proxy: proxy(c, v.proxy, ['proxy']),
    githubServerTls,
    vaultConfig: keyVault(c, v.keyVault, ['keyVault']),
    listenerTemplate: podTemplate(c, v.listenerTemplate, ['listenerTemplate']),
    listenerMetrics: truthy(v.listenerMetrics) ? c.map(v.listenerMetrics, ['listenerMetrics'], ['counters', 'gauges', 'histograms']) as never : undefined,
    resourceMeta: resourceMeta(c, v.resourceMeta, ['resourceMeta'], 'warn'),
    // warned about above; the chart renders it as given
    allowArcCrashingResourceMeta: true,
    template,
    kubeVersion,
  };
}

/** `runnerScaleSetName`, else the release name: 1 to 45 characters. */
function scaleSetNameOf(c: Checker, v: ValueMap, release: HelmRelease): string {
  const own = truthy(v.runnerScaleSetName);
  const name = own ? c.name(v.runnerScaleSetName, ['runnerScaleSetName']) : release.releaseName;
  if (name === undefined) return '';
  const path = own ? ['runnerScaleSetName'] : ['--release'];
  const problem = scaleSetNameProblem(name);
  if (problem) c.error(path, `${problem}${own || !name ? '' : ': use a shorter release name or set runnerScaleSetName'}`);
  // Helm refuses such a release name; it would name every object (a token pasted there included)
  const badRelease = problem && !own ? undefined : releaseNameProblem(release.releaseName);
  if (badRelease) c.error(['--release'], badRelease);
  return name;
}

/** `namespaceOverride`, else the release namespace: at most 63 characters. */
export function namespaceOf(c: Checker, v: ValueMap, release: HelmRelease): string {
  const own = truthy(v.namespaceOverride);
  const ns = own ? c.name(v.namespaceOverride, ['namespaceOverride']) : release.namespace;
  if (ns === undefined) return '';
  const problem = namespaceProblem(ns);
  if (problem) c.error(own ? ['namespaceOverride'] : ['--namespace'], problem);
  return ns;
}

/**
 * `githubConfigSecret`: an existing Secret's name, or the data of the Secret to create.
 * Values are secrets: messages name keys, never values.
 */
function auth(c: Checker, s: unknown): GitHubAuth {
  const path = ['githubConfigSecret'];
  const tagged = [path, ...(isMap(s) ? Object.keys(s).map((k) => [...path, k]) : [])].filter((p) => c.hasTag(p));
  for (const p of tagged) c.error(p, 'has a YAML tag ("!" before the value), which changes what is read; write the value without one');
  if (tagged.length) return GitHubAuth.secretData({});
  const what = `the name of an existing Secret, or a map with ${SECRET_KEY.token}, or with ${SECRET_KEY.appId}, ${SECRET_KEY.installationId} and ${SECRET_KEY.privateKey}`;
  if (typeof s === 'string' && s !== '') return GitHubAuth.existingSecret(c.dnsSubdomain(s, path, true) ?? s);
  if (!isMap(s)) {
    c.error(path, s === undefined || s === null || s === '' ? `is required; allowed: ${what}` : `must be ${what}; found ${Array.isArray(s) ? 'a list' : typeof s}`);
    return GitHubAuth.secretData({});
  }
  const data: Record<string, string> = {};
  for (const [k, raw] of Object.entries(s)) {
    if (raw === undefined || raw === null || raw === '' || raw === false) continue;
    const value = c.string(raw, [...path, k]);
    // a token or an ID must be one word (the chart writes anything; GitHub refuses it later)
    const what = WORD_KEYS[k];
    const problem = value && what ? credentialWordProblem(value, what) : undefined;
    if (problem) c.error([...path, k], problem);
    if (value) data[k] = value;
  }
  if (!data[SECRET_KEY.token] && !data[SECRET_KEY.appId]) {
    const keys = Object.keys(data);
    c.error(path, `has neither ${SECRET_KEY.token} nor ${SECRET_KEY.appId} set (${keys.length ? `found: ${keys.join(', ')}` : 'found no key with a value'}); allowed: ${what}`);
  } else if (data[SECRET_KEY.appId]) {
    const missing = [SECRET_KEY.installationId, SECRET_KEY.privateKey].filter((k) => !data[k]);
    if (missing.length) c.error(path, `sets ${SECRET_KEY.appId} but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing or empty; a GitHub App needs ${SECRET_KEY.appId}, ${SECRET_KEY.installationId} and ${SECRET_KEY.privateKey}`);
  }
  return GitHubAuth.secretData(data);
}

function serverTls(c: Checker, v: unknown): GitHubServerTlsOptions | undefined {
  if (!truthy(v)) return undefined;
  const path = ['githubServerTLS'];
  const t = c.map(v, path, ['certificateFrom', 'runnerMountPath']) ?? {};
  const ref = isMap(t.certificateFrom) && isMap(t.certificateFrom.configMapKeyRef) ? t.certificateFrom.configMapKeyRef : {};
  const refPath = [...path, 'certificateFrom', 'configMapKeyRef'];
  const configMapName = c.dnsSubdomain(ref.name, [...refPath, 'name'], true);
  const key = c.string(ref.key, [...refPath, 'key'], { required: true, what: 'the key of the CA certificate in the ConfigMap' });
  const runnerMountPath = truthy(t.runnerMountPath) ? c.string(t.runnerMountPath, [...path, 'runnerMountPath']) : undefined;
  if (!configMapName || !key) return undefined;
  return { configMapName, key, ...(runnerMountPath ? { runnerMountPath } : {}) };
}

function containerMode(c: Checker, cm: ValueMap, type: string, template: PodTemplate): ContainerMode {
  const rules = policyRules(c, cm.kubernetesModeAdditionalRoleRules, ['containerMode', 'kubernetesModeAdditionalRoleRules']);
  switch (type) {
    case CHART_CONTAINER_MODE.dind: return ContainerModes.dind();
    case CHART_CONTAINER_MODE.kubernetesNoVolume: return ContainerModes.kubernetesNoVolume({ additionalRoleRules: rules });
    case CHART_CONTAINER_MODE.kubernetes: {
      const claim = cm.kubernetesModeWorkVolumeClaim;
      const userWork = (template.spec?.volumes ?? []).some((x) => x?.name === VOLUME.work);
      if (!truthy(claim) && !userWork) {
        c.error(['containerMode', 'kubernetesModeWorkVolumeClaim'], `is required when containerMode.type is ${CHART_CONTAINER_MODE.kubernetes} (a PersistentVolumeClaim spec: accessModes, storageClassName, resources.requests.storage), unless template.spec.volumes has a volume named "${VOLUME.work}"`);
      }
      if (truthy(claim) && !isMap(claim)) c.error(['containerMode', 'kubernetesModeWorkVolumeClaim'], `must be a map (a PersistentVolumeClaim spec), found ${describe(claim)}`);
      const spec = isMap(claim) ? claim : {};
      return ContainerModes.kubernetes({ workVolumeClaim: { spec }, additionalRoleRules: rules });
    }
    default: return ContainerModes.default();
  }
}

/**
 * The runner pod must be one Kubernetes accepts: a `runner` container with an image, named
 * containers, unique names, and every mount naming a volume of the pod.
 */
function checkRunnerPod(c: Checker, template: PodTemplate, mode: ContainerMode, tls: GitHubServerTlsOptions | undefined, nativeSidecar: boolean): void {
  const spec = template.spec ?? {};
  const base: Path = ['template', 'spec'];
  const containers = (c.list(spec.containers, [...base, 'containers']) ?? []) as Container[];
  const initContainers = (c.list(spec.initContainers, [...base, 'initContainers']) ?? []) as Container[];
  const volumes = (c.list(spec.volumes, [...base, 'volumes']) ?? []) as Volume[];
  let ok = true;
  const named = (list: Container[] | Volume[], key: string) => list.forEach((x, i) => {
    if (!isMap(x) || typeof x.name !== 'string' || !x.name) {
      c.error([...base, key, i, 'name'], `is required (found ${describe(isMap(x) ? x.name : x)}); every ${key === 'volumes' ? 'volume' : 'container'} needs a name`);
      ok = false;
    }
  });
  named(containers, 'containers');
  named(initContainers, 'initContainers');
  named(volumes, 'volumes');
  if (!ok) return;
  const runnerIndex = containers.findIndex((x) => x.name === CONTAINER.runner);
  if (runnerIndex < 0) {
    c.error([...base, 'containers'], `has no container named "${CONTAINER.runner}" (found ${containers.length ? containers.map((x) => `"${x.name}"`).join(', ') : 'none'}); the chart builds the runner pod around it`);
    return;
  }
  if (!containers[runnerIndex].image) {
    c.error([...base, 'containers', runnerIndex, 'image'], `is required: the runner container needs an image, such as ${DEFAULT_RUNNER_IMAGE_REPOSITORY}:${DEFAULT_RUNNER_IMAGE_TAG}`);
  }

  const pod = buildPodTemplate({
    template,
    mode,
    serviceAccountName: '',
    tls: tls?.runnerMountPath ? { configMapName: tls.configMapName, key: tls.key, certificatePath: cleanPath(`${tls.runnerMountPath}/${tls.key}`) } : undefined,
    nativeSidecar,
  }).spec ?? {};
  const podVolumes = (pod.volumes ?? []).map((x) => x.name);
  volumes.forEach((x, i) => {
    if (podVolumes.filter((n) => n === x.name).length > 1) c.error([...base, 'volumes', i, 'name'], `"${x.name}" names another volume of the pod too (the container mode adds some itself); volume names must be unique`);
  });
  const podContainers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])].map((x) => x.name);
  const userContainer = (name: string): Path => {
    const i = containers.findIndex((x) => x.name === name);
    return i >= 0 ? [...base, 'containers', i] : [...base, 'initContainers', initContainers.findIndex((x) => x.name === name)];
  };
  for (const name of new Set(podContainers)) {
    if (podContainers.filter((n) => n === name).length > 1) c.error([...userContainer(name), 'name'], `"${name}" names another container of the pod too; container names must be unique`);
  }
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    (container.volumeMounts ?? []).forEach((m) => {
      if (podVolumes.includes(m.name)) return;
      const path = userContainer(container.name);
      const user = containers.find((x) => x.name === container.name) ?? initContainers.find((x) => x.name === container.name);
      const j = (user?.volumeMounts ?? []).findIndex((x) => x.name === m.name);
      // A warning, not an error: the chart renders it (its own test values do this), but the API server will refuse such pods.
      c.warn(j >= 0 ? [...path, 'volumeMounts', j, 'name'] : path, `mounts "${m.name}", which is not a volume of the pod (volumes: ${[...new Set(podVolumes)].join(', ') || 'none'}): Kubernetes will refuse the runner pods; add it to template.spec.volumes`);
    });
  }
}
