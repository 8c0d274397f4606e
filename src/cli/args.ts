/** Command-line parsing: no dependency, every mistake reported with what is allowed. */

export interface ParsedArgs {
  readonly command?: string;
  readonly files: string[];
  readonly out?: string;
  readonly quiet: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly options: Record<string, string>;
  readonly errors: string[];
}

/** Value options each command takes besides -f and -o. */
const VALUE_OPTIONS = ['--helm-values', '--release', '--namespace', '--kube-version', '--secrets-dir', '--seal-cert'];

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const files: string[] = [];
  const options: Record<string, string> = {};
  const errors: string[] = [];
  let command: string | undefined;
  let out: string | undefined;
  let quiet = false;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string | undefined => {
      if (eq > 0) return raw.slice(eq + 1);
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('-') && v !== '-')) {
        errors.push(`${flag} needs a value`);
        return undefined;
      }
      i++;
      return v;
    };
    if (flag === '-f' || flag === '--file') {
      const v = value();
      if (v !== undefined) files.push(v);
    } else if (flag === '-o' || flag === '--output') {
      out = value();
    } else if (flag === '-q' || flag === '--quiet') {
      quiet = true;
    } else if (flag === '-h' || flag === '--help') {
      help = true;
    } else if (flag === '--version') {
      version = true;
    } else if (VALUE_OPTIONS.includes(flag)) {
      const v = value();
      if (v !== undefined) options[flag.slice(2)] = v;
    } else if (flag.startsWith('-')) {
      errors.push(`unknown option ${flag}`);
    } else if (command === undefined) {
      command = raw;
    } else {
      errors.push(`unexpected argument "${raw}"`);
    }
  }
  return { command, files, out, quiet, help, version, options, errors };
}
