import { EXTERNAL_SECRET, SECRET_KEY } from '../constants';

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
      [SECRET_KEY.appId]: options.appId,
      [SECRET_KEY.installationId]: options.installationId,
      [SECRET_KEY.privateKey]: options.privateKey,
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
    return new SecretDataAuth(SECRET_KEY.appId in data ? 'app' : 'pat', data);
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
  public constructor(public readonly kind: 'pat' | 'app', public readonly secretValues: Record<string, string>) {
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
