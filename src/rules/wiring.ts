/**
 * How the scale sets and controllers of one run fit together, checked before anything is built
 * (so `validate` sees it too). Pure: no cdk8s.
 *
 * - A scale set that names no `controllerServiceAccount` uses the one controller of the run; with
 *   none it assumes ARC's default install (a warning), with two or more it must name one (an error).
 * - A scale set that names the ServiceAccount of a controller of the run uses that controller.
 * - A scale set outside the one namespace its controller watches is an error.
 * - A controller whose image tag is another major.minor than the ARC release this tool writes is an
 *   error: the controller reconciles only scale sets whose `app.kubernetes.io/version` has its own
 *   major.minor, and the CRDs written beside it are this release's.
 */
import { DEFAULT_CONTROLLER_SERVICE_ACCOUNT } from '../constants';
import { CONTROLLER_SPEC_KIND } from '../controller/constants';
import { ControllerNameOverrides, controllerFullName } from '../controller/naming';
import type { ServiceAccountRef } from '../k8s';
import { imageTagProblem } from './controller';
import type { RuleProblem } from './scale-set';
import type { Path } from './words';

/** What wiring reads of a scale set (a spec's or a Helm release's): its namespace and the controller ServiceAccount it names, if any. */
export interface ScaleSetWiring {
  readonly namespace: string;
  readonly controllerServiceAccount?: ServiceAccountRef;
}

/** What wiring reads of a controller (a `KubernetesGhaRunnerScaleSetController` spec or a Helm release's). */
export interface ControllerWiring extends ControllerNameOverrides {
  /** The release name. */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: { readonly name?: string };
  readonly flags: { readonly watchSingleNamespace?: string };
  readonly container: { readonly image: { readonly tag?: string } };
}

export interface SourcedScaleSet {
  readonly source: string;
  readonly spec: ScaleSetWiring;
}

export interface SourcedController {
  readonly source: string;
  readonly spec: ControllerWiring;
}

/** The ServiceAccount a controller spec runs as (the chart's `serviceAccountName`). */
export function controllerServiceAccount(c: ControllerWiring): ServiceAccountRef {
  return { name: c.serviceAccount.name || controllerFullName(c.name, c), namespace: c.namespace };
}

/** The controller of the run a scale set uses, if any. */
export function boundController<C extends SourcedController>(s: ScaleSetWiring, controllers: readonly C[]): C | undefined {
  const named = s.controllerServiceAccount;
  if (!named) return controllers.length === 1 ? controllers[0] : undefined;
  return controllers.find((c) => {
    const sa = controllerServiceAccount(c.spec);
    return sa.name === named.name && sa.namespace === named.namespace;
  });
}

export type Report = (source: string, path: Path, message: string) => void;

/** The fields wiring problems point at: a reader keeps their lines after it lets a document go. */
export const WIRING_FIELDS = {
  controllerServiceAccount: ['spec', 'controllerServiceAccount'],
  namespace: ['spec', 'namespace'],
  controllerImageTag: ['spec', 'container', 'image', 'tag'],
} as const satisfies Record<string, Path>;

/**
 * A scale set outside the one namespace its controller watches (`controller` describes it): the
 * controller would never see it. Checked here for spec files and Helm releases, and by the
 * `GhaRunnerScaleSet` construct for the controller it is given.
 */
export function watchedNamespaceProblem(namespace: string, watched: string | undefined, controller: string): RuleProblem {
  return watched && watched !== namespace ? `"${namespace}" is outside the one namespace its controller ${controller} watches: "${watched}"` : undefined;
}

const describeController = (c: SourcedController): string => {
  const sa = controllerServiceAccount(c.spec);
  return `"${c.spec.name}" (${c.source}; ServiceAccount ${sa.namespace}/${sa.name})`;
};

export function checkWiring(
  scaleSets: readonly SourcedScaleSet[],
  controllers: readonly SourcedController[],
  error: Report,
  warn: Report,
): void {
  for (const s of scaleSets) {
    const c = boundController(s.spec, controllers);
    if (!s.spec.controllerServiceAccount) {
      if (controllers.length === 0) {
        warn(s.source, WIRING_FIELDS.controllerServiceAccount, `not set: assuming the controller runs as ServiceAccount "${DEFAULT_CONTROLLER_SERVICE_ACCOUNT.name}" in namespace "${DEFAULT_CONTROLLER_SERVICE_ACCOUNT.namespace}" (ARC's default install); set it if yours differs, or add a ${CONTROLLER_SPEC_KIND} spec`);
      } else if (controllers.length > 1) {
        const options = controllers.map((x) => {
          const sa = controllerServiceAccount(x.spec);
          return `{namespace: ${sa.namespace}, name: ${sa.name}} for ${describeController(x)}`;
        });
        error(s.source, WIRING_FIELDS.controllerServiceAccount, `not set, but ${controllers.length} controllers are in the specs, so which one runs this scale set is ambiguous; name its ServiceAccount (allowed: ${options.join('; ')})`);
      }
    }
    const watched = c?.spec.flags.watchSingleNamespace;
    const outside = c ? watchedNamespaceProblem(s.spec.namespace, watched, describeController(c)) : undefined;
    if (outside) {
      error(s.source, WIRING_FIELDS.namespace, `${outside} (its flags.watchSingleNamespace); the controller would never see this scale set. Put the scale set in "${watched}" or change the controller's watchSingleNamespace`);
    }
  }
  for (const c of controllers) {
    const tag = c.spec.container.image.tag;
    if (tag === undefined) continue;
    const users = scaleSets.filter((s) => boundController(s.spec, controllers) === c).map((s) => s.source);
    const problem = imageTagProblem(tag, users.length ? `the scale sets it runs (${users.join(', ')})` : 'the scale sets this tool writes');
    if (problem) error(c.source, WIRING_FIELDS.controllerImageTag, problem);
  }
}
