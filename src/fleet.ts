/**
 * A fleet: many scale set and controller specs synthesized in one cdk8s app, one output file per
 * scale set and per controller, one Namespace object per namespace, ARC's CRDs in a file of their
 * own when a controller is written (read from disk only then), and no object written twice.
 */
import { App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { OUTPUT } from './constants';
import { GhaRunnerScaleSet } from './constructs/gha-runner-scale-set';
import { CONTROLLER_OUTPUT } from './controller/constants';
import { GhaRunnerScaleSetController } from './controller/gha-runner-scale-set-controller';
import { controllerSpecToProps } from './spec/controller-to-props';
import { Problem, SpecError } from './spec/problems';
import type { LoadedControllerSpec, LoadedSpec } from './spec/load';
import { specToProps } from './spec/to-props';
import { boundController } from './spec/wiring';

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

/** The output file of one controller. */
export function controllerFileName(namespace: string, name: string): string {
  return `${CONTROLLER_OUTPUT.controllerFilePrefix}${namespace}.${name}${OUTPUT.extension}`;
}

/**
 * Synthesizes every spec. A scale set that names no controller ServiceAccount is bound to the one
 * controller among `controllers` (see `spec/wiring.ts`; `loadSpecs` has checked the wiring).
 * @throws SpecError naming both sources when two specs would write the same object
 */
export function synthesizeFleet(specs: readonly LoadedSpec[], controllers: readonly LoadedControllerSpec[] = []): OutputFile[] {
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  const charts: { source: string; file: string; chart: Chart }[] = [];
  const namespaces = new Map<string, string>();
  const built = new Map<LoadedControllerSpec, GhaRunnerScaleSetController>();
  for (const c of controllers) {
    const { source, spec } = c;
    const chart = new Chart(app, `controller.${spec.namespace}.${spec.name}.${charts.length}`, { disableResourceNameHashes: true });
    built.set(c, new GhaRunnerScaleSetController(chart, spec.name, { ...controllerSpecToProps(spec), createNamespace: false }));
    if (spec.createNamespace && !namespaces.has(spec.namespace)) namespaces.set(spec.namespace, source);
    charts.push({ source, file: controllerFileName(spec.namespace, spec.name), chart });
  }
  for (const { source, spec } of specs) {
    const chart = new Chart(app, `${spec.namespace}.${spec.name}.${charts.length}`, { disableResourceNameHashes: true });
    const bound = boundController(spec, controllers);
    const props = specToProps(spec);
    new GhaRunnerScaleSet(chart, spec.name, {
      ...props,
      ...(bound ? { controller: built.get(bound), controllerServiceAccount: undefined } : {}),
      createNamespace: false,
    });
    if (spec.createNamespace && !namespaces.has(spec.namespace)) namespaces.set(spec.namespace, source);
    charts.push({ source, file: scaleSetFileName(spec.namespace, spec.name), chart });
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
  if (controllers.length) {
    // Loaded here only: a run without a controller never reads the CRDs.
    const { crdsYaml } = require('./controller/crds') as typeof import('./controller/crds');
    files.push({ name: CONTROLLER_OUTPUT.crdsFile, content: crdsYaml() });
  }
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
