/**
 * From values of ARC's experimental charts to spec documents, for `gha-rs convert`: the values
 * are carried whole into `spec.experimentalChartValues` (see ../experimental-spec.ts), the scale
 * set's credentials replaced with `{fromEnv}`. Nothing is left out, so nothing is listed as
 * inexpressible: what `gha-rs synth` makes of the spec is what it makes of the values.
 */
import { SPEC_API_VERSION, SPEC_KIND } from '../../constants';
import { CONTROLLER_SPEC_KIND } from '../../controller/constants';
import { copyValues, isMap, valueAt, ValueMap } from '../chart-fields';
import { EXPERIMENTAL_CREDENTIALS, EXPERIMENTAL_VALUES_FIELD } from '../experimental-spec';
import type { ConvertedSpec, MovedCredential } from './to-spec';
import { credentialVariable } from './to-spec';
import type { HelmRelease } from './to-props';

/** The spec of a release of either experimental chart, from the user's values (before the chart's defaults). */
export function experimentalValuesToSpec(user: ValueMap, release: HelmRelease, controller: boolean): ConvertedSpec {
  const values = copyValues(user);
  const credentials: MovedCredential[] = [];
  if (!controller) {
    for (const { path, key } of EXPERIMENTAL_CREDENTIALS) {
      const parent = valueAt(values, path.slice(0, -1));
      const last = path[path.length - 1];
      if (!isMap(parent)) continue;
      const value = parent[last];
      if (value === undefined || value === null || value === '' || typeof value === 'object') continue;
      const variable = credentialVariable(release.releaseName, key);
      credentials.push({ variable, value: String(value), from: path.join('.') });
      parent[last] = { fromEnv: variable };
    }
  }
  return {
    document: {
      apiVersion: SPEC_API_VERSION,
      kind: controller ? CONTROLLER_SPEC_KIND : SPEC_KIND,
      metadata: { name: release.releaseName },
      spec: { namespace: release.namespace, ...(release.kubeVersion ? { kubeVersion: release.kubeVersion } : {}), [EXPERIMENTAL_VALUES_FIELD]: values },
    },
    inexpressible: [],
    credentials,
  };
}
