/**
 * A fleet: many scale sets synthesized in one run, one output file per scale set, one
 * Namespace object per namespace, and no object written twice.
 */
import { App, Chart } from 'cdk8s';
import { OUTPUT } from './constants';
import { GhaRunnerScaleSet, GhaRunnerScaleSetProps } from './constructs/gha-runner-scale-set';
import { Problem, SpecError } from './spec/problems';
import { LoadedSpec } from './spec/load';
import { specToProps } from './spec/to-props';
import { toYaml } from './yaml';

export interface OutputFile {
  readonly name: string;
  readonly content: string;
}

type K8sObject = { kind: string; metadata: { name: string; namespace?: string } };

/** The output file of one scale set. */
export function scaleSetFileName(namespace: string, name: string): string {
  return `${OUTPUT.scaleSetFilePrefix}${namespace}.${name}${OUTPUT.extension}`;
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

/**
 * Synthesizes every spec.
 * @throws SpecError naming both sources when two specs would write the same object
 */
export function synthesizeFleet(specs: readonly LoadedSpec[]): OutputFile[] {
  return synthesizeScaleSets(specs.map(({ source, spec }) => ({
    source, name: spec.name, props: specToProps(spec), createNamespace: spec.createNamespace,
  })));
}

/**
 * Synthesizes scale sets from props: one file per scale set, one Namespace object per
 * namespace to create, construct validation problems reported together.
 * @throws SpecError naming both sources when two scale sets would write the same object
 */
export function synthesizeScaleSets(entries: readonly ScaleSetEntry[]): OutputFile[] {
  const problems: Problem[] = [];
  const namespaces = new Map<string, string>();
  const seen = new Map<string, string>();
  const scaleSets: OutputFile[] = [];
  for (const { source, name, props, createNamespace } of entries) {
    if (createNamespace && !namespaces.has(props.namespace)) namespaces.set(props.namespace, source);
    const result = synthesizeScaleSet(props, name);
    problems.push(...result.problems.map((message) => ({ file: source, path: '', message })));
    for (const o of result.objects) {
      const key = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
      const other = seen.get(key);
      if (other !== undefined) problems.push({ file: source, path: '', message: `writes ${key}, which ${other} writes too; each object may come from one spec only` });
      else seen.set(key, source);
    }
    scaleSets.push({ name: scaleSetFileName(props.namespace, name), content: toYaml(result.objects) });
  }
  if (problems.length) throw new SpecError(problems);
  const files: OutputFile[] = [];
  if (namespaces.size) {
    const objects = [...namespaces.keys()].sort().map((ns) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }));
    files.push({ name: OUTPUT.namespacesFile, content: toYaml(objects) });
  }
  return [...files, ...scaleSets];
}

/**
 * One scale set in an app of its own (a cdk8s app validates and resolves all its charts
 * whenever one is synthesized: one app per scale set keeps a fleet linear).
 */
function synthesizeScaleSet(props: GhaRunnerScaleSetProps, id: string): { objects: K8sObject[]; problems: string[] } {
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  const chart = new Chart(app, id, { disableResourceNameHashes: true });
  new GhaRunnerScaleSet(chart, id, { ...props, createNamespace: false });
  const problems = app.node.findAll().flatMap((c) => c.node.validate());
  return { objects: problems.length ? [] : chart.toJson() as K8sObject[], problems };
}
