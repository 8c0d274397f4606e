/**
 * A fleet: many scale set specs synthesized in one cdk8s app, one output file per scale set,
 * one Namespace object per namespace, and no object written twice.
 */
import { App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { OUTPUT } from './constants';
import { GhaRunnerScaleSet, GhaRunnerScaleSetProps } from './constructs/gha-runner-scale-set';
import { Problem, SpecError } from './spec/problems';
import { LoadedSpec } from './spec/load';
import { specToProps } from './spec/to-props';

export interface OutputFile {
  readonly name: string;
  readonly content: string;
}

type K8sObject = { kind: string; metadata: { name: string; namespace?: string } };

/** One YAML stream of objects, in order; the same objects always give the same bytes. */
export function toYaml(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

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
 * Synthesizes scale sets from props in one cdk8s app: one file per scale set, one Namespace
 * object per namespace to create, construct validation problems reported together.
 * @throws SpecError naming both sources when two scale sets would write the same object
 */
export function synthesizeScaleSets(entries: readonly ScaleSetEntry[]): OutputFile[] {
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  const charts: { source: string; file: string; chart: Chart }[] = [];
  const namespaces = new Map<string, string>();
  for (const { source, name, props, createNamespace } of entries) {
    const chart = new Chart(app, `${props.namespace}.${name}.${charts.length}`, { disableResourceNameHashes: true });
    new GhaRunnerScaleSet(chart, name, { ...props, createNamespace: false });
    if (createNamespace && !namespaces.has(props.namespace)) namespaces.set(props.namespace, source);
    charts.push({ source, file: scaleSetFileName(props.namespace, name), chart });
  }

  const problems: Problem[] = [];
  for (const c of app.node.findAll()) {
    for (const message of c.node.validate()) {
      const owner = charts.find((x) => c.node.path.startsWith(x.chart.node.path));
      problems.push({ file: owner?.source ?? '(app)', path: '', message });
    }
  }

  const seen = new Map<string, string>();
  const files: OutputFile[] = [];
  if (namespaces.size) {
    const objects = [...namespaces.keys()].sort().map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    files.push({ name: OUTPUT.namespacesFile, content: toYaml(objects) });
  }
  for (const { source, file, chart } of charts) {
    const objects = chart.toJson() as K8sObject[];
    for (const o of objects) {
      const key = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
      const other = seen.get(key);
      if (other !== undefined) problems.push({ file: source, path: '', message: `writes ${key}, which ${other} writes too; each object may come from one spec only` });
      else seen.set(key, source);
    }
    files.push({ name: file, content: toYaml(objects) });
  }
  if (problems.length) throw new SpecError(problems);
  return files;
}
