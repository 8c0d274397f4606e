/**
 * Spec files of ARC's experimental charts: a `KubernetesGhaRunnerScaleSet` (or
 * `KubernetesGhaRunnerScaleSetController`) whose `spec.experimentalChartValues` holds values of
 * `gha-runner-scale-set-experimental` (or `gha-runner-scale-set-controller-experimental`) 0.14.2.
 * They are read as `--helm-chart` reads those charts' values, with `metadata.name` as the release
 * name, `spec.namespace` as the release namespace and `spec.kubeVersion` as `--kube-version`; the
 * scale set's credentials may be read from outside (`{fromEnv}`, `{fromFile}`). This is what
 * `gha-rs convert` prints for those charts: the experimental charts' objects differ from the
 * classic chart's (names, labels, metadata of every object), which the other spec fields describe.
 */
import { SECRET_KEY } from '../constants';
import type { ExperimentalControllerProps } from '../controller/experimental';
import type { ExperimentalScaleSetProps } from '../constructs/experimental-scale-set';
import { Path, formatPath } from '../rules/words';
import { valuesHash } from '../values-hash';
import { copyValues, isMap, valueAt, ValueMap } from './chart-fields';
import { Checker, describe } from './checker';
import type { ControllerSpec } from './controller-spec';
import { credential, CredentialSources } from './credentials';
import { experimentalControllerValuesToProps, experimentalControllerWiring, withExperimentalControllerChartDefaults } from './helm/experimental-controller';
import { experimentalValuesToProps } from './helm/experimental-scale-set';
import { EXPERIMENTAL_CHART_DEFAULT_VALUES, withExperimentalChartDefaults } from './helm/experimental-values';
import { coalesceLikeHelm } from './helm/helm-yaml';
import type { HelmRelease } from './helm/to-props';

/** The spec field holding an experimental chart's values. */
export const EXPERIMENTAL_VALUES_FIELD = 'experimentalChartValues';

/** The spec fields read beside it. */
const SPEC_KEYS = ['namespace', 'kubeVersion', EXPERIMENTAL_VALUES_FIELD];

/**
 * The scale set chart's credential values, and the key of the Secret the chart writes each into
 * (which names the variable `convert` reads it from).
 */
export const EXPERIMENTAL_CREDENTIALS: readonly { readonly path: readonly string[]; readonly key: string; readonly what: string }[] = [
  { path: ['auth', 'githubToken'], key: SECRET_KEY.token, what: 'a GitHub token' },
  { path: ['auth', 'app', 'clientId'], key: SECRET_KEY.appId, what: 'the GitHub App\'s client ID' },
  { path: ['auth', 'app', 'installationId'], key: SECRET_KEY.installationId, what: 'the GitHub App\'s installation ID' },
  { path: ['auth', 'app', 'privateKey'], key: SECRET_KEY.privateKey, what: 'the GitHub App\'s private key (PEM)' },
];

/** Whether a spec document's `spec` is an experimental chart's (it holds `experimentalChartValues`). */
export function isExperimentalSpec(obj: Record<string, unknown>): boolean {
  return isMap(obj.spec) && (obj.spec as ValueMap)[EXPERIMENTAL_VALUES_FIELD] !== undefined;
}

/** What the rest of a run reads of an experimental scale set spec (wiring, take-over). */
export interface ExperimentalScaleSetHead {
  readonly name: string;
  /** The scale set's namespace (`namespaceOverride`, else the release's). */
  readonly namespace: string;
  /** The release namespace (`spec.namespace`), where Helm kept the release's records. */
  readonly releaseNamespace: string;
  readonly controllerServiceAccount: { readonly name: string; readonly namespace: string };
  /** Pod Security is the chart's business here: no level is asked for. */
  readonly podSecurity?: undefined;
}

/** The release a spec stands for, and its values with a checker whose paths are the spec's. */
function releaseOf(c: Checker, obj: Record<string, unknown>): { release: HelmRelease; values: ValueMap; vc: Checker } | undefined {
  const meta = c.map(obj.metadata, ['metadata'], ['name'], true) ?? {};
  const spec = c.map(obj.spec, ['spec'], SPEC_KEYS, true) ?? {};
  const releaseName = c.string(meta.name, ['metadata', 'name'], { required: true, what: 'the release name' });
  const namespace = c.string(spec.namespace, ['spec', 'namespace'], { required: true, what: 'the release namespace' });
  const kubeVersion = c.string(spec.kubeVersion, ['spec', 'kubeVersion']);
  const raw = spec[EXPERIMENTAL_VALUES_FIELD];
  if (!isMap(raw)) {
    c.error(['spec', EXPERIMENTAL_VALUES_FIELD], `must be a map of the chart's values, found ${describe(raw)}`);
    return undefined;
  }
  if (releaseName === undefined || namespace === undefined) return undefined;
  const vc = c.within(['spec', EXPERIMENTAL_VALUES_FIELD], { '--release': ['metadata', 'name'], '--namespace': ['spec', 'namespace'], '--kube-version': ['spec', 'kubeVersion'] });
  return { release: { releaseName, namespace, ...(kubeVersion ? { kubeVersion } : {}) }, values: copyValues(raw) as ValueMap, vc };
}

/**
 * An experimental scale set spec: its values read as the chart's (credentials first resolved
 * where the spec reads them from outside), and the props the construct takes. The values-hash is
 * the chart's of those values, so a spec `convert` made keeps the hash of the release it came from
 * (but where a credential was a number in the values: the spec reads it as a string).
 */
export function parseExperimentalScaleSetSpec(c: Checker, obj: Record<string, unknown>, sources: CredentialSources): { head: ExperimentalScaleSetHead; props: ExperimentalScaleSetProps } | undefined {
  const r = releaseOf(c, obj);
  if (!r) return undefined;
  const { release, values, vc } = r;
  const inline: string[] = [];
  for (const { path, what } of EXPERIMENTAL_CREDENTIALS) {
    const parent = valueAt(values, path.slice(0, -1));
    const key = path[path.length - 1];
    if (!isMap(parent)) continue;
    if (!isMap(parent[key])) {
      // a value as it is, read as the chart reads it
      if (typeof parent[key] === 'string' && parent[key] !== '' && key !== 'clientId') inline.push(formatPath(path as Path));
      continue;
    }
    const cred = credential(vc, parent[key], path as Path, what, sources);
    // a PEM read from outside ends with its newline, as a YAML block (`privateKey: |`) gives it and as spec files write it
    const pem = key === 'privateKey' && cred?.value.includes('-----BEGIN') ? '\n' : '';
    parent[key] = cred ? `${cred.value}${pem}` : '(not read)'; // the problem is said: the chart's own "required" would repeat it
  }
  if (inline.length) {
    const many = inline.length > 1;
    vc.warn(['auth'], `${inline.join(', ')} ${many ? 'are' : 'is'} written in the spec file itself; to commit the spec, read ${many ? 'them' : 'it'} from outside with {fromEnv: NAME} or {fromFile: PATH}`);
  }
  const hash = valuesHash(coalesceLikeHelm(EXPERIMENTAL_CHART_DEFAULT_VALUES, values));
  const props = experimentalValuesToProps(vc, withExperimentalChartDefaults(values), release, hash);
  return { head: { name: release.releaseName, namespace: props.namespace, releaseNamespace: release.namespace, controllerServiceAccount: props.controllerServiceAccount }, props };
}

/** An experimental controller spec: its values read as the chart's; `spec` is what wiring reads. */
export function parseExperimentalControllerSpec(c: Checker, obj: Record<string, unknown>): { spec: ControllerSpec; props: ExperimentalControllerProps } | undefined {
  const r = releaseOf(c, obj);
  if (!r) return undefined;
  const props = experimentalControllerValuesToProps(r.vc, withExperimentalControllerChartDefaults(r.values), r.release);
  return { spec: experimentalControllerWiring(props), props };
}
