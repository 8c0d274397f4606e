/** The names of the output files: they sort in apply order (namespaces and CRDs first). */
import { OUTPUT } from '../constants';
import { CONTROLLER_OUTPUT } from '../controller/constants';

/** The output file of one scale set. */
export function scaleSetFileName(namespace: string, name: string): string {
  return `${OUTPUT.scaleSetFilePrefix}${namespace}.${name}${OUTPUT.extension}`;
}

/** The file of one scale set's credentials Secret, in the `--secrets-dir` folder. */
export function secretFileName(namespace: string, name: string): string {
  return `${OUTPUT.secretFilePrefix}${namespace}.${name}${OUTPUT.extension}`;
}

/** The output file of one controller. */
export function controllerFileName(namespace: string, name: string): string {
  return `${CONTROLLER_OUTPUT.controllerFilePrefix}${namespace}.${name}${OUTPUT.extension}`;
}
