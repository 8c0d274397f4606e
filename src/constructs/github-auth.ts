import { EXTERNAL_SECRET, SECRET_KEY } from '../constants';
import { credentialWordProblem, privateKeyPemProblem } from '../rules/credentials';
import type { RuleProblem } from '../rules/scale-set';

/**
 * How the controller authenticates to GitHub for a scale set: the chart's
 * `githubConfigSecret`. Choose one with a static factory.
 *
 * The factories take credential values: the app reads them (from the environment, a file, a
 * secret manager), as spec files' `{fromEnv}` / `{fromFile}` do for the CLI. Keep them out of
 * the source; they are written into a Secret in the output, and hashed into the
 * AutoscalingRunnerSet's `values-hash` so that a new token reaches the listener.
 */
export abstract class GitHubAuth {
  /** A personal access token: written to a Secret the scale set owns. */
  public static personalAccessToken(token: string): GitHubAuth {
    return new SecretDataAuth('pat', { [SECRET_KEY.token]: token });
  }

  /** A GitHub App installation: written to a Secret the scale set owns. */
  public static app(options: GitHubAppOptions): GitHubAuth {
    return new SecretDataAuth('app', {
      [SECRET_KEY.appId]: options?.appId,
      [SECRET_KEY.installationId]: options?.installationId,
      [SECRET_KEY.privateKey]: options?.privateKey,
    });
  }

  /** A Secret that already exists in the scale set's namespace: nothing is written. */
  public static existingSecret(name: string): GitHubAuth {
    return new ExistingSecretAuth(name);
  }

  /**
   * Credentials kept in an external secret manager: an `ExternalSecret` (External Secrets
   * Operator, `external-secrets.io/v1`) is written instead of a Secret, and the operator creates
   * the Secret the scale set reads, with the keys ARC expects (`github_token`, or
   * `github_app_id`, `github_app_installation_id` and `github_app_private_key`). The output
   * holds no credential.
   * @see https://external-secrets.io/latest/api/externalsecret/
   */
  public static externalSecret(options: ExternalSecretOptions): GitHubAuth {
    return new ExternalSecretAuth(options);
  }

  /**
   * Secret data exactly as the chart's `githubConfigSecret` map gives it (keys such as
   * `github_token`, `github_app_id`); empty values are left out, as the chart does.
   */
  public static secretData(data: Record<string, string>): GitHubAuth {
    return new SecretDataAuth(data && SECRET_KEY.appId in data ? 'app' : 'pat', data ?? {}, true);
  }

  /** `pat`, `app`, `existing-secret` or `external-secret`. */
  public abstract readonly kind: 'pat' | 'app' | 'existing-secret' | 'external-secret';
  /** The name of a pre-existing Secret, when `kind` is `existing-secret`. */
  public abstract readonly existingSecretName?: string;
  /** The data of the Secret to create (plain text; the Secret writes it base64-encoded). */
  public abstract readonly secretValues?: Record<string, string>;
  /** Where the operator reads the credentials, when `kind` is `external-secret`. */
  public abstract readonly externalSecretOptions?: ExternalSecretOptions;
}

/** A `SecretStore` or `ClusterSecretStore` of the External Secrets Operator. */
export interface SecretStoreRef {
  /** The store's name. */
  readonly name: string;
  /**
   * `SecretStore` (in the scale set's namespace) or `ClusterSecretStore`.
   * @default 'SecretStore'
   */
  readonly kind?: 'SecretStore' | 'ClusterSecretStore';
}

/** One value in the external secret manager (an ExternalSecret's `remoteRef`). */
export interface RemoteKey {
  /** The secret's key (path or name) in the manager. */
  readonly key: string;
  /** A property (field) of that secret, for managers that store several values under one key. @default - the whole value */
  readonly property?: string;
  /** A version of the secret, for managers that keep versions. @default - the current version */
  readonly version?: string;
}

/** Where the remote values of a GitHub App are. */
export interface RemoteGitHubApp {
  readonly appId: RemoteKey;
  readonly installationId: RemoteKey;
  /** The App's private key as PEM text. */
  readonly privateKey: RemoteKey;
}

/** `GitHubAuth.externalSecret(…)`: the store and the remote keys; set `patToken` or `githubApp`. */
export interface ExternalSecretOptions {
  readonly secretStoreRef: SecretStoreRef;
  /**
   * How often the operator reads the store again (a Go duration such as `1h` or `15m`; `0` reads once).
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /** Where the personal access token is. */
  readonly patToken?: RemoteKey;
  /** Where the GitHub App's three values are. */
  readonly githubApp?: RemoteGitHubApp;
}

/** The Secret keys and remote keys of an `ExternalSecretOptions`, in ARC's key order. */
export function externalSecretKeys(options: ExternalSecretOptions): { secretKey: string; remoteRef: RemoteKey }[] {
  if (options.githubApp) {
    const a = options.githubApp;
    return [
      { secretKey: SECRET_KEY.appId, remoteRef: a.appId },
      { secretKey: SECRET_KEY.installationId, remoteRef: a.installationId },
      { secretKey: SECRET_KEY.privateKey, remoteRef: a.privateKey },
    ];
  }
  return options.patToken ? [{ secretKey: SECRET_KEY.token, remoteRef: options.patToken }] : [];
}

/** Problems of `ExternalSecretOptions`, as construct validation messages. */
export function externalSecretProblems(options: ExternalSecretOptions): string[] {
  const problems: string[] = [];
  if (!options.secretStoreRef?.name) problems.push('externalSecret: secretStoreRef.name is required');
  const kind = options.secretStoreRef?.kind;
  if (kind !== undefined && !(EXTERNAL_SECRET.storeKinds as readonly string[]).includes(kind)) {
    problems.push(`externalSecret: secretStoreRef.kind "${kind}" is not allowed; allowed: ${EXTERNAL_SECRET.storeKinds.join(', ')}`);
  }
  if (!options.patToken === !options.githubApp) problems.push('externalSecret: set exactly one of patToken and githubApp');
  for (const { secretKey, remoteRef } of externalSecretKeys(options)) {
    if (!remoteRef?.key) problems.push(`externalSecret: the remote key of ${secretKey} is required`);
  }
  return problems;
}

/** How each factory is called, to name the argument in problems. */
const FACTORY: Record<GitHubAuth['kind'], string> = {
  'pat': 'GitHubAuth.personalAccessToken(token)',
  'app': 'GitHubAuth.app({appId, installationId, privateKey})',
  'existing-secret': 'GitHubAuth.existingSecret(name)',
  'external-secret': 'GitHubAuth.externalSecret({…})',
};

/**
 * Problems of the `auth` prop, with the rules the spec and Helm readers apply to the same
 * credentials (src/rules/credentials.ts), each naming the factory argument; never a value.
 * `auth` may be anything a JavaScript caller passed.
 */
export function authProblems(auth: unknown): string[] {
  const factories = Object.values(FACTORY).join(', ');
  if (auth === undefined || auth === null) return [`is required: ${factories}`];
  if (!(auth instanceof GitHubAuth)) return [`must be made by ${factories}, found ${Array.isArray(auth) ? 'a list' : typeof auth === 'object' ? 'a map' : `a ${typeof auth}`}`];
  const chartData = auth instanceof SecretDataAuth && auth.chartData;
  const call = chartData ? 'GitHubAuth.secretData(data)' : FACTORY[auth.kind];
  const out: string[] = [];
  const check = (arg: string, problem: RuleProblem) => {
    if (problem) out.push(`${call}: ${arg} ${problem}`);
  };
  if (auth.kind === 'existing-secret') {
    const name = auth.existingSecretName;
    if (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name)) out.push(`${call}: name must be the name of a Secret in the scale set's namespace (lowercase letters, digits, "-" and "."), found ${typeof name === 'string' ? `"${name}"` : String(name)}`);
    return out;
  }
  if (auth.kind === 'external-secret') return []; // the ExternalSecret construct checks its options
  const data = auth.secretValues ?? {};
  if (auth.kind === 'pat') {
    check(chartData ? SECRET_KEY.token : 'token', credentialWordProblem(data[SECRET_KEY.token], 'a GitHub personal access token'));
    return out;
  }
  const [appId, installationId, privateKey] = chartData ? [SECRET_KEY.appId, SECRET_KEY.installationId, SECRET_KEY.privateKey] : ['appId', 'installationId', 'privateKey'];
  check(appId, credentialWordProblem(data[SECRET_KEY.appId], 'the GitHub App ID'));
  check(installationId, credentialWordProblem(data[SECRET_KEY.installationId], 'the installation ID'));
  if (!chartData) check(privateKey, privateKeyPemProblem(data[SECRET_KEY.privateKey]));
  return out;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface GitHubAppOptions {
  /** The App's ID (or client ID). */
  readonly appId: string;
  /** The ID of the App's installation on the organization or repository. */
  readonly installationId: string;
  /** The App's private key, PEM text (not base64). */
  readonly privateKey: string;
}

class SecretDataAuth extends GitHubAuth {
  public readonly existingSecretName = undefined;
  public readonly externalSecretOptions = undefined;
  public constructor(
    public readonly kind: 'pat' | 'app',
    public readonly secretValues: Record<string, string>,
    /** Made by `secretData()`: the chart's map, whose private key the chart takes in any form. */
    public readonly chartData = false,
  ) {
    super();
  }
}

class ExistingSecretAuth extends GitHubAuth {
  public readonly kind = 'existing-secret' as const;
  public readonly secretValues = undefined;
  public readonly externalSecretOptions = undefined;
  public constructor(public readonly existingSecretName: string) {
    super();
  }
}

class ExternalSecretAuth extends GitHubAuth {
  public readonly kind = 'external-secret' as const;
  public readonly secretValues = undefined;
  public readonly existingSecretName = undefined;
  public constructor(public readonly externalSecretOptions: ExternalSecretOptions) {
    super();
  }
}
