/**
 * The `gha-runner-scale-set` chart's values: their types, the chart's default values.yaml of
 * 0.14.2, and Helm's merge of a user's values file over them. Pure functions, no I/O.
 */
import { CONTAINER, DEFAULT_RUNNER_IMAGE_REPOSITORY, DEFAULT_RUNNER_IMAGE_TAG, PATH, SECRET_KEY } from '../../constants';
import type { PodTemplate, PolicyRule } from '../../k8s';
import { isMap, ValueMap } from '../chart-fields';

export type { ValueMap };

/** Labels and annotations of one object (`resourceMeta.<object>`). */
export interface ChartResourceMeta {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface ChartProxyServer {
  readonly url?: string;
  readonly credentialSecretRef?: string;
}

export interface ChartProxy {
  readonly http?: ChartProxyServer;
  readonly https?: ChartProxyServer;
  readonly noProxy?: string[];
}

/**
 * The values the chart 0.14.2 reads. Everything is optional: a values file is merged over
 * {@link CHART_DEFAULT_VALUES} and checked field by field (see `./to-props`).
 */
export interface ChartValues {
  readonly githubConfigUrl?: string;
  /** An existing Secret's name, or the data of the Secret the chart creates. */
  readonly githubConfigSecret?: string | Record<string, string>;
  readonly proxy?: ChartProxy;
  readonly maxRunners?: number;
  readonly minRunners?: number;
  readonly runnerGroup?: string;
  readonly runnerScaleSetName?: string;
  readonly scaleSetLabels?: string[];
  readonly githubServerTLS?: {
    readonly certificateFrom?: { readonly configMapKeyRef?: { readonly name?: string; readonly key?: string } };
    readonly runnerMountPath?: string;
  };
  readonly keyVault?: {
    readonly type?: string;
    readonly proxy?: ChartProxy;
    readonly azureKeyVault?: { readonly url?: string; readonly tenantId?: string; readonly clientId?: string; readonly certificatePath?: string };
  };
  readonly listenerTemplate?: PodTemplate;
  readonly listenerMetrics?: ValueMap;
  readonly template?: PodTemplate;
  readonly containerMode?: {
    readonly type?: string;
    readonly kubernetesModeWorkVolumeClaim?: ValueMap;
    readonly kubernetesModeAdditionalRoleRules?: PolicyRule[];
  };
  readonly namespaceOverride?: string;
  readonly controllerServiceAccount?: { readonly name?: string; readonly namespace?: string };
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly resourceMeta?: Record<string, ChartResourceMeta>;
}

/** The top-level keys the chart reads. */
export const CHART_VALUE_KEYS: readonly (keyof ChartValues)[] = [
  'githubConfigUrl', 'githubConfigSecret', 'proxy', 'maxRunners', 'minRunners', 'runnerGroup', 'runnerScaleSetName',
  'scaleSetLabels', 'githubServerTLS', 'keyVault', 'listenerTemplate', 'listenerMetrics', 'template', 'containerMode',
  'namespaceOverride', 'controllerServiceAccount', 'labels', 'annotations', 'resourceMeta',
];

export { RESOURCE_META_KEYS } from '../chart-fields';

/**
 * The uncommented part of the chart's values.yaml (0.14.2), exactly: the chart's `values-hash`
 * covers these too (the reference renders' hashes check it).
 */
export const CHART_DEFAULT_VALUES: ChartValues = {
  githubConfigUrl: '',
  scaleSetLabels: [],
  githubConfigSecret: { [SECRET_KEY.token]: '' },
  template: {
    spec: {
      containers: [{
        name: CONTAINER.runner,
        image: `${DEFAULT_RUNNER_IMAGE_REPOSITORY}:${DEFAULT_RUNNER_IMAGE_TAG}`,
        command: [PATH.runScript],
      }],
    },
  },
  namespaceOverride: '',
};


/**
 * Helm's merge of user values over chart defaults: maps are merged key by key, anything else
 * (lists included) is replaced, and a `null` removes the default. Inputs are not modified.
 */
export function mergeValues(defaults: unknown, user: unknown): unknown {
  if (!isMap(defaults) || !isMap(user)) return user === undefined ? defaults : user;
  const out: ValueMap = { ...defaults };
  for (const [k, v] of Object.entries(user)) {
    if (v === null) delete out[k];
    else out[k] = k in defaults ? mergeValues(defaults[k], v) : stripNulls(v);
  }
  return out;
}

/** Helm drops `null` entries of maps that have no default to remove. */
function stripNulls(v: unknown): unknown {
  if (!isMap(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, stripNulls(x)]));
}

/** A values file merged over the chart's defaults. */
export function withChartDefaults(user: ValueMap): ValueMap {
  return mergeValues(CHART_DEFAULT_VALUES, user) as ValueMap;
}
