/**
 * The Helm options every command shares: `--helm-values FILE --release NAME --namespace NS
 * [--kube-version V] [--helm-chart NAME]` for one release, or `--helm-releases FILE` for many.
 */
import { HELM_CHART, HELM_CHARTS } from '../constants';
import { UserError } from '../errors';
import type { HelmReleaseInput } from '../input/helm/releases';
import { ParsedArgs } from './args';

const RELEASE_OPTIONS = ['release', 'namespace', 'kube-version', 'helm-chart'];

/** The releases the options name, or undefined when they name none (spec files then). */
export function helmReleasesOf(args: ParsedArgs): HelmReleaseInput[] | undefined {
  const { options } = args;
  const given = (keys: string[]) => keys.filter((k) => options[k] !== undefined).map((k) => `--${k}`);
  if (options['helm-releases'] !== undefined) {
    const extra = given(['helm-values', ...RELEASE_OPTIONS]);
    if (extra.length) throw new UserError(`--helm-releases lists every release with its chart, name, namespace and values; ${extra.join(', ')} cannot be added to it`, 2);
    if (args.files.length) throw new UserError('--helm-releases and -f cannot be combined: give either spec files or Helm releases', 2);
    const { readReleaseList } = require('../input/helm/releases') as typeof import('../input/helm/releases');
    return readReleaseList(options['helm-releases']);
  }
  if (options['helm-values'] === undefined) {
    const stray = given(RELEASE_OPTIONS);
    if (stray.length) throw new UserError(`${stray.join(', ')} only go with --helm-values`, 2);
    return undefined;
  }
  const missing = ['release', 'namespace'].filter((k) => !options[k]).map((k) => `--${k}`);
  if (missing.length) throw new UserError(`--helm-values needs ${missing.join(' and ')} (as helm template takes a release name and -n NAMESPACE)`, 2);
  if (args.files.length) throw new UserError('--helm-values and -f cannot be combined: give either spec files or one values file', 2);
  const chart = options['helm-chart'] ?? HELM_CHART.scaleSet;
  if (!HELM_CHARTS.includes(chart)) throw new UserError(`--helm-chart "${chart}" is not one of ARC's charts; allowed: ${HELM_CHARTS.join(', ')}`, 2);
  return [{
    chart,
    valuesFile: options['helm-values'],
    releaseName: options.release,
    namespace: options.namespace,
    ...(options['kube-version'] ? { kubeVersion: options['kube-version'] } : {}),
  }];
}
