/**
 * The files applied first: the Namespaces a fleet creates (one object per namespace, however
 * many specs ask for it) and ARC's CRDs when a controller is written.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { OUTPUT } from '../constants';
import { CONTROLLER_OUTPUT } from '../controller/constants';
import { PodSecurityLevel, podSecurityLabels } from '../rules/pod-security';
import { toYaml } from './manifest-writer';
import type { OutputFile } from './output';

export interface NamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * The Pod Security level its pods pass (`pod-security.kubernetes.io/enforce`, `warn`, `audit`).
   * @default - no labels (as the Pulumi/Terraform modules create it)
   */
  readonly podSecurityLevel?: PodSecurityLevel;
}

/** A Namespace, labelled with the Pod Security level of its pods. */
export class Namespace extends Construct {
  public readonly resource: ApiObject;

  public constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    const labels = props.podSecurityLevel ? { labels: podSecurityLabels(props.podSecurityLevel) } : {};
    this.resource = new ApiObject(this, 'Resource', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: props.name, ...labels } });
  }
}

/** The names of the files `headFiles` makes, in its order. */
export const HEAD_FILES: readonly string[] = [CONTROLLER_OUTPUT.crdsFile, OUTPUT.namespacesFile];

/** The namespaces file (when any namespace is created) and the CRDs file (with `withCrds`). */
export function headFiles(namespaces: readonly NamespaceProps[], withCrds: boolean): OutputFile[] {
  const files: OutputFile[] = [];
  if (withCrds) {
    // Loaded here only: a run without a controller never reads the CRDs.
    const { crdsYaml } = require('../controller/crds') as typeof import('../controller/crds');
    files.push({ name: CONTROLLER_OUTPUT.crdsFile, content: crdsYaml() });
  }
  if (namespaces.length) {
    const chart = new Chart(new App({ outdir: '.', recordConstructMetadata: false }), 'Namespaces', { disableResourceNameHashes: true });
    for (const ns of [...namespaces].sort((a, b) => a.name.localeCompare(b.name))) new Namespace(chart, ns.name, ns);
    files.push({ name: OUTPUT.namespacesFile, content: toYaml(chart.toJson()) });
  }
  return files;
}
