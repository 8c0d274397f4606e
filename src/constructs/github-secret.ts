import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GitHubAuth } from './github-auth';
import { ResourceMeta, ScaleSetContext } from './scale-set-context';

export interface GitHubSecretProps {
  readonly context: ScaleSetContext;
  readonly auth: GitHubAuth;
  readonly resourceMeta?: ResourceMeta;
}

/** The Secret holding PAT or GitHub App credentials; nothing when the auth names an existing Secret. */
export class GitHubSecret extends Construct {
  /** The name of the Secret the AutoscalingRunnerSet reads (created here or pre-existing). */
  public readonly secretName: string;
  /** The Secret; undefined when the auth names an existing one. */
  public readonly secret?: ApiObject;

  public constructor(scope: Construct, id: string, props: GitHubSecretProps) {
    super(scope, id);
    const { auth, context } = props;
    if (auth.existingSecretName !== undefined) {
      this.secretName = auth.existingSecretName;
      return;
    }
    this.secretName = context.names.githubSecret;
    const data: Record<string, string> = {};
    for (const key of Object.keys(auth.secretData ?? {}).sort()) {
      const value = auth.secretData![key];
      if (value) data[key] = Buffer.from(String(value)).toString('base64');
    }
    this.secret = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: context.meta(this.secretName, { resourceMeta: props.resourceMeta }),
      data,
    });
  }
}
