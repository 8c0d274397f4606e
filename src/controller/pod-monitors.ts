/**
 * PodMonitors (Prometheus Operator) for the controller's metrics and its listeners': selectors,
 * ports and paths as the pods carry them. The manager pod's labels are the chart's; the listener
 * pods are made by the controller at run time, in its own namespace, with the labels and the
 * `metrics` port ARC 0.14.2 gives them. Pure functions.
 */
import { LABEL } from '../constants';
import { JsonObject } from '../k8s';
import { StringMap } from '../labels';
import { CONTROLLER_LABEL_VALUE, CONTROLLER_METRICS_PATH, LISTENER_POD, MANAGER, METRICS_OFF, POD_MONITOR } from './constants';
import { controllerSelectorLabels } from './naming';
import type { ControllerMetrics } from './pod-spec';

/** The PodMonitors' options. */
export interface ControllerPodMonitorOptions {
  /**
   * Labels of the PodMonitors, beside the controller's: the ones your Prometheus' `podMonitorSelector`
   * matches (kube-prometheus-stack's default is `release: <its release name>`).
   * @default - the controller's labels only
   */
  readonly labels?: StringMap;
  /** How often Prometheus scrapes, e.g. `30s`. @default - the Prometheus' own scrape interval */
  readonly interval?: string;
}

export interface PodMonitorInput {
  readonly releaseName: string;
  readonly namespace: string;
  readonly nameOverride?: string;
  readonly fullName: string;
  /** The controller's labels (see `controllerLabels`). */
  readonly labels: StringMap;
  readonly metrics: ControllerMetrics;
  readonly options: ControllerPodMonitorOptions;
}

/** Whether the listeners serve metrics: the controller gives them none for an empty or `0` address. */
export function listenerMetricsOn(m: ControllerMetrics | undefined): boolean {
  return !!m && m.listenerAddr !== '' && m.listenerAddr !== METRICS_OFF.addr;
}

/** The labels of the manager pods that the controller's PodMonitor selects. */
export function controllerMetricsSelector(releaseName: string, namespace: string, nameOverride?: string): StringMap {
  return { ...controllerSelectorLabels(releaseName, namespace, nameOverride), [LABEL.component]: CONTROLLER_LABEL_VALUE.componentManager };
}

/** The labels of every listener pod of the scale sets a controller runs (in its namespace). */
export function listenerMetricsSelector(): StringMap {
  return { [LABEL.component]: LISTENER_POD.component, [LABEL.partOf]: LISTENER_POD.partOf };
}

/** The PodMonitor objects: the controller's, and the listeners' when they serve metrics. */
export function controllerPodMonitors(i: PodMonitorInput): JsonObject[] {
  const metadata = (name: string) => ({ name, namespace: i.namespace, labels: { ...i.labels, ...(i.options.labels ?? {}) } });
  const interval = i.options.interval ? { interval: i.options.interval } : {};
  const monitor = (name: string, selector: StringMap, endpoint: JsonObject): JsonObject => ({
    apiVersion: POD_MONITOR.apiVersion,
    kind: POD_MONITOR.kind,
    metadata: metadata(name),
    spec: { selector: { matchLabels: selector }, podMetricsEndpoints: [{ ...endpoint, ...interval }] },
  });
  const out = [monitor(i.fullName, controllerMetricsSelector(i.releaseName, i.namespace, i.nameOverride), { port: MANAGER.metricsPortName, path: CONTROLLER_METRICS_PATH })];
  if (listenerMetricsOn(i.metrics)) {
    // honorLabels: the listener's metrics carry the scale set's `namespace`, which the pod's (the controller's) would replace.
    out.push(monitor(`${i.fullName}-${POD_MONITOR.listenersSuffix}`, listenerMetricsSelector(), {
      port: LISTENER_POD.metricsPortName, path: i.metrics.listenerEndpoint, honorLabels: true,
    }));
  }
  return out;
}
