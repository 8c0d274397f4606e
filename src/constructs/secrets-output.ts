import type { Construct } from 'constructs';
import type { SecretSealer } from './secret-sealer';

/**
 * Where the Secret holding a scale set's PAT or GitHub App credentials goes. Only credentials
 * given as values (`GitHubAuth.personalAccessToken`, `.app`, `.secretData`) are affected:
 * `existingSecret` writes nothing and `externalSecret` writes an `ExternalSecret`, which holds no
 * credential. Choose one with a static factory.
 */
export class SecretsOutput {
  /** A plain Secret (base64, not encrypted) beside the scale set's other objects, as ARC's chart writes it. */
  public static inline(): SecretsOutput {
    return new SecretsOutput(undefined, undefined);
  }

  /**
   * A plain Secret created in `scope` instead: e.g. a Chart of its own, synthesized to a folder
   * kept out of git and applied before the scale set's objects.
   */
  public static separate(scope: Construct): SecretsOutput {
    return new SecretsOutput(scope, undefined);
  }

  /**
   * A Bitnami `SealedSecret` encrypted with the cluster's sealing certificate, safe to commit; the
   * Sealed Secrets controller creates the Secret. Call `await sealer.seal()` after constructing
   * the scale sets and before synthesis.
   * @param scope where to create it @default - beside the scale set's other objects
   */
  public static sealed(sealer: SecretSealer, scope?: Construct): SecretsOutput {
    return new SecretsOutput(scope, sealer);
  }

  private constructor(
    /** The scope the object is created in; undefined: the scale set's own. */
    public readonly scope: Construct | undefined,
    /** The sealer, when the Secret is sealed. */
    public readonly sealer: SecretSealer | undefined,
  ) {}
}
