/**
 * src/rules/: each rule written once, called by every input path and by the constructs. This
 * file holds the rules of one scale set, each written once: ARC's and the chart's limits on runner counts,
 * names, labels and the Kubernetes version. Every path that makes a scale set calls them: the
 * spec reader (src/input/scale-set-spec.ts), the Helm values reader (src/input/helm/to-props.ts)
 * and the `GhaRunnerScaleSet` construct. A rule says what is wrong with a value, in words that
 * fit after the field's name; each caller names the field as its users write it (`spec.scaling.minRunners`,
 * `minRunners` in values, the `minRunners` prop) and may add what to do in its own terms.
 *
 * Pure: no cdk8s, no I/O.
 */
import { LIMIT, NATIVE_SIDECAR_MIN_MINOR } from '../constants';
import { DNS_LABEL_PATTERN } from '../controller/constants';
import { hasUserInfo } from './redact';
import { describe } from './words';

/** What is wrong with a value, to follow the name of its field; undefined when nothing is. */
export type RuleProblem = string | undefined;

/** What a `githubConfigUrl` must be. */
const CONFIG_URL = 'the URL of a repository, organization or enterprise, such as https://github.com/my-org';

/**
 * The GitHub URL the scale set registers with: https, github.com or a GitHub Enterprise Server
 * host, and an organization, repository or enterprise path; no credentials before "@" (they would
 * be written in plain text into the AutoscalingRunnerSet). Callers with a place for credentials
 * check `hasUserInfo` first to say where they go.
 */
export function githubConfigUrlProblem(url: unknown): RuleProblem {
  if (url === undefined || url === null || url === '') return `is required (${CONFIG_URL})`;
  if (typeof url !== 'string') return `must be a string (${CONFIG_URL}), found ${describe(url)}`;
  if (hasUserInfo(url)) return 'holds credentials before "@" (the value is hidden), which would be written in plain text into the AutoscalingRunnerSet; remove them and give the token as credentials';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${describe(url)} is not a URL (e.g. https://github.com/my-org or https://github.com/my-org/my-repo)`;
  }
  if (u.protocol !== 'https:') return `${describe(url)} must use https, found ${u.protocol.replace(':', '')}`;
  if (u.search || u.hash) return `${describe(url)} must not have a query or fragment`;
  const parts = u.pathname.split('/').filter(Boolean);
  const ok = parts[0] === 'enterprises' ? parts.length === 2 : parts.length === 1 || parts.length === 2;
  if (!ok) return `${describe(url)} path "${u.pathname}" must name an organization (/org), a repository (/org/repo) or an enterprise (/enterprises/slug)`;
  return undefined;
}

/** A runner count that is no whole number, below 0, or beyond the range the AutoscalingRunnerSet can carry. */
export function runnerCountProblem(key: 'minRunners' | 'maxRunners', n: unknown): RuleProblem {
  if (typeof n !== 'number' || !Number.isInteger(n)) return `must be a whole number, found ${describe(n)}`;
  if (n < 0) return `${n} is negative; ${key} must be 0 or more`;
  if (n > LIMIT.runnerCount) return `${n} is too large; ${key} must be at most ${LIMIT.runnerCount} (a 32-bit count, as Kubernetes' replica counts)`;
  return undefined;
}

/** minRunners above maxRunners (the field of the problem is minRunners); an unset count never conflicts. */
export function runnerRangeProblem(minRunners: number | undefined, maxRunners: number | undefined): RuleProblem {
  if (minRunners === undefined || maxRunners === undefined || minRunners <= maxRunners) return undefined;
  return `${minRunners} is more than maxRunners (${maxRunners}); minRunners must be at most maxRunners`;
}

/** The scale set's name (what `runs-on` names): 1 to 45 characters, ARC's limit. */
export function scaleSetNameProblem(name: string): RuleProblem {
  if (typeof name !== 'string') return `must be a string, found ${describe(name)}`;
  if (!name) return `is empty; allowed: a scale set name of 1 to ${LIMIT.scaleSetName} characters`;
  if (name.length > LIMIT.scaleSetName) return `"${name}" has ${name.length} characters; a scale set name has at most ${LIMIT.scaleSetName} (ARC's limit)`;
  return undefined;
}

/** The characters a scale set name the user sets may use (the chart's names are built from it). */
const SCALE_SET_NAME = /^[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** A scale set name given as such (not derived from another name): the length rule, then its characters. */
export function ownScaleSetNameProblem(name: string): RuleProblem {
  const length = scaleSetNameProblem(name);
  if (length) return length;
  if (!SCALE_SET_NAME.test(name)) return `"${name}" is not a valid scale set name; allowed: lowercase letters, digits, "-" and "_", starting and ending with a letter or digit`;
  return undefined;
}

/** The scale set's namespace: at most 63 characters. */
export function namespaceProblem(namespace: string): RuleProblem {
  if (namespace === undefined || namespace === null || namespace === '') return 'is required (the namespace of the scale set)';
  if (typeof namespace !== 'string') return `must be a string (the namespace of the scale set), found ${describe(namespace)}`;
  if (namespace.length > LIMIT.dnsLabel) return `"${namespace}" has ${namespace.length} characters; a namespace has at most ${LIMIT.dnsLabel}`;
  if (!DNS_LABEL_PATTERN.test(namespace)) return `"${namespace}" is not a valid namespace (lowercase letters, digits and "-", starting and ending with a letter or digit, at most ${LIMIT.dnsLabel} characters)`;
  return undefined;
}

/** What each of `scaleSetLabels` must be. */
const SCALE_SET_LABEL_RULE = `each label must be a non-empty string of less than ${LIMIT.scaleSetLabel} characters`;

/** One of `scaleSetLabels` (GitHub's limit); `found` describes a value that is no string. */
export function scaleSetLabelProblem(label: string, found?: string): RuleProblem {
  if (found !== undefined) return `must be a string, found ${found}; ${SCALE_SET_LABEL_RULE}`;
  if (!label) return `is empty; ${SCALE_SET_LABEL_RULE}`;
  if (label.length >= LIMIT.scaleSetLabel) return `has ${label.length} characters; ${SCALE_SET_LABEL_RULE}`;
  return undefined;
}

/** `1.33.0`, `v1.29`, `1.30.2-eks.1`: major.minor, an optional patch, an optional pre-release or build suffix (as Helm allows). */
const KUBE_VERSION = /^v?(\d+)\.(\d+)(\.\d+)?([-+][0-9A-Za-z.-]+)?$/;

/** The Kubernetes version the manifests target, such as `1.33.0` or `v1.29`. */
export function kubeVersionProblem(version: string): RuleProblem {
  return typeof version === 'string' && KUBE_VERSION.test(version) ? undefined : `"${version}" is not a Kubernetes version; allowed: a version such as 1.33.0`;
}

/** The minor version of `1.33.0` / `v1.28`; NaN for anything `kubeVersionProblem` refuses. */
export function kubeMinor(version: string): number {
  const m = KUBE_VERSION.exec(version);
  return m ? Number(m[2]) : NaN;
}

/** Whether the target Kubernetes runs init containers as native sidecars (1.29 on): DinD then runs as one. */
export function hasNativeSidecars(kubeVersion: string): boolean {
  return kubeMinor(kubeVersion) >= NATIVE_SIDECAR_MIN_MINOR;
}

/**
 * The `resourceMeta` entries whose annotations ARC 0.14.x merges its own into, with the object
 * it builds from each and the reconciler that builds it. ARC's `mergeAnnotations` copies into
 * a clone of the entry's annotations: with labels but no annotations that clone is a nil map,
 * and the reconciler panics ("assignment to entry in nil map") on every attempt, so the object
 * is never made. Checked in ARC's controllers/actions.github.com/resourcebuilder.go at tag
 * gha-runner-scale-set-0.14.2 (0.14.0 and 0.14.1 are the same).
 */
export const ANNOTATION_MERGING_META = {
  autoscalingListener: { builds: 'the AutoscalingListener', by: 'AutoscalingRunnerSet', outcome: 'no listener is ever started' },
  ephemeralRunnerSet: { builds: 'the EphemeralRunnerSet', by: 'AutoscalingRunnerSet', outcome: 'no runner is ever created' },
  ephemeralRunner: { builds: 'each EphemeralRunner', by: 'EphemeralRunnerSet', outcome: 'no runner is ever created' },
} as const;

/** Labels and annotations of one `resourceMeta` entry, as written (an empty map counts as none). */
export interface ResourceMetaEntry {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A `resourceMeta` entry that crashes ARC 0.14.x's controller: one ARC merges annotations into
 * ({@link ANNOTATION_MERGING_META}) that is written without an annotation (labels only; the
 * readers drop an entry with neither, a construct writes `{}` as given). The chart renders it as
 * given; the spec readers and the construct refuse it, Helm values are warned about.
 */
export function resourceMetaCrashProblem(key: string, entry: ResourceMetaEntry | undefined): RuleProblem {
  const merged = (ANNOTATION_MERGING_META as Record<string, typeof ANNOTATION_MERGING_META[keyof typeof ANNOTATION_MERGING_META]>)[key];
  if (!merged || !entry) return undefined;
  const count = (m: Readonly<Record<string, string>> | undefined) => Object.keys(m ?? {}).length;
  if (count(entry.annotations)) return undefined;
  return `has ${count(entry.labels) ? 'labels but ' : ''}no annotations, which crashes ARC 0.14.x: its ${merged.by} reconciler panics building ${merged.builds} `
    + `("assignment to entry in nil map" in mergeAnnotations) and ${merged.outcome}; `
    + `give it at least one annotation (any key and value; an empty annotations map is dropped and does not help), or remove ${count(entry.labels) ? 'its labels' : 'the entry'}`;
}
