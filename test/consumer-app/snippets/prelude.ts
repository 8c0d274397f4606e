// The names a "```ts fragment" block of README.md or docs/ may use without declaring them: the
// consumer test (scripts/consumer-test.mjs, with scripts/doc-snippets.mjs) writes each fragment
// into this folder after an import of the names below it uses, and compiles it with the app.
import { App, Chart, JsonPatch } from 'cdk8s';
import { readFileSync } from 'node:fs';
import {
  ArcCrds, ContainerModes, GhaRunnerScaleSet, GhaRunnerScaleSetController, GitHubAuth, SecretSealer, SecretsOutput,
} from 'cdk8s-gha-runner-scale-set';

export { App, Chart, JsonPatch, readFileSync, ArcCrds, ContainerModes, GhaRunnerScaleSet, GhaRunnerScaleSetController, GitHubAuth, SecretSealer, SecretsOutput };

/** An app and a chart, as `cdk8s init` writes them. */
export const app = new App();
export const chart = new Chart(app, 'runners');
/** A controller, and a scale set it runs. */
export const controller = new GhaRunnerScaleSetController(chart, 'arc', { namespace: 'arc-systems', createNamespace: true });
export const runners = new GhaRunnerScaleSet(chart, 'linux', {
  namespace: 'arc-runners',
  createNamespace: true,
  githubConfigUrl: 'https://github.com/my-org',
  auth: GitHubAuth.existingSecret('github-app'),
  containerMode: ContainerModes.kubernetes({ workVolumeClaim: { size: '10Gi' } }),
  controller,
});
