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
import { NamespacePods, PodSecurityClaim, namespacePodSecurity, podSecurityLabels, podSecurityLevel } from '../rules/pod-security';
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

/** The pods a unit runs in one namespace (read once every unit is built), and the level its spec asks for. */
interface NamespaceShare {
  readonly namespace: string;
  readonly pods: () => readonly NamespacePods[];
  readonly level?: PodSecurityClaim['level'];
}

/** One output file's worth of constructs, built into a chart of its own. */
interface Unit {
  readonly source: string;
  readonly file: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly build: (chart: Chart) => NamespaceShare;
}

/** The spec field that asks for a namespace's Pod Security level. */
const LEVEL_FIELD = 'spec.podSecurity.level';

/**
 * Synthesizes every spec. A scale set that names no controller ServiceAccount is bound to the one
 * controller among `controllers` (see `rules/wiring.ts`; `loadSpecs` has checked the wiring).
 * @throws SpecError naming both sources when two specs would write the same object
 */
export function synthesizeFleet(specs: readonly LoadedSpec[], controllers: readonly LoadedControllerSpec[] = [], notes: string[] = []): OutputFile[] {
  const built = new Map<LoadedControllerSpec, GhaRunnerScaleSetController>();
  const units: Unit[] = [
    ...controllers.map((c): Unit => ({
      source: c.source,
      file: controllerFileName(c.spec.namespace, c.spec.name),
      namespace: c.spec.namespace,
      createNamespace: c.spec.createNamespace,
      build: (chart) => {
        const controller = new GhaRunnerScaleSetController(chart, c.spec.name, { ...controllerSpecToProps(c.spec), createNamespace: false });
        built.set(c, controller);
        return { namespace: c.spec.namespace, pods: () => controller.pods, level: controller.podSecurityLevel };
      },
    })),
    ...specs.map(({ source, spec }): Unit => ({
      source,
      file: scaleSetFileName(spec.namespace, spec.name),
      namespace: spec.namespace,
      createNamespace: spec.createNamespace,
      build: (chart) => {
        const bound = boundController(spec, controllers);
        return share(new GhaRunnerScaleSet(chart, spec.name, {
          ...specToProps(spec),
          ...(bound ? { controller: built.get(bound), controllerServiceAccount: undefined } : {}),
          createNamespace: false,
        }));
      },
    })),
  ];
  return synthesizeUnits(units, controllers.length > 0, notes);
}

function share(s: GhaRunnerScaleSet): NamespaceShare {
  return { namespace: s.namespace, pods: () => s.pods, level: s.podSecurityLevel };
}

/**
 * Synthesizes scale sets from props: one file per scale set, one Namespace object per
 * namespace to create, construct validation problems reported together.
 * @throws SpecError naming both sources when two scale sets would write the same object
 */
export function synthesizeScaleSets(entries: readonly ScaleSetEntry[], notes: string[] = []): OutputFile[] {
  return synthesizeUnits(entries.map(({ source, name, props, createNamespace }) => ({
    source,
    file: scaleSetFileName(props.namespace, name),
    namespace: props.namespace,
    createNamespace: createNamespace ?? false,
    build: (chart) => share(new GhaRunnerScaleSet(chart, name, { ...props, createNamespace: false })),
  })), false, notes);
}

/**
 * Each unit in a cdk8s app of its own: an app validates and resolves all its charts whenever
 * one is synthesized, so one app per unit keeps a fleet's cost linear.
 */
function synthesizeUnits(units: readonly Unit[], withCrds: boolean, notes: string[]): OutputFile[] {
  const problems: Problem[] = [];
  const namespaces = new Set<string>();
  const seen = new Map<string, string>();
  const shares: (NamespaceShare & { source: string })[] = [];
  const charts = units.map((u) => {
    const app = new App({ outdir: '.', recordConstructMetadata: false });
    const chart = new Chart(app, 'Chart', { disableResourceNameHashes: true });
    shares.push({ ...u.build(chart), source: u.source });
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
  const levels = namespaceLevels(shares, namespaces, problems, notes);
  if (problems.length) throw new SpecError(problems);
  const head: OutputFile[] = [];
  if (withCrds) {
    // Loaded here only: a run without a controller never reads the CRDs.
    const { crdsYaml } = require('../controller/crds') as typeof import('../controller/crds');
    head.push({ name: CONTROLLER_OUTPUT.crdsFile, content: crdsYaml() });
  }
  if (namespaces.size) {
    const objects = [...namespaces].sort().map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: podSecurityLabels(levels.get(name)!) } }));
    head.push({ name: OUTPUT.namespacesFile, content: toYaml(objects) });
  }
  return [...head, ...files];
}

/**
 * The Pod Security level of every namespace the units run pods in (see `rules/pod-security.ts`):
 * claims the pods cannot meet go to `problems`; for a namespace not created here, a note says
 * which level its pods need.
 */
function namespaceLevels(
  shares: readonly (NamespaceShare & { source: string })[], created: ReadonlySet<string>, problems: Problem[], notes: string[],
): Map<string, PodSecurityClaim['level']> {
  const levels = new Map<string, PodSecurityClaim['level']>();
  const byNamespace = new Map<string, (NamespaceShare & { source: string })[]>();
  for (const s of shares) byNamespace.set(s.namespace, [...(byNamespace.get(s.namespace) ?? []), s]);
  for (const [namespace, list] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
    const pods = list.flatMap((s) => s.pods());
    const claims = list.filter((s) => s.level).map((s): PodSecurityClaim => ({ source: s.source, field: LEVEL_FIELD, level: s.level! }));
    const result = namespacePodSecurity(namespace, pods, claims);
    problems.push(...result.problems.map((p) => ({ file: p.claim.source, path: p.claim.field, message: p.message })));
    levels.set(namespace, result.level);
    if (!created.has(namespace)) {
      const each = pods.map((p) => `${p.what}: ${podSecurityLevel(p.pod)}`).join('; ');
      notes.push(`namespace "${namespace}" is not created by these specs; its pods need the Pod Security level "${result.needed}" or a less strict one (label it pod-security.kubernetes.io/enforce=${result.level}). Strictest level each passes: ${each}`);
    }
  }
  return levels;
}
