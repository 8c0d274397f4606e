/**
 * From chart values to a `kind: KubernetesGhaRunnerScaleSet` spec document, for
 * `gha-rs convert`. What the spec format cannot say is listed, never dropped silently.
 */
import { CHART_CONTAINER_MODE, DEFAULT_ACCESS_MODE, SECRET_KEY, SPEC_API_VERSION, SPEC_KIND, VOLUME } from '../../constants';
import { isMap, truthy } from '../chart-fields';
import type { ContainerModeTypeName } from '../scale-set-spec';
import type { HelmRelease } from './to-props';
import { CHART_DEFAULT_VALUES, ValueMap } from './values';

/** A value the spec format cannot express, by its path in the values file. */
export interface Inexpressible {
  readonly path: string;
  readonly reason: string;
}

/** A credential of the values, which the spec reads from an environment variable instead of holding it. */
export interface MovedCredential {
  /** The variable the spec's `{fromEnv}` names. */
  readonly variable: string;
  /** The value to give it (never printed). */
  readonly value: string;
  /** Where the values held it, e.g. `githubConfigSecret.github_token`. */
  readonly from: string;
}

export interface ConvertedSpec {
  readonly document: ValueMap;
  readonly inexpressible: Inexpressible[];
  /** The credentials the spec reads with `{fromEnv}`: a converted spec holds none, so that it can be committed. */
  readonly credentials: MovedCredential[];
}

/**
 * The variable a converted spec reads a credential from: the release name in capitals with `_`
 * for other characters, then the key of the Secret the chart writes it into (`arc-runners`,
 * `github_token`: `ARC_RUNNERS_GITHUB_TOKEN`).
 */
export function credentialVariable(releaseName: string, secretKey: string): string {
  return `${releaseName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^(\d)/, '_$1')}_${secretKey.toUpperCase()}`;
}

const MODE: Record<string, ContainerModeTypeName> = {
  [CHART_CONTAINER_MODE.dind]: 'DIND',
  [CHART_CONTAINER_MODE.kubernetes]: 'KUBERNETES',
  [CHART_CONTAINER_MODE.kubernetesNoVolume]: 'KUBERNETES_NO_VOLUME',
};

/** Keys of a claim spec a spec file's `workVolumeClaim` (size, storageClass, accessModes) can say. */
const CLAIM_KEYS = ['accessModes', 'storageClassName', 'resources'];

/**
 * Converts checked, merged values (see `helmValuesToProps`) into a spec document. The
 * credentials of `githubConfigSecret` are not copied: the document reads each from an
 * environment variable named after the release (`credentials` lists them, with their values).
 */
export function helmValuesToSpec(v: ValueMap, release: HelmRelease): ConvertedSpec {
  const inexpressible: Inexpressible[] = [];
  const cannot = (path: string, reason: string) => inexpressible.push({ path, reason });
  const credentials: MovedCredential[] = [];
  const fromEnv = (key: string, value: string) => {
    const variable = credentialVariable(release.releaseName, key);
    credentials.push({ variable, value, from: `githubConfigSecret.${key}` });
    return { fromEnv: variable };
  };
  const spec: ValueMap = {};
  const set = (key: string, value: unknown) => {
    if (truthy(value)) spec[key] = value;
  };

  spec.namespace = truthy(v.namespaceOverride) ? v.namespaceOverride : release.namespace;
  spec.github = { configUrl: String(v.githubConfigUrl ?? '').replace(/\/+$/, ''), ...github(v.githubConfigSecret, cannot, fromEnv) };

  const scaling: ValueMap = {};
  if (typeof v.minRunners === 'number') scaling.minRunners = v.minRunners;
  if (typeof v.maxRunners === 'number') scaling.maxRunners = v.maxRunners;
  else cannot('maxRunners', 'is not set, so the chart sets no limit; spec files always have one (5 by default): set spec.scaling.maxRunners');
  if (Object.keys(scaling).length) spec.scaling = scaling;
  set('runnerGroup', v.runnerGroup);
  set('runnerScaleSetName', v.runnerScaleSetName);

  const cm = isMap(v.containerMode) ? v.containerMode : {};
  const containerMode: ValueMap = { type: MODE[String(cm.type ?? '')] ?? 'DEFAULT' };
  if (containerMode.type === 'KUBERNETES') {
    const claim = isMap(cm.kubernetesModeWorkVolumeClaim) ? cm.kubernetesModeWorkVolumeClaim : undefined;
    const volumes = isMap(v.template) && isMap(v.template.spec) && Array.isArray(v.template.spec.volumes) ? v.template.spec.volumes : [];
    const userWork = volumes.some((x) => isMap(x) && x.name === VOLUME.work);
    if (claim && !userWork) {
      const extra = Object.keys(claim).filter((k) => !CLAIM_KEYS.includes(k));
      const resources = isMap(claim.resources) ? claim.resources : {};
      const extraResources = Object.keys(resources).filter((k) => k !== 'requests');
      const size = isMap(resources.requests) ? resources.requests.storage : undefined;
      if (extra.length || extraResources.length) {
        cannot('containerMode.kubernetesModeWorkVolumeClaim', `sets ${[...extra, ...extraResources.map((k) => `resources.${k}`)].join(', ')}; spec files say only size, storageClass and accessModes (or give template.spec.volumes a "${VOLUME.work}" volume)`);
      }
      containerMode.workVolumeClaim = {
        ...(size !== undefined ? { size: String(size) } : {}),
        ...(claim.storageClassName ? { storageClass: claim.storageClassName } : {}),
        accessModes: Array.isArray(claim.accessModes) && claim.accessModes.length ? claim.accessModes : [DEFAULT_ACCESS_MODE],
      };
    }
  }
  if (truthy(cm.kubernetesModeAdditionalRoleRules)) containerMode.kubernetesModeAdditionalRoleRules = cm.kubernetesModeAdditionalRoleRules;
  spec.containerMode = containerMode;

  const csa = isMap(v.controllerServiceAccount) ? v.controllerServiceAccount : {};
  if (truthy(csa.name) && truthy(csa.namespace)) spec.controllerServiceAccount = { namespace: csa.namespace, name: csa.name };
  set('labels', v.labels);
  set('annotations', v.annotations);
  set('proxy', v.proxy);
  const tls = isMap(v.githubServerTLS) ? v.githubServerTLS : {};
  const ref = isMap(tls.certificateFrom) && isMap(tls.certificateFrom.configMapKeyRef) ? tls.certificateFrom.configMapKeyRef : undefined;
  if (ref) spec.githubServerTLS = { configMapName: ref.name, key: ref.key, ...(truthy(tls.runnerMountPath) ? { runnerMountPath: tls.runnerMountPath } : {}) };
  if (Array.isArray(v.scaleSetLabels)) set('scaleSetLabels', v.scaleSetLabels);
  set('listenerTemplate', v.listenerTemplate);
  set('listenerMetrics', v.listenerMetrics);
  if (isMap(v.keyVault) && truthy(v.keyVault.type)) set('keyVault', v.keyVault);
  set('resourceMeta', v.resourceMeta);
  if (JSON.stringify(v.template) !== JSON.stringify(CHART_DEFAULT_VALUES.template)) set('template', v.template);
  if (release.kubeVersion) spec.kubeVersion = release.kubeVersion;

  return {
    document: { apiVersion: SPEC_API_VERSION, kind: SPEC_KIND, metadata: { name: release.releaseName }, spec },
    inexpressible,
    credentials,
  };
}

/**
 * `githubConfigSecret` as the spec's `github` methods; each credential becomes `{fromEnv}`
 * (`move` records it), never copied nor quoted in a reason. The private key's variable holds the
 * PEM itself, which `fromEnv` reads as it reads its base64.
 */
function github(s: unknown, cannot: (path: string, reason: string) => void, move: (key: string, value: string) => { fromEnv: string }): ValueMap {
  if (typeof s === 'string') return { existingSecretName: s };
  const data = Object.fromEntries(Object.entries(isMap(s) ? s : {}).filter(([, x]) => truthy(x)).map(([k, x]) => [k, String(x)]));
  const known: string[] = Object.values(SECRET_KEY);
  const extra = Object.keys(data).filter((k) => !known.includes(k));
  if (extra.length) cannot('githubConfigSecret', `has keys ${extra.join(', ')}; spec files write only ${known.join(', ')} (or name an existing Secret with existingSecretName)`);
  if (data[SECRET_KEY.token] && data[SECRET_KEY.appId]) {
    cannot('githubConfigSecret', `sets both ${SECRET_KEY.token} and ${SECRET_KEY.appId}; spec files take one method (patToken or githubApp): the token is kept`);
  }
  if (data[SECRET_KEY.token]) return { patToken: { token: move(SECRET_KEY.token, data[SECRET_KEY.token]) } };
  return {
    githubApp: {
      appId: move(SECRET_KEY.appId, data[SECRET_KEY.appId] ?? ''),
      installationId: move(SECRET_KEY.installationId, data[SECRET_KEY.installationId] ?? ''),
      privateKeyBase64: move(SECRET_KEY.privateKey, data[SECRET_KEY.privateKey] ?? ''),
    },
  };
}
