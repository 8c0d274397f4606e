/**
 * The rules of one controller, each written once: the chart's release name limit and its two
 * ServiceAccount failures, the metrics address, the ARC version its image runs, and what its
 * PodMonitors need. The spec
 * reader (src/input/controller-spec.ts), the Helm values reader (src/input/helm/controller.ts),
 * the wiring checks (src/rules/wiring.ts) and the `GhaRunnerScaleSetController` construct call
 * them. As in src/rules/scale-set.ts, a rule's words follow the field's name, which each caller
 * gives as its users write it.
 *
 * Pure: no cdk8s, no I/O.
 */
import { ARC_VERSION } from '../constants';
import { CONTROLLER_LIMIT, WORKQUEUE_RATE_LIMITERS, DNS_LABEL_PATTERN, FORBIDDEN_SERVICE_ACCOUNT_NAME, LABEL_VALUE_PATTERN, PROMETHEUS_DURATION_PATTERN } from '../controller/constants';
import { controllerName } from '../controller/naming';
import { listenerMetricsOn } from '../controller/pod-monitors';
import { ControllerMetrics, metricsPort } from '../controller/pod-spec';
import { ARC_MAJOR_MINOR, incompatibleTag } from '../controller/version';
import type { RuleProblem } from './scale-set';

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The release name every object name derives from: a DNS label of at most 53 characters (the chart's limit). */
export function releaseNameProblem(name: string): RuleProblem {
  if (RELEASE_NAME.test(name) && name.length <= CONTROLLER_LIMIT.releaseName) return undefined;
  return `"${name}" is not a valid release name (lowercase letters, digits and "-", starting and ending with a letter or digit, at most ${CONTROLLER_LIMIT.releaseName} characters)`;
}

/** `nameOverride`: the chart writes it, cut to 63 characters, as the app.kubernetes.io/name label. */
export function nameOverrideProblem(nameOverride: string): RuleProblem {
  if (LABEL_VALUE_PATTERN.test(controllerName(nameOverride))) return undefined;
  return `"${nameOverride}" is not a label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit): the chart writes it, cut to 63 characters, as the app.kubernetes.io/name label`;
}

/** The name every object of the controller takes (release name, `nameOverride`, `fullnameOverride`): a DNS label. */
export function fullNameProblem(fullName: string): RuleProblem {
  if (DNS_LABEL_PATTERN.test(fullName)) return undefined;
  return `gives the object names "${fullName}", which is not a valid name (lowercase letters, digits and "-", starting and ending with a letter or digit)`;
}

/** `serviceAccount.name`: never `default`, and required when the ServiceAccount is not created (the chart's two failures). */
export function serviceAccountNameProblem(name: string | undefined, create: boolean): RuleProblem {
  if (name === FORBIDDEN_SERVICE_ACCOUNT_NAME) return `"${name}" is not allowed: the controller chart refuses the namespace's default ServiceAccount; choose another name`;
  if (!create && !name) return 'is required when serviceAccount.create is false (the name of the existing ServiceAccount the controller runs as)';
  return undefined;
}

/**
 * `pprof.addr` and `flags.healthProbeBindAddress`: the chart makes a container port (or the probes'
 * port) of the digits the address ends in, so it must end in `:<port>`.
 */
export function listenAddrProblem(addr: string, example: string): RuleProblem {
  return metricsPort(addr) === undefined ? `"${addr}" must end in :<port> with a port from 1 to 65535, such as "${example}"` : undefined;
}

/** `flags.workqueueRateLimiter`: a name the manager knows; it exits on any other. */
export function workqueueRateLimiterProblem(name: string): RuleProblem {
  return (WORKQUEUE_RATE_LIMITERS as readonly string[]).includes(name)
    ? undefined
    : `"${name}" is not a workqueue rate limiter the controller knows (it would exit at start-up); allowed: ${WORKQUEUE_RATE_LIMITERS.join(', ')}`;
}

/** `metrics.controllerManagerAddr`: the chart makes the container port of what follows its last `:`. */
export function metricsAddrProblem(addr: string): RuleProblem {
  return metricsPort(addr) === undefined ? `"${addr}" must end in :<port> with a port from 1 to 65535, such as ":8080"` : undefined;
}

/**
 * An image tag that names another ARC major.minor than the one this tool writes: that controller
 * would not reconcile the scale sets (`scaleSets` names them, in the caller's terms).
 */
export function imageTagProblem(tag: string, scaleSets: string): RuleProblem {
  const other = incompatibleTag(tag);
  if (!other) return undefined;
  return `"${tag}" runs ARC ${other}, but ${scaleSets} carry app.kubernetes.io/version ${ARC_VERSION} and the controller reconciles only scale sets of its own major.minor; the CRDs and RBAC written with it are ${ARC_VERSION}'s too. Use a ${ARC_MAJOR_MINOR}.x tag, or leave the tag out for ${ARC_VERSION}`;
}

/**
 * PodMonitors need metrics to scrape, and, when the listeners serve theirs, a port and a path the
 * listeners' PodMonitor can name (ARC makes the `metrics` container port of the address's port).
 */
export function podMonitorProblems(metrics: ControllerMetrics | undefined): string[] {
  if (!metrics) return ['podMonitors need metrics: without metrics.controllerManagerAddr the controller and its listeners serve none'];
  const errors: string[] = [];
  if (listenerMetricsOn(metrics)) {
    if (metricsPort(metrics.listenerAddr) === undefined) errors.push(`metrics.listenerAddr "${metrics.listenerAddr}" must end in :<port> (1-65535), e.g. ":8080", for the listeners' PodMonitor to scrape it`);
    if (!metrics.listenerEndpoint.startsWith('/')) errors.push(`metrics.listenerEndpoint "${metrics.listenerEndpoint}" must be a path such as "/metrics", for the listeners' PodMonitor to scrape it`);
  }
  return errors;
}

/** A PodMonitor's scrape interval: a Prometheus duration. */
export function podMonitorIntervalProblem(interval: string): RuleProblem {
  return PROMETHEUS_DURATION_PATTERN.test(interval) ? undefined : `"${interval}" is not a Prometheus duration, such as "30s" or "1m30s"`;
}
