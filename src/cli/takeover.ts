/**
 * `gha-rs takeover`: moves live Helm releases of ARC's charts to gha-rs's output in place,
 * through kubectl, without deleting or re-creating any object (a re-created AutoscalingRunnerSet
 * registers its scale set with GitHub anew):
 *
 * 1. server-side apply of the output for the same input as `synth`, taking every field
 *    (`--force-conflicts`: the chart's `values-hash` and the controller's `fieldRef` conflict);
 * 2. per object, one JSON patch removing the `helm` manager's managedFields entries and Helm's
 *    labels and annotations (guarded by `test` operations, retried once if the object moved);
 * 3. a check that every object kept its uid and that nothing of Helm is left;
 * 4. deletion of the releases' records (`owner=helm,name=RELEASE` Secrets or ConfigMaps), so that
 *    Helm no longer sees them.
 *
 * `--dry-run` runs every write with `--dry-run=server` and prints the commands, patches included.
 */
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_SPEC_PATH, HELM, KUBECTL_FIELD_MANAGER } from '../constants';
import { UserError } from '../errors';
import { formatProblem, Problem } from '../input/problems';
import { synthesizeFleet, synthesizeWired } from '../synth/fleet';
import { describeObject, hasLeftovers, helmLeftovers, helmRemovalPatch, KubeObject, kubectlType, objectIdentity } from '../takeover/helm-leftovers';
import { helmReleases, ParsedArgs } from './args';
import type { Io } from './io';

/** A Helm release to take over: its name and namespace. */
export interface ReleaseRef {
  readonly name: string;
  readonly namespace: string;
}

export interface TakeoverOptions {
  /** The objects gha-rs writes for the releases, in apply order. */
  readonly objects: readonly KubeObject[];
  /** The same, as the YAML stream given to kubectl (it may hold credentials: never printed). */
  readonly manifest: string;
  readonly releases: readonly ReleaseRef[];
  readonly fieldManager: string;
  readonly kubectl: string;
  readonly context?: string;
  readonly dryRun: boolean;
}

/** `gha-rs takeover`. */
export function takeoverCommand(args: ParsedArgs, io: Io): void {
  const { objects, manifest, releases, warnings } = output(args);
  if (!args.quiet) for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  runTakeover({
    objects, manifest, releases,
    fieldManager: args.options['field-manager'] ?? KUBECTL_FIELD_MANAGER,
    kubectl: args.options.kubectl ?? 'kubectl',
    context: args.options.context,
    dryRun: args.dryRun,
  }, io);
}

/** What `synth` would write for the arguments, as objects and as one stream, and the releases it stands for. */
function output(args: ParsedArgs): { objects: KubeObject[]; manifest: string; releases: ReleaseRef[]; warnings: readonly Problem[] } {
  const input = helmReleases(args);
  let files;
  let releases: ReleaseRef[];
  let warnings: readonly Problem[];
  if (input) {
    const { loadHelmReleases } = require('../input/helm/releases') as typeof import('../input/helm/releases');
    const loaded = loadHelmReleases(input);
    files = synthesizeWired(loaded.scaleSets, loaded.controllers);
    releases = input.map((r) => ({ name: r.releaseName, namespace: r.namespace }));
    warnings = loaded.warnings;
  } else {
    const { loadSpecs } = require('../input/load') as typeof import('../input/load');
    const loaded = loadSpecs(args.files.length ? args.files : [DEFAULT_SPEC_PATH]);
    files = synthesizeFleet([...loaded.specs, ...loaded.experimental], loaded.controllers);
    // a spec's metadata.name is the release name the chart was installed with
    releases = [...loaded.controllers, ...loaded.specs].map(({ spec }) => ({ name: spec.name, namespace: spec.namespace }))
      .concat(loaded.experimental.map(({ spec }) => ({ name: spec.name, namespace: spec.releaseNamespace })));
    warnings = loaded.warnings;
  }
  const manifest = files.map((f) => f.content).join('---\n');
  const objects = parseAllDocuments(manifest).map((d) => d.toJS() as KubeObject).filter((o) => o && o.kind);
  return { objects, manifest, releases, warnings };
}

/** kubectl, run with the options every call shares; its failures become one-line errors. */
class Kubectl {
  public constructor(private readonly o: Pick<TakeoverOptions, 'kubectl' | 'context'>, private readonly io: Io, private readonly show: boolean) {}

  /** Prints a command as it is run (`input`: what its standard input is), or with a note when it is not. */
  public print(args: readonly string[], note?: string, input?: string): void {
    const all = [...(this.o.context ? [`--context=${this.o.context}`] : []), ...args];
    this.io.out(`${note ? '# ' : '$ '}${[this.o.kubectl, ...all].map(quote).join(' ')}${input !== undefined ? ` < ${input}` : ''}${note ? `   # ${note}` : ''}`);
  }

  /** Runs `kubectl ARGS`, `input` on its standard input; returns standard output, or throws with kubectl's message. */
  public run(args: readonly string[], input?: string): string {
    const all = [...(this.o.context ? [`--context=${this.o.context}`] : []), ...args];
    if (this.show) this.print(args, undefined, input === undefined ? undefined : 'the output');
    const r = spawnSync(this.o.kubectl, all, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
    // a kubectl that stops before reading its input (a login failure) ends the write with EPIPE: its own message counts
    if (r.error && !((r.error as NodeJS.ErrnoException).code === 'EPIPE' && r.status)) {
      const code = (r.error as NodeJS.ErrnoException).code;
      throw new UserError(code === 'ENOENT' ? `${this.o.kubectl} not found: install kubectl or name it with --kubectl PATH` : `${this.o.kubectl}: ${r.error.message}`);
    }
    if (r.status !== 0) throw new KubectlError(args[0], (r.stderr || r.stdout || '').trim());
    return r.stdout;
  }

  /** The live objects of a manifest (those that exist). */
  public getAll(manifest: string): KubeObject[] {
    const out = this.run(['get', '--ignore-not-found', '-o', 'json', '--show-managed-fields', '-f', '-'], manifest);
    return out.trim() ? itemsOf(JSON.parse(out)) : [];
  }
}

class KubectlError extends UserError {
  public constructor(public readonly verb: string, public readonly stderr: string) {
    super(`kubectl ${verb} failed: ${stderr.split('\n').filter(Boolean).join('; ') || 'no message'}`);
  }
}

const itemsOf = (json: { kind?: string; items?: KubeObject[] }): KubeObject[] => (json.kind === 'List' || Array.isArray(json.items) ? json.items ?? [] : [json as KubeObject]);

/** A shell word as given, or single-quoted. */
const quote = (s: string) => (/^[-\w./=:,@%+]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Runs the take-over (see the file's comment). */
export function runTakeover(o: TakeoverOptions, io: Io): void {
  const k = new Kubectl(o, io, true);
  const dry = o.dryRun ? ['--dry-run=server'] : [];
  const desired = new Map(o.objects.map((d) => [objectIdentity(d), d]));

  // Before anything is written: the objects as Helm left them, and the release records.
  const before = new Map(k.getAll(o.manifest).map((l) => [objectIdentity(l), l]));
  const foreign = [...before.values()].flatMap((l) => {
    const owner = l.metadata.annotations?.[HELM.annotations[0]];
    const ns = l.metadata.annotations?.[HELM.annotations[1]];
    return owner !== undefined && !o.releases.some((r) => r.name === owner && (ns === undefined || r.namespace === ns))
      ? [`${describeObject(l)} belongs to Helm release "${owner}"${ns ? ` in ${ns}` : ''}`] : [];
  });
  if (foreign.length) {
    throw new UserError(`nothing was changed: ${foreign.join('; ')}, which is not among the releases given (${o.releases.map((r) => `${r.namespace}/${r.name}`).join(', ')}); take it over with that release's values or spec`);
  }
  const records = new Map(o.releases.map((r) => [r, k.run(['get', HELM.releaseRecordKinds, '-n', r.namespace, '-l', HELM.releaseRecordLabels(r.name), '-o', 'name']).split('\n').filter(Boolean)]));

  // 1. every field ours
  const applied = k.run(['apply', '--server-side', '--force-conflicts', `--field-manager=${o.fieldManager}`, ...dry, '-o', 'json', '--show-managed-fields', '-f', '-'], o.manifest);
  let live = new Map(itemsOf(JSON.parse(applied)).map((l) => [objectIdentity(l), l]));

  // 2. Helm's managedFields entries, labels and annotations removed
  let patched = 0;
  for (const [id, d] of desired) {
    for (let attempt = 0; ; attempt++) {
      const l = live.get(id);
      if (!l) throw new UserError(`${describeObject(d)}: not found after the apply`);
      const patch = helmRemovalPatch(l, d);
      if (!patch.length) break;
      const args = ['patch', kubectlType(d), d.metadata.name, ...(d.metadata.namespace ? ['-n', d.metadata.namespace] : []), '--type=json', '-p', JSON.stringify(patch)];
      patched++;
      if (o.dryRun) {
        // its indexes and resourceVersion are those of the object after the apply, which a dry run does not make
        k.print(args, 'not run in a dry run: it is computed from the object after the apply');
        break;
      }
      try {
        k.run(args);
        break;
      } catch (e) {
        // a `test` failed: the object changed since it was read; read it again, once
        patched--;
        if (attempt > 0 || !(e instanceof KubectlError) || !/test/i.test(e.stderr)) throw e;
        for (const again of k.getAll(manifestOf(d))) live.set(objectIdentity(again), again);
      }
    }
  }

  // 3. nothing re-created, nothing of Helm left
  if (!o.dryRun) {
    live = new Map(k.getAll(o.manifest).map((l) => [objectIdentity(l), l]));
    const wrong: string[] = [];
    for (const [id, d] of desired) {
      const l = live.get(id);
      const b = before.get(id);
      if (!l) wrong.push(`${describeObject(d)} is missing`);
      else if (b && b.metadata.uid !== l.metadata.uid) wrong.push(`${describeObject(d)} was re-created (uid ${b.metadata.uid} is now ${l.metadata.uid})`);
      else if (hasLeftovers(helmLeftovers(l, d))) wrong.push(`${describeObject(d)} still carries Helm's ${leftoverWords(helmLeftovers(l, d))}`);
    }
    if (wrong.length) throw new UserError(`the take-over did not complete (the release records were kept): ${wrong.join('; ')}`);
  }

  // 4. Helm no longer sees the releases
  for (const [r, names] of records) {
    if (!names.length) {
      io.err(`note: no Helm release record of "${r.name}" in ${r.namespace} (owner=helm Secrets or ConfigMaps): already removed, or not a Helm release`);
      continue;
    }
    k.run(['delete', HELM.releaseRecordKinds, '-n', r.namespace, '-l', HELM.releaseRecordLabels(r.name), ...dry]);
  }

  const kept = [...desired.keys()].filter((id) => before.has(id)).length;
  const made = desired.size - kept;
  io.out(`${o.dryRun ? 'dry run (nothing changed): would take' : 'took'} over ${o.releases.length} release${o.releases.length === 1 ? '' : 's'} `
    + `(${o.releases.map((r) => `${r.namespace}/${r.name}`).join(', ')}): ${desired.size} objects applied by field manager "${o.fieldManager}" `
    + `(${kept} kept with their uid${made ? `, ${made} created` : ''}), Helm's fields, labels and annotations removed from ${patched}, `
    + `${[...records.values()].reduce((n, r) => n + r.length, 0)} release records ${o.dryRun ? 'to delete' : 'deleted'}`);
}

/** One object as a manifest, to read it again. */
const manifestOf = (o: KubeObject) => JSON.stringify({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } });

function leftoverWords(l: ReturnType<typeof helmLeftovers>): string {
  return [
    ...(l.managerEntries.length ? [`field manager "${HELM.fieldManager}"`] : []),
    ...l.labels.map((k) => `label ${k}`),
    ...l.annotations.map((k) => `annotation ${k}`),
  ].join(', ');
}
