import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { crdTexts, crdsYaml } from './crds';

/**
 * ARC 0.14.2's four CustomResourceDefinitions as ApiObjects. Put them in a Chart of their own
 * and apply that first: every other ARC object needs them.
 */
export class ArcCrds extends Construct {
  /** The four CustomResourceDefinitions as one YAML stream, as the controller chart ships them. */
  public static crdsYaml(): string {
    return crdsYaml();
  }

  /** The four CustomResourceDefinitions, one ApiObject each (`addJsonPatch` changes one). */
  public readonly crds: ApiObject[];

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.crds = crdTexts().map((text) => {
      const crd = parse(text);
      return new ApiObject(this, crd.metadata.name, crd);
    });
  }
}
