/**
 * Command-line parsing with `node:util.parseArgs`. Every option is one line of `OPTIONS`: its
 * short form, the name of its value in help (none for a flag), the commands that take it and its
 * help text. Help for each command is written from that table; every mistake is reported, all at once.
 */
import { parseArgs as parseTokens } from 'node:util';
import { HELM_CHART, HELM_CHARTS } from '../constants';
import { UserError } from '../errors';
import type { HelmReleaseInput } from '../input/helm/releases';

/** `-o -`: standard output. */
export const STDOUT = '-';

/** The commands, with what their help says. */
export const COMMANDS = {
  synth: {
    summary: 'write Kubernetes manifests for every spec (scale sets, controllers, and ARC\'s CRDs in 00-crds.k8s.yaml when a controller is among them)',
    usage: [
      '[-f FILE|DIR]... [-o DIR | -o - | --stdout] [--secrets-dir DIR | --seal-cert FILE] [-q]',
      '--helm-values FILE --release NAME -n NS [--helm-chart NAME] [--kube-version V] [-o DIR | -o -] [--secrets-dir DIR | --seal-cert FILE]',
      '--helm-releases FILE [-o DIR | -o -] [--secrets-dir DIR | --seal-cert FILE]',
    ],
  },
  validate: {
    summary: 'check specs (or Helm values) without writing anything',
    usage: ['[-f FILE|DIR]... [-q]', '--helm-values FILE --release NAME -n NS [--helm-chart NAME] [--kube-version V]', '--helm-releases FILE'],
  },
  convert: {
    summary: 'print the spec file equivalent to Helm values (one document per release)',
    usage: ['--helm-values FILE --release NAME -n NS [--helm-chart NAME] [--kube-version V]', '--helm-releases FILE'],
  },
  takeover: {
    summary: 'take live Helm releases of ARC\'s charts over in place through kubectl: apply the output, remove Helm\'s field ownership, labels and annotations, delete the release records',
    usage: [
      '[-f FILE|DIR]... [--field-manager NAME] [--kubectl PATH] [--context NAME] [--dry-run] [-q]',
      '--helm-values FILE --release NAME -n NS [--helm-chart NAME] [--kube-version V] [--field-manager NAME] [--kubectl PATH] [--context NAME] [--dry-run]',
      '--helm-releases FILE [--field-manager NAME] [--kubectl PATH] [--context NAME] [--dry-run]',
    ],
  },
  help: { summary: 'show this help, or a command\'s: gha-rs help COMMAND', usage: ['[COMMAND]'] },
  version: { summary: 'print the version', usage: [''] },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** What a line of `OPTIONS` says. */
interface OptionSpec {
  readonly short?: string;
  /** The value's name in help; a flag has none. */
  readonly value?: string;
  /** May be given more than once. */
  readonly multiple?: boolean;
  /** The commands that take it; `all` for every command. */
  readonly commands: readonly CommandName[] | 'all';
  readonly help: string;
}

const SCALE_SET_COMMANDS: readonly CommandName[] = ['synth', 'validate', 'takeover'];
const HELM_COMMANDS: readonly CommandName[] = ['synth', 'validate', 'convert', 'takeover'];

/** Every option; adding one is adding a line (its value is then `ParsedArgs.options[name]`). */
export const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'file': { short: 'f', value: 'FILE|DIR', multiple: true, commands: SCALE_SET_COMMANDS, help: 'spec file or folder; repeatable (default: specs/)' },
  'output': { short: 'o', value: 'DIR', commands: ['synth'], help: 'output folder (default: dist/), replaced as a whole; - writes one YAML stream to standard output' },
  'stdout': { commands: ['synth'], help: 'the same as -o -' },
  'helm-values': { value: 'FILE', multiple: true, commands: HELM_COMMANDS, help: 'a Helm release\'s values file (ARC\'s charts 0.14.2), instead of spec files; repeatable, merged in order as helm -f a -f b' },
  'set': { value: 'K=V', multiple: true, commands: HELM_COMMANDS, help: 'with --helm-values: set values as helm --set does (a.b=v, l[0]=v, l={a,b}, \\ escapes); repeatable' },
  'set-string': { value: 'K=V', multiple: true, commands: HELM_COMMANDS, help: 'with --helm-values: the same, every value a string (helm --set-string); repeatable' },
  'helm-chart': { value: 'NAME', commands: HELM_COMMANDS, help: `with --helm-values: the release's chart, ${HELM_CHARTS.map((c, i) => (i ? c : `${c} (default)`)).join(', ')}` },
  'release': { value: 'NAME', commands: HELM_COMMANDS, help: 'with --helm-values: the Helm release name' },
  'namespace': { short: 'n', value: 'NS', commands: HELM_COMMANDS, help: 'with --helm-values: the release namespace (as helm -n)' },
  'kube-version': { value: 'V', commands: HELM_COMMANDS, help: 'with --helm-values: the target Kubernetes version (default 1.33.0)' },
  'secrets-dir': { value: 'DIR', commands: ['synth'], help: 'write the Secrets holding credentials to DIR (replaced as a whole; keep it out of git), none to the output' },
  'seal-cert': { value: 'FILE', commands: ['synth'], help: 'write those Secrets as SealedSecrets sealed with FILE, the certificate \'kubeseal --fetch-cert\' prints (namespace-wide)' },
  'previous': { value: 'DIR|FILE', commands: ['synth'], help: 'with --seal-cert: a previous output (a folder, or a file such as -o - wrote) whose SealedSecrets are kept where the credentials did not change (default: the output folder)' },
  'helm-releases': { value: 'FILE', commands: HELM_COMMANDS, help: 'a whole Helm install: a list of releases (chart, name, namespace, values file), wired as spec files are' },
  'field-manager': { value: 'NAME', commands: ['takeover'], help: 'the field manager of the apply: the one your later applies use (default: kubectl, as kubectl apply --server-side)' },
  'kubectl': { value: 'PATH', commands: ['takeover'], help: 'the kubectl to run (default: kubectl on PATH); it uses your kubeconfig' },
  'context': { value: 'NAME', commands: ['takeover'], help: 'the kubeconfig context (default: the current one)' },
  'dry-run': { commands: ['takeover'], help: 'change nothing: run every write with --dry-run=server and print the commands, patches included' },
  'quiet': { short: 'q', commands: 'all', help: 'print no warnings' },
  'help': { short: 'h', commands: 'all', help: 'show help' },
  'version': { short: 'v', commands: 'all', help: 'print the version' },
};

export interface ParsedArgs {
  readonly command?: CommandName;
  /** `gha-rs help COMMAND`: the command. */
  readonly topic?: CommandName;
  readonly files: string[];
  /** The output folder; `-` for standard output (`-o -` or `--stdout`). */
  readonly out?: string;
  readonly quiet: boolean;
  /** `takeover --dry-run`. */
  readonly dryRun: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** Every other option given with a value, by long name (a repeatable one: its first value). */
  readonly options: Record<string, string>;
  /** Every value of each repeatable option other than `-f`, in order, by long name. */
  readonly lists: Record<string, string[]>;
  readonly errors: string[];
}

const isCommand = (s: string | undefined): s is CommandName => s !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, s);

const takes = (spec: OptionSpec, command: CommandName | undefined) => spec.commands === 'all' || !command || spec.commands.includes(command);

/** How help and messages name an option: `-f, --file`. */
const optionName = (name: string, spec: OptionSpec) => `${spec.short ? `-${spec.short}, ` : ''}--${name}`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const config = Object.fromEntries(Object.entries(OPTIONS).map(([name, o]) => [name, {
    type: o.value ? 'string' as const : 'boolean' as const,
    ...(o.short ? { short: o.short } : {}),
    ...(o.multiple ? { multiple: true } : {}),
  }]));
  // Not strict: the tokens are checked below, so that every mistake is reported at once.
  const { tokens } = parseTokens({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const positionals = tokens.filter((t) => t.kind === 'positional').map((t) => t.value);
  const errors: string[] = [];
  const [first, topic, ...extra] = positionals;
  const command = isCommand(first) ? first : undefined;
  if (first !== undefined && !command) errors.push(`unknown command "${first}"; allowed: ${Object.keys(COMMANDS).join(', ')}`);
  if (topic !== undefined && command !== 'help') errors.push(`unexpected argument "${topic}"`);
  else if (topic !== undefined && !isCommand(topic)) errors.push(`unknown command "${topic}"; allowed: ${Object.keys(COMMANDS).join(', ')}`);
  for (const x of extra) errors.push(`unexpected argument "${x}"`);

  const files: string[] = [];
  const options: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const flags = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const spec = Object.prototype.hasOwnProperty.call(OPTIONS, t.name) ? OPTIONS[t.name] : undefined;
    if (!spec) {
      errors.push(`unknown option ${t.rawName}`);
      continue;
    }
    if (!takes(spec, command)) {
      errors.push(`${t.rawName} is not an option of gha-rs ${command}; see gha-rs ${command} --help`);
      continue;
    }
    if (!spec.value) {
      if (t.value !== undefined) errors.push(`${t.rawName} takes no value`);
      else flags.add(t.name);
      continue;
    }
    if (t.value === undefined || (!t.inlineValue && t.value.length > 1 && t.value.startsWith('-'))) {
      errors.push(`${t.rawName} needs a value${t.value === undefined ? '' : ` (found the option ${t.value})`}`);
    } else if (spec.multiple) {
      if (t.name === 'file') files.push(t.value);
      else {
        (lists[t.name] ??= []).push(t.value);
        options[t.name] ??= t.value;
      }
    } else if (t.name in options && options[t.name] !== t.value) {
      errors.push(`${optionName(t.name, spec)} is given twice ("${options[t.name]}" and "${t.value}")`);
    } else options[t.name] = t.value;
  }
  let out = options.output;
  delete options.output;
  if (flags.has('stdout')) {
    if (out !== undefined && out !== '-') errors.push(`--stdout and -o ${out} cannot be combined`);
    out = STDOUT;
  }
  return {
    command, topic: command === 'help' && isCommand(topic) ? topic : undefined,
    files, out, options, lists, errors,
    quiet: flags.has('quiet'), dryRun: flags.has('dry-run'), help: flags.has('help'), version: flags.has('version'),
  };
}

const RELEASE_OPTIONS = ['release', 'namespace', 'kube-version', 'helm-chart', 'set', 'set-string'];

/**
 * The Helm releases a command is given: one from `--helm-values FILE --release NAME -n NS
 * [--kube-version V] [--helm-chart NAME]`, or a release list's from `--helm-releases FILE`;
 * undefined for spec files.
 * @throws UserError (exit 2) when a release option is missing, misplaced or wrong
 * @throws SpecError when the release list file has problems
 */
export function helmReleases(args: ParsedArgs): HelmReleaseInput[] | undefined {
  const { options } = args;
  const given = (keys: string[]) => keys.filter((k) => options[k] !== undefined).map((k) => `--${k}`);
  if (options['helm-releases'] !== undefined) {
    const extra = given(['helm-values', ...RELEASE_OPTIONS]);
    if (extra.length) throw new UserError(`--helm-releases lists every release with its chart, name, namespace and values; ${extra.join(', ')} cannot be added to it`, 2);
    if (args.files.length) throw new UserError('--helm-releases and -f cannot be combined: give either spec files or Helm releases', 2);
    const { readReleaseList } = require('../input/helm/releases') as typeof import('../input/helm/releases');
    return readReleaseList(options['helm-releases']);
  }
  if (options['helm-values'] === undefined) {
    const stray = given(RELEASE_OPTIONS);
    if (stray.length) throw new UserError(`${stray.join(', ')} only go with --helm-values`, 2);
    return undefined;
  }
  const missing = ['release', 'namespace'].filter((k) => !options[k]).map((k) => `--${k}`);
  if (missing.length) throw new UserError(`--helm-values needs ${missing.join(' and ')} (as helm template takes a release name and -n NAMESPACE)`, 2);
  if (args.files.length) throw new UserError('--helm-values and -f cannot be combined: give either spec files or values files', 2);
  const chart = options['helm-chart'] ?? HELM_CHART.scaleSet;
  if (!HELM_CHARTS.includes(chart)) throw new UserError(`--helm-chart "${chart}" is not one of ARC's charts; allowed: ${HELM_CHARTS.join(', ')}`, 2);
  return [{
    chart,
    valuesFile: options['helm-values'],
    ...((args.lists['helm-values'] ?? []).length > 1 ? { moreValuesFiles: args.lists['helm-values'].slice(1) } : {}),
    ...(args.lists.set || args.lists['set-string'] ? {
      // Helm applies every --set, then every --set-string
      set: [
        ...(args.lists.set ?? []).map((value) => ({ kind: 'set' as const, value })),
        ...(args.lists['set-string'] ?? []).map((value) => ({ kind: 'set-string' as const, value })),
      ],
    } : {}),
    releaseName: options.release,
    namespace: options.namespace,
    ...(options['kube-version'] ? { kubeVersion: options['kube-version'] } : {}),
  }];
}

/** Aligned two-column lines. */
function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  return rows.map(([a, b]) => `  ${a.padEnd(width)}${b}`);
}

function optionRows(command: CommandName | undefined): [string, string][] {
  return Object.entries(OPTIONS)
    .filter(([, o]) => (command ? takes(o, command) : o.commands === 'all'))
    .map(([name, o]) => [`${o.short ? '' : '    '}${optionName(name, o)}${o.value ? ` ${o.value}` : ''}`, o.help]);
}

const EXIT = 'Exit status: 0 success, 1 invalid specs or output problem, 2 usage error.';

/** `gha-rs --help`: the commands and the options every command takes. */
export function usage(): string {
  return [
    'Usage: gha-rs <command> [options]',
    '',
    'Commands:',
    ...columns(Object.entries(COMMANDS).map(([name, c]) => [name, c.summary])),
    '',
    'Options of every command:',
    ...columns(optionRows(undefined)),
    '',
    'Run gha-rs help COMMAND (or gha-rs COMMAND --help) for a command\'s options.',
    EXIT,
  ].join('\n');
}

/** `gha-rs COMMAND --help`. */
export function commandUsage(command: CommandName): string {
  const c = COMMANDS[command];
  return [
    ...c.usage.map((u, i) => `${i ? '   or' : 'Usage'}: gha-rs ${command}${u ? ` ${u}` : ''}`),
    '',
    `${c.summary[0].toUpperCase()}${c.summary.slice(1)}.`,
    '',
    'Options:',
    ...columns(optionRows(command)),
    '',
    EXIT,
  ].join('\n');
}
