import { SECRET_KEY } from '../constants';

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
   * Secret data exactly as the chart's `githubConfigSecret` map gives it (keys such as
   * `github_token`, `github_app_id`); empty values are left out, as the chart does.
   */
  public static secretData(data: Record<string, string>): GitHubAuth {
    return new SecretDataAuth(SECRET_KEY.appId in data ? 'app' : 'pat', data);
  }

  /** `pat`, `app` or `existing-secret`. */
  public abstract readonly kind: 'pat' | 'app' | 'existing-secret';
  /** The name of a pre-existing Secret, when `kind` is `existing-secret`. */
  public abstract readonly existingSecretName?: string;
  /** The data of the Secret to create (plain text; the Secret writes it base64-encoded). */
  public abstract readonly secretData?: Readonly<Record<string, string>>;
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
  public constructor(public readonly kind: 'pat' | 'app', public readonly secretData: Readonly<Record<string, string>>) {
    super();
  }
}

class ExistingSecretAuth extends GitHubAuth {
  public readonly kind = 'existing-secret' as const;
  public readonly secretData = undefined;
  public constructor(public readonly existingSecretName: string) {
    super();
  }
}
