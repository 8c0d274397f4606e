/**
 * A fleet: many scale set and controller specs synthesized in one run, one output file per
 * scale set and per controller, one Namespace object per namespace, ARC's CRDs in a file of
 * their own when a controller is written (read from disk only then), and no object written twice.
 */
import { App, Chart } from 'cdk8s';
import { OUTPUT } from '../constants';
import { GhaRunnerScaleSet, GhaRunnerScaleSetProps } from '../constructs/gha-runner-scale-set';
import { CONTROLLER_OUTPUT } from '../controller/constants';
import { GhaRunnerScaleSetController } from '../controller/gha-runner-scale-set-controller';
import { controllerSpecToProps } from '../input/controller-to-props';
import type { LoadedControllerSpec, LoadedSpec } from '../input/load';
import { Problem, SpecError } from '../input/problems';
import { specToProps } from '../input/to-props';
import { boundController, ScaleSetWiring } from '../rules/wiring';
import { toYaml } from './manifest-writer';

export interface OutputFile {
  readonly name: string;
  readonly content: string;
}

type K8sObject = { kind: string; metadata: { name: string; namespace?: string } };

/** The output file of one scale set. */
export function scaleSetFileName(namespace: string, name: string): string {
  return `${OUTPUT.scaleSetFilePrefix}${namespace}.${name}${OUTPUT.extension}`;
}

/** The output file of one controller. */
export function controllerFileName(namespace: string, name: string): string {
  return `${CONTROLLER_OUTPUT.controllerFilePrefix}${namespace}.${name}${OUTPUT.extension}`;
}

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

/** One output file's worth of constructs, built into a chart of its own. */
interface Unit {
  readonly source: string;
  readonly file: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly build: (chart: Chart) => void;
}

/**
 * Synthesizes every spec. A scale set that names no controller ServiceAccount is bound to the one
 * controller among `controllers` (see `rules/wiring.ts`; `loadSpecs` has checked the wiring).
 * @throws SpecError naming both sources when two specs would write the same object
 */
export function synthesizeFleet(specs: readonly LoadedSpec[], controllers: readonly LoadedControllerSpec[] = []): OutputFile[] {
  return synthesizeWired(specs.map(({ source, spec }) => ({
    source, name: spec.name, props: specToProps(spec), createNamespace: spec.createNamespace, wiring: spec,
  })), controllers);
}

/** A scale set and what wiring reads of it (see `rules/wiring.ts`). */
export interface WiredScaleSet extends ScaleSetEntry {
  readonly wiring: ScaleSetWiring;
}

/**
 * Synthesizes scale sets and controllers of one run, from whichever input (spec files, Helm
 * releases): a scale set bound to a controller of the run has its manager Role bound to that
 * controller's ServiceAccount; the wiring has been checked (`checkWiring`).
 * @throws SpecError naming both sources when two inputs would write the same object
 */
export function synthesizeWired(scaleSets: readonly WiredScaleSet[], controllers: readonly LoadedControllerSpec[] = []): OutputFile[] {
  const built = new Map<LoadedControllerSpec, GhaRunnerScaleSetController>();
  const units: Unit[] = [
    ...controllers.map((c): Unit => ({
      source: c.source,
      file: controllerFileName(c.spec.namespace, c.spec.name),
      namespace: c.spec.namespace,
      createNamespace: c.spec.createNamespace,
      build: (chart) => built.set(c, new GhaRunnerScaleSetController(chart, c.spec.name, { ...controllerSpecToProps(c.spec), createNamespace: false })),
    })),
    ...scaleSets.map(({ source, name, props, createNamespace, wiring }): Unit => ({
      source,
      file: scaleSetFileName(props.namespace, name),
      namespace: props.namespace,
      createNamespace: createNamespace ?? false,
      build: (chart) => {
        const bound = boundController(wiring, controllers);
        new GhaRunnerScaleSet(chart, name, {
          ...props,
          ...(bound ? { controller: built.get(bound), controllerServiceAccount: undefined } : {}),
          createNamespace: false,
        });
      },
    })),
  ];
  return synthesizeUnits(units, controllers.length > 0);
}

/**
 * Synthesizes scale sets from props: one file per scale set, one Namespace object per
 * namespace to create, construct validation problems reported together.
 * @throws SpecError naming both sources when two scale sets would write the same object
 */
export function synthesizeScaleSets(entries: readonly ScaleSetEntry[]): OutputFile[] {
  return synthesizeUnits(entries.map(({ source, name, props, createNamespace }) => ({
    source,
    file: scaleSetFileName(props.namespace, name),
    namespace: props.namespace,
    createNamespace: createNamespace ?? false,
    build: (chart) => new GhaRunnerScaleSet(chart, name, { ...props, createNamespace: false }),
  })), false);
}

/**
 * Each unit in a cdk8s app of its own: an app validates and resolves all its charts whenever
 * one is synthesized, so one app per unit keeps a fleet's cost linear.
 */
function synthesizeUnits(units: readonly Unit[], withCrds: boolean): OutputFile[] {
  const problems: Problem[] = [];
  const namespaces = new Set<string>();
  const seen = new Map<string, string>();
  const charts = units.map((u) => {
    const app = new App({ outdir: '.', recordConstructMetadata: false });
    const chart = new Chart(app, 'Chart', { disableResourceNameHashes: true });
    u.build(chart);
    if (u.createNamespace) namespaces.add(u.namespace);
    return { unit: u, app, chart };
  });
  const files: OutputFile[] = [];
  for (const { unit, app, chart } of charts) {
    const messages = app.node.findAll().flatMap((c) => c.node.validate());
    problems.push(...messages.map((message) => ({ file: unit.source, path: '', message })));
    if (messages.length) continue;
    const objects = chart.toJson() as K8sObject[];
    for (const o of objects) {
      const key = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
      const other = seen.get(key);
      if (other !== undefined) problems.push({ file: unit.source, path: '', message: `writes ${key}, which ${other} writes too; each object may come from one spec only` });
      else seen.set(key, unit.source);
    }
    files.push({ name: unit.file, content: toYaml(objects) });
  }
  if (problems.length) throw new SpecError(problems);
  const head: OutputFile[] = [];
  if (withCrds) {
    // Loaded here only: a run without a controller never reads the CRDs.
    const { crdsYaml } = require('../controller/crds') as typeof import('../controller/crds');
    head.push({ name: CONTROLLER_OUTPUT.crdsFile, content: crdsYaml() });
  }
  if (namespaces.size) {
    const objects = [...namespaces].sort().map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    head.push({ name: OUTPUT.namespacesFile, content: toYaml(objects) });
  }
  return [...head, ...files];
}
