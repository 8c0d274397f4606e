/**
 * A fleet: many scale set and controller specs synthesized in one run, one output file per
 * scale set and per controller, one Namespace object per namespace, ARC's CRDs in a file of
 * their own when a controller is written (read from disk only then), and no object written twice.
 */
import { App, Chart } from 'cdk8s';
import { OUTPUT } from '../constants';
import { GhaRunnerScaleSet, GhaRunnerScaleSetProps } from '../constructs/gha-runner-scale-set';
import type { SecretSealer } from '../constructs/secret-sealer';
import { SecretsOutput } from '../constructs/secrets-output';
import { CONTROLLER_OUTPUT } from '../controller/constants';
import { GhaRunnerScaleSetController } from '../controller/gha-runner-scale-set-controller';
import { controllerSpecToProps } from '../input/controller-to-props';
import type { LoadedControllerSpec, LoadedSpec } from '../input/load';
import { Problem, SpecError } from '../input/problems';
import { specToProps } from '../input/to-props';
import { boundController } from '../rules/wiring';
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

/** The file of one scale set's credentials Secret, in the `--secrets-dir` folder. */
export function secretFileName(namespace: string, name: string): string {
  return `${OUTPUT.secretFilePrefix}${namespace}.${name}${OUTPUT.extension}`;
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
export interface Unit {
  readonly source: string;
  readonly file: string;
  /** The file of its credentials Secret in `separate` mode. */
  readonly secretFile?: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly build: (chart: Chart, secretsOutput: SecretsOutput | undefined) => void;
}

/** How a run writes the Secrets that hold credentials. */
export type SecretsMode =
  /** Beside the scale set's other objects, in plain text (base64), as ARC's chart writes them. */
  | { readonly kind: 'inline' }
  /** In files of their own (`secretFiles`), for a folder kept out of git. */
  | { readonly kind: 'separate' }
  /** As SealedSecrets, beside the scale set's other objects. */
  | { readonly kind: 'sealed'; readonly sealer: SecretSealer };

/** What a run writes: the output folder's files, and the credentials Secrets' files in `separate` mode. */
export interface FleetOutput {
  readonly files: OutputFile[];
  readonly secretFiles: OutputFile[];
}

/** The units of a run, ready to build. */
export interface FleetUnits {
  readonly units: readonly Unit[];
  readonly withCrds: boolean;
}

const INLINE: SecretsMode = { kind: 'inline' };

/**
 * The units of spec files. A scale set that names no controller ServiceAccount is bound to the one
 * controller among `controllers` (see `rules/wiring.ts`; `loadSpecs` has checked the wiring).
 */
export function fleetUnits(specs: readonly LoadedSpec[], controllers: readonly LoadedControllerSpec[] = []): FleetUnits {
  const built = new Map<LoadedControllerSpec, GhaRunnerScaleSetController>();
  const units: Unit[] = [
    ...controllers.map((c): Unit => ({
      source: c.source,
      file: controllerFileName(c.spec.namespace, c.spec.name),
      namespace: c.spec.namespace,
      createNamespace: c.spec.createNamespace,
      build: (chart) => built.set(c, new GhaRunnerScaleSetController(chart, c.spec.name, { ...controllerSpecToProps(c.spec), createNamespace: false })),
    })),
    ...specs.map(({ source, spec }): Unit => ({
      source,
      file: scaleSetFileName(spec.namespace, spec.name),
      secretFile: secretFileName(spec.namespace, spec.name),
      namespace: spec.namespace,
      createNamespace: spec.createNamespace,
      build: (chart, secretsOutput) => {
        const bound = boundController(spec, controllers);
        new GhaRunnerScaleSet(chart, spec.name, {
          ...specToProps(spec),
          ...(bound ? { controller: built.get(bound), controllerServiceAccount: undefined } : {}),
          createNamespace: false,
          secretsOutput,
        });
      },
    })),
  ];
  return { units, withCrds: controllers.length > 0 };
}

/** The units of scale sets given as props. */
export function scaleSetUnits(entries: readonly ScaleSetEntry[]): FleetUnits {
  return {
    units: entries.map(({ source, name, props, createNamespace }) => ({
      source,
      file: scaleSetFileName(props.namespace, name),
      secretFile: secretFileName(props.namespace, name),
      namespace: props.namespace,
      createNamespace: createNamespace ?? false,
      build: (chart, secretsOutput) => new GhaRunnerScaleSet(chart, name, { ...props, createNamespace: false, secretsOutput }),
    })),
    withCrds: false,
  };
}

/**
 * Synthesizes every spec, credentials Secrets inline.
 * @throws SpecError naming both sources when two specs would write the same object
 */
export function synthesizeFleet(specs: readonly LoadedSpec[], controllers: readonly LoadedControllerSpec[] = []): OutputFile[] {
  const { units, withCrds } = fleetUnits(specs, controllers);
  return finishUnits(buildUnits(units, INLINE), withCrds).files;
}

/**
 * Synthesizes scale sets from props: one file per scale set, one Namespace object per
 * namespace to create, construct validation problems reported together.
 * @throws SpecError naming both sources when two scale sets would write the same object
 */
export function synthesizeScaleSets(entries: readonly ScaleSetEntry[]): OutputFile[] {
  return finishUnits(buildUnits(scaleSetUnits(entries).units, INLINE), false).files;
}

/**
 * Synthesizes units with their credentials Secrets written as `secrets` says. Synchronous but for
 * sealing, the one asynchronous step, which runs once every unit is built.
 * @throws SpecError as `synthesizeFleet`
 */
export function synthesizeWithSecrets({ units, withCrds }: FleetUnits, secrets: SecretsMode): FleetOutput | Promise<FleetOutput> {
  const built = buildUnits(units, secrets);
  if (secrets.kind === 'sealed') return secrets.sealer.seal().then(() => finishUnits(built, withCrds));
  return finishUnits(built, withCrds);
}

/** A unit's cdk8s app, its chart and, in `separate` mode, the chart of its credentials Secret. */
interface Built {
  readonly unit: Unit;
  readonly app: App;
  readonly chart: Chart;
  readonly secrets?: Chart;
}

/**
 * Each unit in a cdk8s app of its own: an app validates and resolves all its charts whenever
 * one is synthesized, so one app per unit keeps a fleet's cost linear.
 */
function buildUnits(units: readonly Unit[], mode: SecretsMode): Built[] {
  return units.map((unit) => {
    const app = new App({ outdir: '.', recordConstructMetadata: false });
    const chart = new Chart(app, 'Chart', { disableResourceNameHashes: true });
    const secrets = mode.kind === 'separate' ? new Chart(app, 'Secrets', { disableResourceNameHashes: true }) : undefined;
    const output = secrets ? SecretsOutput.separate(secrets) : mode.kind === 'sealed' ? SecretsOutput.sealed(mode.sealer) : undefined;
    unit.build(chart, output);
    return { unit, app, chart, secrets };
  });
}

function finishUnits(built: readonly Built[], withCrds: boolean): FleetOutput {
  const problems: Problem[] = [];
  const namespaces = new Set<string>();
  const seen = new Map<string, string>();
  const files: OutputFile[] = [];
  const secretFiles: OutputFile[] = [];
  for (const { unit, app, chart, secrets } of built) {
    if (unit.createNamespace) namespaces.add(unit.namespace);
    const messages = app.node.findAll().flatMap((c) => c.node.validate());
    problems.push(...messages.map((message) => ({ file: unit.source, path: '', message })));
    if (messages.length) continue;
    const objects = chart.toJson() as K8sObject[];
    const secretObjects = (secrets?.toJson() ?? []) as K8sObject[];
    for (const o of [...objects, ...secretObjects]) {
      const key = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
      const other = seen.get(key);
      if (other !== undefined) problems.push({ file: unit.source, path: '', message: `writes ${key}, which ${other} writes too; each object may come from one spec only` });
      else seen.set(key, unit.source);
    }
    files.push({ name: unit.file, content: toYaml(objects) });
    if (secretObjects.length) secretFiles.push({ name: unit.secretFile ?? unit.file, content: toYaml(secretObjects) });
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
  return { files: [...head, ...files], secretFiles };
}
