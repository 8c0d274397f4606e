/**
 * Output units: each one output file's worth of constructs, built in a cdk8s app of its own,
 * checked, written and let go before the next one is built, so that a fleet's cost stays linear
 * in time (an app validates and resolves all its charts whenever one is synthesized) and flat in
 * memory (only the file being made is held).
 */
import { App, Chart } from 'cdk8s';
import { Problem, SpecError } from '../input/problems';
import { NamespacePods, PodSecurityClaim, PodSecurityLevel, namespacePodSecurity, podSecurityLevel } from '../rules/pod-security';
import { ObjectId, ObjectOwners } from './duplicates';
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
  readonly build: (chart: Chart) => NamespaceShare;
}

/** The pods a unit runs in one namespace (read once every unit is built), and the level its spec asks for. */
export interface NamespaceShare {
  readonly namespace: string;
  readonly pods: () => readonly NamespacePods[];
  readonly level?: PodSecurityLevel;
}

/** The spec field that asks for a namespace's Pod Security level. */
const LEVEL_FIELD = 'spec.podSecurity.level';

/**
 * The output files of `units`, each made when asked for, then the namespaces file and (with
 * `withCrds`) the CRDs file. Construct validation problems and objects written twice are
 * collected over every unit.
 * @throws SpecError with every problem, once all units are built
 */
export function* unitFiles(units: Iterable<Unit>, withCrds: boolean, notes: string[] = []): Generator<OutputFile> {
  const problems: Problem[] = [];
  const owners = new ObjectOwners();
  const namespaces = new Set<string>();
  const shares: (NamespaceShare & { source: string })[] = [];
  for (const u of units) {
    const app = new App({ outdir: '.', recordConstructMetadata: false });
    const chart = new Chart(app, 'Chart', { disableResourceNameHashes: true });
    shares.push({ ...u.build(chart), source: u.source });
    if (u.createNamespace) namespaces.add(u.namespace);
    const messages = app.node.findAll().flatMap((c) => c.node.validate());
    problems.push(...messages.map((message) => ({ file: u.source, path: '', message })));
    if (messages.length) continue;
    const objects = chart.toJson() as ObjectId[];
    owners.claim(u.source, objects, problems);
    // once anything is wrong nothing will be written: the rest is only checked
    if (!problems.length) yield { name: u.file, content: toYaml(objects) };
  }
  const levels = namespaceLevels(shares, namespaces, problems, notes);
  if (problems.length) throw new SpecError(problems);
  yield* headFiles([...namespaces].map((name) => ({ name, podSecurityLevel: levels.get(name) })), withCrds);
}

/**
 * The Pod Security level of every namespace the units run pods in (see `rules/pod-security.ts`):
 * claims the pods cannot meet go to `problems`; for a namespace not created here, a note says
 * which level its pods need.
 */
function namespaceLevels(
  shares: readonly (NamespaceShare & { source: string })[], created: ReadonlySet<string>, problems: Problem[], notes: string[],
): Map<string, PodSecurityLevel> {
  const levels = new Map<string, PodSecurityLevel>();
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
      notes.push(`namespace "${namespace}" is not created by this run; its pods need the Pod Security level "${result.needed}" or a less strict one (label it pod-security.kubernetes.io/enforce=${result.level}). Strictest level each passes: ${each}`);
    }
  }
  return levels;
}
