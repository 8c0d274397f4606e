/**
 * The `gha-runner-scale-set-experimental` chart's default values (0.14.2): the uncommented part
 * of its values.yaml, exactly, since the chart's `values-hash` covers them too. Pure data.
 */
import { DEFAULT_RUNNER_IMAGE_REPOSITORY, DEFAULT_RUNNER_IMAGE_TAG, DIND_IMAGE, DOCKER_GROUP_GID, DOCKER_HOST, EXPERIMENTAL, PATH } from '../../constants';
import type { ValueMap } from '../chart-fields';
import { mergeValues } from './values';

const meta = () => ({ metadata: { labels: {}, annotations: {} } });

/** The objects `resource.<key>.metadata` decorates (`managerRole` and `kubernetesModeRole` take `extraRules` too). */
export const EXPERIMENTAL_RESOURCE_KEYS = [
  'all', 'autoscalingRunnerSet', 'autoscalingListener', 'listenerServiceAccount', 'listenerRole', 'listenerRoleBinding',
  'listenerConfigSecret', 'ephemeralRunnerSet', 'ephemeralRunner', 'ephemeralRunnerConfigSecret', 'managerRole',
  'managerRoleBinding', 'noPermissionServiceAccount', 'kubernetesModeRoleBinding', 'kubernetesModeRole', 'kubernetesModeServiceAccount',
] as const;
export type ExperimentalResourceKey = typeof EXPERIMENTAL_RESOURCE_KEYS[number];

export const EXPERIMENTAL_CHART_DEFAULT_VALUES: ValueMap = {
  namespaceOverride: '',
  scaleset: { name: '', runnerGroup: 'default', labels: [] },
  auth: { url: '', githubToken: '', secretName: '', app: { clientId: '', installationId: '', privateKey: '' } },
  secretResolution: { type: EXPERIMENTAL.kubernetesSecrets },
  resource: Object.fromEntries(EXPERIMENTAL_RESOURCE_KEYS.map((k) => [k, k === 'managerRole' || k === 'kubernetesModeRole' ? { ...meta(), extraRules: [] } : meta()])),
  runner: {
    mode: EXPERIMENTAL.mode.empty,
    pod: { metadata: { labels: {}, annotations: {} }, spec: { containers: [], initContainers: [], volumes: [] } },
    container: { image: `${DEFAULT_RUNNER_IMAGE_REPOSITORY}:${DEFAULT_RUNNER_IMAGE_TAG}`, command: [PATH.runScript] },
    dind: {
      copyRunnerExternals: true,
      dockerGroupId: DOCKER_GROUP_GID,
      dockerSock: DOCKER_HOST,
      waitForDockerInSeconds: EXPERIMENTAL.dockerWaitSeconds,
      container: { image: DIND_IMAGE },
    },
    kubernetesMode: {
      serviceAccountName: '',
      hookPath: PATH.kubeHooks,
      requireJobContainer: true,
      workVolumeClaim: {},
    },
  },
  controllerServiceAccount: { namespace: '', name: '' },
};

/** The top-level keys the chart reads (besides the defaults' keys: the commented-out ones and the undocumented `runnerScaleSetName`). */
export const EXPERIMENTAL_VALUE_KEYS: readonly string[] = [
  ...Object.keys(EXPERIMENTAL_CHART_DEFAULT_VALUES), 'runnerScaleSetName', 'proxy', 'listenerPodTemplate', 'githubServerTLS', 'listenerMetrics',
];

/** A values file merged over the experimental chart's defaults. */
export function withExperimentalChartDefaults(user: ValueMap): ValueMap {
  return mergeValues(EXPERIMENTAL_CHART_DEFAULT_VALUES, user) as ValueMap;
}
