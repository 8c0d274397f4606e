/**
 * src/synth/: from constructs to files: the fleet (one cdk8s App per output file), the manifest
 * writer, and the output folder, replaced all at once.
 *
 * This file: a fleet: many scale set and controller specs synthesized in one run, one output file per
 * scale set and per controller, one Namespace object per namespace, ARC's CRDs in a file of
 * their own when a controller is written (read from disk only then), and no object written twice.
 *
 * `fleetFiles` / `scaleSetFiles` make each file when it is asked for (for the output folder,
 * which writes it at once); `synthesizeFleet` / `synthesizeScaleSets` give them all as a list.
 */
import { ExperimentalScaleSetProps, GhaRunnerScaleSetExperimental } from '../constructs/experimental-scale-set';
import { GhaRunnerScaleSet, GhaRunnerScaleSetProps } from '../constructs/gha-runner-scale-set';
import { ExperimentalControllerProps, GhaRunnerScaleSetControllerExperimental } from '../controller/experimental';
import { GhaRunnerScaleSetController } from '../controller/gha-runner-scale-set-controller';
import { controllerSpecToProps } from '../input/controller-to-props';
import type { LoadedControllerSpec, LoadedExperimentalSpec, LoadedSpec } from '../input/load';
import { specToProps } from '../input/to-props';
import { boundController, ScaleSetWiring } from '../rules/wiring';
import { controllerFileName, scaleSetFileName, secretFileName } from './file-names';
import type { OutputFile } from './output';
import { HEAD_FILES } from './namespaces';
import { INLINE, NamespaceShare, Unit, unitFiles } from './units';

export { controllerFileName, scaleSetFileName, secretFileName } from './file-names';
export type { OutputFile } from './output';

/** One scale set to synthesize: its props, where they came from, and its release name. */
export interface ScaleSetEntry {
  /** The file (or `file#N`) the props come from, for messages. */
  readonly source: string;
  /** Release name: the construct id and the output file's name. */
  readonly name: string;
  readonly props: GhaRunnerScaleSetProps;
  /** Also write the Namespace object. @default false */
  readonly createNamespace?: boolean;
}

/**
 * The output files of every spec, each made when asked for. A scale set that names no controller
 * ServiceAccount is bound to the one controller among `controllers` (see `rules/wiring.ts`;
 * `loadSpecs` has checked the wiring).
 * @throws SpecError naming both sources when two specs would write the same object
 */
export function fleetFiles(specs: readonly (LoadedSpec | LoadedExperimentalSpec)[], controllers: readonly LoadedControllerSpec[] = [], notes: string[] = []): Iterable<OutputFile> {
  // props made one by one as the files are asked for: only one scale set's at a time
  const { units, withCrds } = fleetUnits(specs, controllers);
  return unitFiles(units, withCrds, INLINE, notes);
}

/** The units of every spec, for `fleetFiles` or for a run that writes credentials elsewhere (`unitFiles` with a mode). */
export function fleetUnits(specs: readonly (LoadedSpec | LoadedExperimentalSpec)[], controllers: readonly WiredController[] = []): FleetUnits {
  // props made one by one as the files are asked for: only one scale set's at a time
  const wired = function* (): Generator<WiredScaleSet | WiredExperimentalScaleSet> {
    for (const s of specs) {
      if ('experimental' in s) yield { source: s.source, name: s.spec.name, experimental: s.experimental, wiring: s.spec };
      else yield { source: s.source, name: s.spec.name, props: specToProps(s.spec), createNamespace: s.spec.createNamespace, wiring: s.spec };
    }
  };
  return wiredUnits(wired(), controllers);
}

/** The units of a run and whether it writes ARC's CRDs. */
export interface FleetUnits {
  readonly units: Iterable<Unit>;
  readonly withCrds: boolean;
}

/** A scale set and what wiring reads of it (see `rules/wiring.ts`). */
export interface WiredScaleSet extends ScaleSetEntry {
  readonly wiring: ScaleSetWiring;
}

/** A controller of a run: from a spec file, or a release of either controller chart (`experimental`: the experimental one's props). */
export interface WiredController extends LoadedControllerSpec {
  readonly experimental?: ExperimentalControllerProps;
}

/** A scale set of the experimental chart (`gha-runner-scale-set-experimental`), which names its controller's ServiceAccount. */
export interface WiredExperimentalScaleSet {
  readonly source: string;
  readonly name: string;
  readonly experimental: ExperimentalScaleSetProps;
  readonly wiring: ScaleSetWiring;
}

/**
 * The output files of scale sets and controllers of one run, from whichever input (spec files,
 * Helm releases), each made when asked for: a scale set bound to a controller of the run has its
 * manager Role bound to that controller's ServiceAccount. The wiring has been checked (`checkWiring`).
 * @throws SpecError naming both sources when two inputs would write the same object
 */
export function wiredFiles(scaleSets: Iterable<WiredScaleSet | WiredExperimentalScaleSet>, controllers: readonly WiredController[] = [], notes: string[] = []): Iterable<OutputFile> {
  const { units, withCrds } = wiredUnits(scaleSets, controllers);
  return unitFiles(units, withCrds, INLINE, notes);
}

/** The units of `wiredFiles`, each scale set's credentials Secret written where the unit's builder is told. */
export function wiredUnits(scaleSets: Iterable<WiredScaleSet | WiredExperimentalScaleSet>, controllers: readonly WiredController[] = []): FleetUnits {
  const built = new Map<LoadedControllerSpec, GhaRunnerScaleSetController>();
  const controllerUnits = controllers.map((c): Unit => ({
    source: c.source,
    file: controllerFileName(c.spec.namespace, c.spec.name),
    namespace: c.spec.namespace,
    createNamespace: c.spec.createNamespace,
    build: (chart) => {
      if (c.experimental) {
        const controller = new GhaRunnerScaleSetControllerExperimental(chart, c.spec.name, c.experimental);
        return { namespace: controller.namespace, pods: () => [] };
      }
      const controller = new GhaRunnerScaleSetController(chart, c.spec.name, { ...controllerSpecToProps(c.spec), createNamespace: false });
      built.set(c, controller);
      return { namespace: c.spec.namespace, pods: () => controller.pods, level: controller.podSecurityLevel };
    },
  }));
  // made one by one as the files are asked for: only one scale set's constructs at a time
  const scaleSetUnits = function* (): Generator<Unit> {
    for (const entry of scaleSets) {
      if ('experimental' in entry) {
        const { source, name, experimental: x } = entry;
        yield {
          source,
          file: scaleSetFileName(x.namespace, name),
          secretFile: secretFileName(x.namespace, name),
          namespace: x.namespace,
          createNamespace: false,
          build: (chart, secretsOutput) => {
            const s = new GhaRunnerScaleSetExperimental(chart, name, x, secretsOutput);
            const pods = s.pods;
            return { namespace: s.namespace, pods: () => pods };
          },
        };
        continue;
      }
      const { source, name, props, createNamespace, wiring } = entry;
      yield {
        source,
        file: scaleSetFileName(props.namespace, name),
        secretFile: secretFileName(props.namespace, name),
        namespace: props.namespace,
        createNamespace: createNamespace ?? false,
        build: (chart, secretsOutput) => {
          const bound = boundController(wiring, controllers);
          // an experimental controller is no construct a scale set can hold: its ServiceAccount is named instead
          const controller = bound?.experimental
            ? { controllerServiceAccount: { name: bound.experimental.serviceAccountName, namespace: bound.experimental.namespace } }
            : bound ? { controller: built.get(bound), controllerServiceAccount: undefined } : {};
          return share(new GhaRunnerScaleSet(chart, name, {
            ...props,
            ...controller,
            createNamespace: false,
            secretsOutput,
          }));
        },
      };
    }
  };
  return { units: concat(controllerUnits, scaleSetUnits()), withCrds: controllers.length > 0 };
}

/** What a scale set runs in its namespace, for its Pod Security level; its pod templates are held, not its constructs. */
function share(s: GhaRunnerScaleSet): NamespaceShare {
  const pods = s.pods;
  return { namespace: s.namespace, pods: () => pods, level: s.podSecurityLevel };
}

/**
 * The output files of scale sets given as props: one file per scale set, one Namespace object
 * per namespace to create, each made when asked for.
 * @throws SpecError naming both sources when two scale sets would write the same object
 */
export function scaleSetFiles(entries: readonly ScaleSetEntry[], notes: string[] = []): Iterable<OutputFile> {
  return unitFiles(entries.map(({ source, name, props, createNamespace }) => ({
    source,
    file: scaleSetFileName(props.namespace, name),
    namespace: props.namespace,
    createNamespace: createNamespace ?? false,
    build: (chart) => share(new GhaRunnerScaleSet(chart, name, { ...props, createNamespace: false })),
  })), false, INLINE, notes);
}

/** `fleetFiles` as a list, in file name order (namespaces and CRDs first). */
export function synthesizeFleet(specs: readonly (LoadedSpec | LoadedExperimentalSpec)[], controllers: readonly LoadedControllerSpec[] = [], notes: string[] = []): OutputFile[] {
  return inApplyOrder(fleetFiles(specs, controllers, notes));
}

/** `wiredFiles` as a list, in file name order (namespaces and CRDs first). */
export function synthesizeWired(scaleSets: readonly (WiredScaleSet | WiredExperimentalScaleSet)[], controllers: readonly LoadedControllerSpec[] = [], notes: string[] = []): OutputFile[] {
  return inApplyOrder(wiredFiles(scaleSets, controllers, notes));
}

/** `scaleSetFiles` as a list, in file name order (namespaces first). */
export function synthesizeScaleSets(entries: readonly ScaleSetEntry[], notes: string[] = []): OutputFile[] {
  return inApplyOrder(scaleSetFiles(entries, notes));
}

function* concat<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const p of parts) yield* p;
}

/** The files made last (namespaces, CRDs) first, as their names sort and as they are applied. */
export function inApplyOrder(files: Iterable<OutputFile>): OutputFile[] {
  const all = [...files];
  const heads = all.filter((f) => HEAD_FILES.includes(f.name));
  return [...heads, ...all.filter((f) => !heads.includes(f))];
}
