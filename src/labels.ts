/**
 * Labels and annotations, ported from the chart's helpers. Pure functions.
 */
import { ANNOTATION, ARC_KEY_PREFIX, ARC_VERSION, HELM_ONLY_LABELS, LABEL, LABEL_VALUE } from './constants';

export type StringMap = Record<string, string>;

/** The chart's common labels (`gha-runner-scale-set.labels`), Helm-only ones left out. */
export function commonLabels(scaleSetName: string, namespace: string): StringMap {
  return {
    [LABEL.name]: scaleSetName,
    [LABEL.instance]: scaleSetName,
    [LABEL.version]: ARC_VERSION,
    [LABEL.partOf]: LABEL_VALUE.partOf,
    [LABEL.scaleSetName]: scaleSetName,
    [LABEL.scaleSetNamespace]: namespace,
  };
}

/** Is this a label key the chart keeps for itself (common labels, component, `actions.github.com/*`)? */
export function isReservedLabel(key: string): boolean {
  return key === LABEL.component || Object.values(LABEL).includes(key as never) || key.startsWith(ARC_KEY_PREFIX);
}

/** Is this an annotation key the chart keeps for itself on the AutoscalingRunnerSet? */
export function isReservedAnnotation(key: string): boolean {
  return key.startsWith(ANNOTATION.cleanupPrefix) || key === ANNOTATION.valuesHash;
}

/** User entries without the keys `reserved` rejects. */
export function withoutReserved(map: StringMap | undefined, reserved: (key: string) => boolean): StringMap {
  const out: StringMap = {};
  for (const [k, v] of Object.entries(map ?? {})) if (!reserved(k)) out[k] = String(v);
  return out;
}

/**
 * Labels of an object of the scale set: user labels first, then the common labels and the
 * object's component, which always win (the chart writes them last).
 */
export function objectLabels(user: readonly (StringMap | undefined)[], scaleSetName: string, namespace: string, component?: string): StringMap {
  const out: StringMap = {};
  for (const m of user) Object.assign(out, withoutReserved(m, isReservedLabel));
  Object.assign(out, commonLabels(scaleSetName, namespace));
  if (component) out[LABEL.component] = component;
  return out;
}

/** User annotations, merged in order, without ARC's own keys. */
export function objectAnnotations(user: readonly (StringMap | undefined)[]): StringMap {
  const out: StringMap = {};
  for (const m of user) Object.assign(out, withoutReserved(m, isReservedAnnotation));
  return out;
}

/** The experimental chart's filter of user labels and annotations: every `actions.github.com/*` key is dropped. */
export function withoutArcKeys(map: Record<string, unknown> | undefined): StringMap {
  const out: StringMap = {};
  for (const [k, v] of Object.entries(map ?? {})) if (!k.startsWith(ARC_KEY_PREFIX)) out[k] = String(v);
  return out;
}

/**
 * Labels of an object of the experimental chart: `resource.all` labels, then the object's own,
 * then its component and the common labels, which always win (Helm's own labels, which the chart
 * writes over the user's, are left out).
 */
export function experimentalLabels(global: Record<string, unknown> | undefined, own: Record<string, unknown> | undefined, name: string, namespace: string, component?: string): StringMap {
  const user = { ...withoutArcKeys(global), ...withoutArcKeys(own) };
  for (const k of HELM_ONLY_LABELS) delete user[k];
  return {
    ...user,
    ...(component ? { [LABEL.component]: component } : {}),
    ...commonLabels(name, namespace),
  };
}

/** Annotations of an object of the experimental chart: `resource.all` annotations, then the object's own. */
export function experimentalAnnotations(global: Record<string, unknown> | undefined, own?: Record<string, unknown>): StringMap {
  return { ...withoutArcKeys(global), ...withoutArcKeys(own) };
}
