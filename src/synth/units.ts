/**
 * Output units: each one output file's worth of constructs, built in a cdk8s app of its own,
 * checked, written and let go before the next one is built, so that a fleet's cost stays linear
 * in time (an app validates and resolves all its charts whenever one is synthesized) and flat in
 * memory (only the file being made is held).
 */
import { App, Chart } from 'cdk8s';
import { Problem, SpecError } from '../input/problems';
import { objectMetadataProblems } from '../rules/metadata';
import { ObjectId, ObjectOwners, objectKey } from './duplicates';
import { toYaml } from './manifest-writer';
import { headFiles } from './namespaces';
import type { OutputFile } from './output';

/** One output file's worth of constructs. */
export interface Unit {
  /** Where the constructs come from, for messages. */
  readonly source: string;
  readonly file: string;
  readonly namespace: string;
  /** Also write the Namespace object (once per namespace, in the namespaces file). */
  readonly createNamespace: boolean;
  readonly build: (chart: Chart) => void;
}

/**
 * The output files of `units`, each made when asked for, then the namespaces file and (with
 * `withCrds`) the CRDs file. Construct validation problems and objects written twice are
 * collected over every unit.
 * @throws SpecError with every problem, once all units are built
 */
export function* unitFiles(units: Iterable<Unit>, withCrds: boolean): Generator<OutputFile> {
  const problems: Problem[] = [];
  const owners = new ObjectOwners();
  const namespaces = new Set<string>();
  for (const u of units) {
    const app = new App({ outdir: '.', recordConstructMetadata: false });
    const chart = new Chart(app, 'Chart', { disableResourceNameHashes: true });
    u.build(chart);
    if (u.createNamespace) namespaces.add(u.namespace);
    const messages = app.node.findAll().flatMap((c) => c.node.validate());
    problems.push(...messages.map((message) => ({ file: u.source, path: '', message })));
    if (messages.length) continue;
    const objects = chart.toJson() as ObjectId[];
    for (const o of objects) {
      for (const message of objectMetadataProblems(o)) problems.push({ file: u.source, path: '', message: `writes ${objectKey(o)} whose ${message}` });
    }
    owners.claim(u.source, objects, problems);
    // once anything is wrong nothing will be written: the rest is only checked
    if (!problems.length) yield { name: u.file, content: toYaml(objects) };
  }
  if (problems.length) throw new SpecError(problems);
  yield* headFiles([...namespaces], withCrds);
}
