/** Once per jest run, before any test file: compiles the CRD schemas for test/support/schema.ts. */
import { compileCrdValidators } from './support/schema';

export default function globalSetup(): void {
  compileCrdValidators();
}
