/**
 * Output units: each one output file's worth of constructs, built in a cdk8s app of its own,
 * checked, written and let go before the next one is built, so that a fleet's cost stays linear
 * in time (an app validates and resolves all its charts whenever one is synthesized) and flat in
 * memory (only the file being made is held).
 */
import { App, Chart } from 'cdk8s';
import type { SecretSealer } from '../constructs/secret-sealer';
import { SecretsOutput } from '../constructs/secrets-output';
import { Problem, SpecError } from '../input/problems';
import { NamespacePods, PodSecurityClaim, PodSecurityLevel, namespacePodSecurity, podSecurityLevel } from '../rules/pod-security';
import { objectMetadataProblems } from '../rules/metadata';
import { ObjectId, ObjectOwners, objectKey } from './duplicates';
import { toYaml } from './manifest-writer';
import { heapKeeper } from '../heap';
import { headFiles } from './namespaces';
import type { OutputFile } from './output';
import { plainCredentialFields, plainCredentialSecrets } from './plain-credentials';

/** One output file's worth of constructs. */
export interface Unit {
  /** Where the constructs come from, for messages. */
  readonly source: string;
  readonly file: string;
  readonly namespace: string;
  /** Also write the Namespace object (once per namespace, in the namespaces file). */
  readonly createNamespace: boolean;
  /** The file of its credentials Secret in `separate` mode. */
  readonly secretFile?: string;
  readonly build: (chart: Chart, secretsOutput: SecretsOutput | undefined) => NamespaceShare;
}

/** The pods a unit runs in one namespace (read once every unit is built), and the level its spec asks for. */
export interface NamespaceShare {
  readonly namespace: string;
  readonly pods: () => readonly NamespacePods[];
  readonly level?: PodSecurityLevel;
}

/** The spec field that asks for a namespace's Pod Security level. */
const LEVEL_FIELD = 'spec.podSecurity.level';

/** How a run writes the Secrets that hold credentials. */
export type SecretsMode =
  /** Beside the scale set's other objects, in plain text (base64), as ARC's chart writes them. */
  | { readonly kind: 'inline' }
  /** In files of their own, marked `secret`, for a folder kept out of git. */
  | { readonly kind: 'separate' }
  /** As SealedSecrets, beside the scale set's other objects. */
  | { readonly kind: 'sealed'; readonly sealer: SecretSealer };

/** An output file; `secret` marks a credentials Secret's file in `separate` mode. */
export interface UnitFile extends OutputFile {
  readonly secret?: boolean;
}

export const INLINE: SecretsMode = { kind: 'inline' };

/** A unit built: its app, its chart and, in `separate` mode, the chart of its credentials Secret. */
interface Built {
  readonly unit: Unit;
  readonly app: App;
  readonly chart: Chart;
  readonly secrets?: Chart;
  readonly share: NamespaceShare;
}

function build(u: Unit, mode: SecretsMode): Built {
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  const chart = new Chart(app, 'Chart', { disableResourceNameHashes: true });
  const secrets = mode.kind === 'separate' ? new Chart(app, 'Secrets', { disableResourceNameHashes: true }) : undefined;
  const share = u.build(chart, secrets ? SecretsOutput.separate(secrets) : mode.kind === 'sealed' ? SecretsOutput.sealed(mode.sealer) : undefined);
  return { unit: u, app, chart, secrets, share };
}

/** A file with the plain Secrets holding credentials among its objects, for the warning where it is written. */
function withPlainCredentials(file: UnitFile, objects: readonly unknown[]): UnitFile {
  const plain = plainCredentialSecrets(objects);
  const fields = plainCredentialFields(objects);
  return plain.length || fields.length ? { ...file, ...plain.length && { plainCredentials: plain }, ...fields.length && { plainCredentialFields: fields } } : file;
}

/** Checks built units and makes their files; problems are collected over every unit. */
class Emitter {
  private readonly problems: Problem[] = [];
  private readonly owners = new ObjectOwners();
  private readonly namespaces = new Set<string>();
  private readonly shares: (NamespaceShare & { source: string })[] = [];

  /** @param notes receives a note per namespace that pods run in but no unit creates */
  public constructor(private readonly notes: string[]) {}

  public *emit({ unit: u, app, chart, secrets, share }: Built): Generator<UnitFile> {
    if (u.createNamespace) this.namespaces.add(u.namespace);
    this.shares.push({ ...share, source: u.source });
    const messages = app.node.findAll().flatMap((c) => c.node.validate());
    this.problems.push(...messages.map((message) => ({ file: u.source, path: '', message })));
    if (messages.length) return;
    const objects = chart.toJson() as ObjectId[];
    const secretObjects = (secrets?.toJson() ?? []) as ObjectId[];
    for (const o of [...objects, ...secretObjects]) {
      for (const message of objectMetadataProblems(o)) this.problems.push({ file: u.source, path: '', message: `writes ${objectKey(o)} whose ${message}` });
    }
    this.owners.claim(u.source, [...objects, ...secretObjects], this.problems);
    // once anything is wrong nothing will be written: the rest is only checked
    if (this.problems.length) return;
    yield withPlainCredentials({ name: u.file, content: toYaml(objects) }, objects);
    if (secretObjects.length) yield withPlainCredentials({ name: u.secretFile ?? u.file, content: toYaml(secretObjects), secret: true }, secretObjects);
  }

  /** @throws SpecError with every problem */
  public *finish(withCrds: boolean): Generator<OutputFile> {
    const levels = namespaceLevels(this.shares, this.namespaces, this.problems, this.notes);
    if (this.problems.length) throw new SpecError(this.problems);
    yield* headFiles([...this.namespaces].map((name) => ({ name, podSecurityLevel: levels.get(name) })), withCrds);
  }
}

/**
 * The output files of `units`, each made when asked for, then the namespaces file and (with
 * `withCrds`) the CRDs file. Construct validation problems and objects written twice are
 * collected over every unit.
 * @throws SpecError with every problem, once all units are built
 */
export function* unitFiles(units: Iterable<Unit>, withCrds: boolean, mode: SecretsMode = INLINE, notes: string[] = []): Generator<UnitFile> {
  if (mode.kind === 'sealed') throw new Error('sealing is asynchronous: use sealedUnitFiles');
  const emitter = new Emitter(notes);
  const keepHeap = heapKeeper();
  for (const u of units) {
    yield* emitter.emit(build(u, mode));
    keepHeap();
  }
  yield* emitter.finish(withCrds);
}

/**
 * The output files of `units` with their credentials Secrets sealed: every unit is built, then
 * sealed at once (the one asynchronous step), then written.
 * @throws SpecError as `unitFiles`
 */
export async function sealedUnitFiles(units: Iterable<Unit>, withCrds: boolean, sealer: SecretSealer, notes: string[] = []): Promise<UnitFile[]> {
  const built = [...units].map((u) => build(u, { kind: 'sealed', sealer }));
  await sealer.seal();
  const emitter = new Emitter(notes);
  return [...built.flatMap((b) => [...emitter.emit(b)]), ...emitter.finish(withCrds)];
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
