/**
 * From a checked `KubernetesGhaRunnerScaleSet` spec (Project Planton's format) to the construct's props: its fields mapped onto the chart's model.
 */
import { DEFAULT_RUNNER_IMAGE_REPOSITORY, DEFAULT_RUNNER_IMAGE_TAG } from '../constants';
import { ContainerMode, containerModeNamed, HookTemplate } from '../container-modes';
import { GhaRunnerScaleSetProps } from '../constructs/gha-runner-scale-set';
import { GitHubAuth } from '../constructs/github-auth';
import { ScaleSetSpec } from './scale-set-spec';

/** The spec's hook template: inline, or an existing ConfigMap. */
function hookTemplate(s: ScaleSetSpec): HookTemplate | undefined {
  const { hookTemplate: t, hookTemplateConfigMap: ref } = s.containerMode;
  return t ? HookTemplate.fromPodTemplate(t) : ref ? HookTemplate.fromConfigMap(ref) : undefined;
}

/** The spec's mode, built in container-modes/ from the options the spec gives. */
function containerMode(s: ScaleSetSpec): ContainerMode {
  const m = s.containerMode;
  return containerModeNamed(m.type, { workVolumeClaim: m.workVolumeClaim, additionalRoleRules: m.kubernetesModeAdditionalRoleRules, hookTemplate: hookTemplate(s) });
}

function auth(s: ScaleSetSpec): GitHubAuth {
  const g = s.github;
  if (g.patToken) return GitHubAuth.personalAccessToken(g.patToken.token);
  if (g.githubApp) return GitHubAuth.app(g.githubApp);
  if (g.externalSecret) return GitHubAuth.externalSecret(g.externalSecret);
  return GitHubAuth.existingSecret(g.existingSecretName!);
}

export function specToProps(s: ScaleSetSpec): GhaRunnerScaleSetProps {
  const img = s.runner.image;
  const image = img?.repository || img?.tag
    ? `${img.repository || DEFAULT_RUNNER_IMAGE_REPOSITORY}:${img.tag || DEFAULT_RUNNER_IMAGE_TAG}`
    : undefined;
  return {
    releaseName: s.name,
    namespace: s.namespace,
    createNamespace: s.createNamespace,
    scaleSetName: s.runnerScaleSetName,
    githubConfigUrl: s.github.configUrl,
    auth: auth(s),
    minRunners: s.minRunners,
    maxRunners: s.maxRunners,
    runnerGroup: s.runnerGroup,
    containerMode: containerMode(s),
    runner: {
      image,
      imagePullPolicy: img?.pullPolicy,
      resources: s.runner.resources,
      env: s.runner.env.length ? s.runner.env : undefined,
      volumeMounts: s.runner.volumeMounts.length ? s.runner.volumeMounts : undefined,
    },
    persistentVolumes: s.persistentVolumes,
    controllerServiceAccount: s.controllerServiceAccount,
    imagePullSecrets: s.imagePullSecrets,
    labels: s.labels,
    annotations: s.annotations,
    proxy: s.proxy,
    githubServerTls: s.githubServerTLS,
    scaleSetLabels: s.scaleSetLabels,
    listenerTemplate: s.listenerTemplate,
    listenerMetrics: s.listenerMetrics as GhaRunnerScaleSetProps['listenerMetrics'],
    vaultConfig: s.keyVault,
    resourceMeta: s.resourceMeta,
    template: s.template,
    kubeVersion: s.kubeVersion,
    podSecurity: s.podSecurity,
    egressPolicy: s.egressPolicy,
  };
}
