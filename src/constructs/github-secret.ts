import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { EXTERNAL_SECRET, OWN_ANNOTATION, SEALED_SECRET } from '../constants';
import type { ObjectMeta } from '../k8s';
import { ExternalSecretOptions, GitHubAuth, externalSecretKeys, externalSecretProblems } from './github-auth';
import { ResourceMeta, ScaleSetContext } from './scale-set-context';
import type { SecretSealer } from './secret-sealer';
import { SecretsOutput } from './secrets-output';

export interface GitHubSecretProps {
  readonly context: ScaleSetContext;
  readonly auth: GitHubAuth;
  readonly resourceMeta?: ResourceMeta;
  /** Where and how a Secret holding credentials is written. @default SecretsOutput.inline() */
  readonly output?: SecretsOutput;
}

/**
 * The credentials the AutoscalingRunnerSet reads: a Secret (plain or sealed) holding PAT or GitHub
 * App credentials, an ExternalSecret that makes one, or nothing when the auth names an existing Secret.
 */
export class GitHubSecret extends Construct {
  /** The name of the Secret the AutoscalingRunnerSet reads (created here, by an operator, or pre-existing). */
  public readonly secretName: string;
  /**
   * The object written: the Secret, the SealedSecret or the ExternalSecret (wherever `output` put
   * it); undefined when the auth names an existing Secret.
   */
  public readonly secret?: ApiObject;

  public constructor(scope: Construct, id: string, props: GitHubSecretProps) {
    super(scope, id);
    const { auth, context } = props;
    if (auth.existingSecretName !== undefined) {
      this.secretName = auth.existingSecretName;
      return;
    }
    this.secretName = context.names.githubSecret;
    const meta = context.meta(this.secretName, { resourceMeta: props.resourceMeta });
    if (auth.externalSecretOptions) {
      this.secret = externalSecret(this, meta, auth.externalSecretOptions);
      return;
    }
    const data: Record<string, string> = {};
    for (const key of Object.keys(auth.secretValues ?? {}).sort()) {
      const value = auth.secretValues![key];
      if (value) data[key] = String(value);
    }
    this.secret = credentialsSecret(this, meta, data, props.output);
  }
}

/**
 * A Secret holding credentials, written where `output` says: beside `owner`'s objects (plain, as
 * the charts write it), in another scope, or sealed. `meta` names it (name and namespace set).
 */
export function credentialsSecret(owner: Construct, meta: ObjectMeta, data: Record<string, string>, output: SecretsOutput = SecretsOutput.inline(), type?: string): ApiObject {
  // In another scope (a chart of the user's), the id must tell the scale sets' Secrets apart.
  const [where, objectId] = output.scope ? [output.scope, `${meta.namespace}.${meta.name}`] : [owner, 'Resource'];
  if (output.sealer) return sealedSecret(where, objectId, owner, meta, data, output.sealer);
  return new ApiObject(where, objectId, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta,
    ...(type ? { type } : {}),
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  });
}

/**
 * A SealedSecret: the Secret's metadata (with ARC's cleanup finalizer) goes to its template, which
 * the Sealed Secrets controller gives the Secret; the SealedSecret itself carries no finalizer,
 * since nothing would remove it.
 */
function sealedSecret(scope: Construct, id: string, owner: Construct, meta: ObjectMeta, data: Record<string, string>, sealer: SecretSealer): ApiObject {
  const sealed = sealer._add({ namespace: meta.namespace!, name: meta.name!, data });
  owner.node.addValidation({
    validate: () => (sealed.encryptedData ? [] : [`the credentials of Secret ${meta.namespace}/${meta.name} are not sealed yet: call \`await sealer.seal()\` before synthesis`]),
  });
  const { finalizers: _kept, ...own } = meta;
  return new ApiObject(scope, id, {
    apiVersion: SEALED_SECRET.apiVersion,
    kind: SEALED_SECRET.kind,
    metadata: {
      ...own,
      annotations: { ...meta.annotations, [SEALED_SECRET.namespaceWideAnnotation]: 'true', [OWN_ANNOTATION.sealedFingerprint]: sealed.fingerprint },
    },
    spec: {
      encryptedData: Lazy.any({ produce: () => sealed.encryptedData }),
      template: { metadata: meta },
    },
  });
}

/** An ExternalSecret the operator turns into the Secret ARC reads; no finalizer (nothing would remove it). */
function externalSecret(scope: Construct, meta: ObjectMeta, options: ExternalSecretOptions): ApiObject {
  scope.node.addValidation({ validate: () => externalSecretProblems(options) });
  const { finalizers: _none, ...own } = meta;
  return new ApiObject(scope, 'Resource', {
    apiVersion: EXTERNAL_SECRET.apiVersion,
    kind: EXTERNAL_SECRET.kind,
    metadata: own,
    spec: {
      refreshInterval: options.refreshInterval ?? EXTERNAL_SECRET.defaultRefreshInterval,
      secretStoreRef: { name: options.secretStoreRef?.name, kind: options.secretStoreRef?.kind ?? EXTERNAL_SECRET.defaultStoreKind },
      target: { name: meta.name, creationPolicy: EXTERNAL_SECRET.creationPolicy },
      data: externalSecretKeys(options).map(({ secretKey, remoteRef }) => ({
        secretKey,
        remoteRef: {
          key: remoteRef.key,
          ...(remoteRef.property ? { property: remoteRef.property } : {}),
          ...(remoteRef.version ? { version: remoteRef.version } : {}),
        },
      })),
    },
  });
}
