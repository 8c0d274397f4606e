/**
 * The hook extension: a job-pod template that the kubernetes modes' container hooks merge into
 * every pod they start for a workflow job. Written as ARC 0.14.2's
 * `gha-runner-scale-set-experimental` chart writes it (templates/hook_extension.yaml and
 * `runner-mode-kubernetes.*` in _mode_kubernetes.tpl): a ConfigMap holding the template under the
 * key `extension`, a `hook-extension` volume in the runner pod, its mount as `hook-template.yaml`
 * beside the hook script, and `ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE` pointing at that file.
 *
 * Pure functions and a value class: no construct, no I/O.
 */
import { stringify } from 'yaml';
import { CONTAINER, ENV, HOOK_EXTENSION, VOLUME } from '../constants';
import { cleanPath, goDir, trunc63 } from '../go-template';
import { Container, EnvVar, ObjectMeta, PodSpec, PodTemplate, Volume, VolumeMount } from '../k8s';

/** The hook extension ConfigMap, as written. */
export interface HookExtensionConfigMap {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: ObjectMeta;
  readonly data: Record<string, string>;
}

/** The hook extension ConfigMap's own part: its name and the template's text. */
export interface HookExtensionData {
  readonly name: string;
  /** The template as text, the ConfigMap's `extension` key. */
  readonly extension: string;
}

/** What the hook extension ConfigMap is made of. */
export interface HookExtensionConfigMapProps {
  readonly name: string;
  /** The scale set's namespace (the chart ignores any namespace given with the extension). */
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** The template as text (see `hookExtensionYaml`). */
  readonly extension: string;
}

/** `<scale set name>-hook-extension`, cut to 63 characters as the chart cuts it: the ConfigMap's default name. */
export function hookExtensionName(scaleSetName: string): string {
  return trunc63(`${scaleSetName}-${HOOK_EXTENSION.nameSuffix}`);
}

/** The file the template is mounted as: `hook-template.yaml` in the hook script's folder (`dir hookPath`). */
export function hookTemplatePath(hooksPath: string): string {
  return cleanPath(`${goDir(hooksPath)}/${HOOK_EXTENSION.templateFile}`);
}

/** The env var that tells the hooks where the template is. The chart leaves it out when the user's env sets it. */
export function hookTemplateEnv(hooksPath: string): EnvVar {
  return { name: ENV.containerHookTemplate, value: hookTemplatePath(hooksPath) };
}

/** The runner's mount of the ConfigMap's `extension` key as the template file, read-only. */
export function hookExtensionMount(hooksPath: string): VolumeMount {
  return { name: VOLUME.hookExtension, mountPath: hookTemplatePath(hooksPath), subPath: HOOK_EXTENSION.key, readOnly: true };
}

/** The runner pod's volume of the ConfigMap (one written here, or an existing one named by the user). */
export function hookExtensionVolume(configMapName: string): Volume {
  return { name: VOLUME.hookExtension, configMap: { name: configMapName } };
}

/** The ConfigMap: labels and annotations as given, the template under `extension`. No finalizer (the chart puts none). */
export function hookExtensionConfigMap(p: HookExtensionConfigMapProps): HookExtensionConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      labels: p.labels,
      ...(p.annotations && Object.keys(p.annotations).length ? { annotations: p.annotations } : {}),
    },
    data: { [HOOK_EXTENSION.key]: p.extension },
  };
}

/**
 * The template as the chart's `toYaml` writes it into the ConfigMap (keys sorted, lists not
 * indented under their key, YAML 1.1 words such as `yes` quoted), without the final newline
 * (the chart's `|-`). The hooks parse it back, so what counts is that it reads as the same object.
 */
export function hookExtensionYaml(template: PodTemplate | Record<string, unknown>): string {
  return stringify(template, {
    version: '1.1',
    sortMapEntries: true,
    indentSeq: false,
    lineWidth: 0,
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    singleQuote: false,
  }).replace(/\n+$/, '');
}

/** The runner container's additions: env (unless the user's env names it) and mount. */
export function withHookTemplate(runner: Container, hooksPath: string): Container {
  const env = runner.env ?? [];
  return {
    ...runner,
    env: env.some((e) => e.name === ENV.containerHookTemplate) ? env : [...env, hookTemplateEnv(hooksPath)],
    volumeMounts: [...(runner.volumeMounts ?? []), hookExtensionMount(hooksPath)],
  };
}

/**
 * A job-pod template for the kubernetes modes, or the name of an existing ConfigMap holding one
 * under the key `extension`.
 */
export class HookTemplate {
  /**
   * A template written into a ConfigMap of the scale set (`<scale set name>-hook-extension`).
   * `spec.containers` entries named `$job` are merged into the job container the hooks create;
   * other containers are added to the job pod; other pod fields replace the hooks' own.
   */
  public static fromPodTemplate(template: PodTemplate): HookTemplate {
    return new HookTemplate(template, undefined);
  }

  /** An existing ConfigMap in the scale set's namespace, holding the template under the key `extension`. */
  public static fromConfigMap(name: string): HookTemplate {
    return new HookTemplate(undefined, name);
  }

  private constructor(
    /** The template, when given inline. */
    public readonly template: PodTemplate | undefined,
    /** The existing ConfigMap's name, when one is named. */
    public readonly configMapName: string | undefined,
  ) {}

  /** The ConfigMap the runner pod mounts: the named one, else the one written for `scaleSetName`. */
  public configMapFor(scaleSetName: string): string {
    return this.configMapName ?? hookExtensionName(scaleSetName);
  }
}

type Obj = Record<string, unknown>;

/** The container-hooks' `mergeContainerWithOptions`: env, mounts and ports appended, name and image kept, the rest replaced. */
function mergeContainer(base: Container, from: Container): Container {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(from)) {
    if (key === 'name' || key === 'image') continue;
    if (key === 'env' || key === 'volumeMounts' || key === 'ports') {
      const add = (value as unknown[] | undefined) ?? [];
      out[key] = [...(((base as unknown as Obj)[key] as unknown[] | undefined) ?? []), ...add];
    } else out[key] = value;
  }
  return out as unknown as Container;
}

/**
 * A job pod as the container hooks build it with the template applied (runner-container-hooks'
 * `mergeObjectMeta`, `mergePodSpecWithOptions`, and `mergeContainerWithOptions` for the job
 * container): labels and annotations added; `$job` merged into the job container; the template's
 * other containers not named `$…` appended; volumes appended; every other pod field replaced.
 */
export function applyHookTemplate(base: PodTemplate, template: PodTemplate): PodTemplate {
  const tspec: PodSpec = template.spec ?? {};
  const prefixed = (c: Container) => c.name?.startsWith(HOOK_EXTENSION.containerPrefix);
  const jobFrom = (tspec.containers ?? []).find((c) => c.name === HOOK_EXTENSION.containerPrefix + CONTAINER.job);
  const spec: Obj = { ...(base.spec ?? {}) };
  spec.containers = ((base.spec?.containers ?? []) as Container[]).map((c) => (c.name === CONTAINER.job && jobFrom ? mergeContainer(c, jobFrom) : c));
  for (const [key, value] of Object.entries(tspec)) {
    if (key === 'containers') (spec.containers as Container[]).push(...((value as Container[] | undefined) ?? []).filter((c) => !prefixed(c)));
    else if (key === 'volumes' && value) spec.volumes = [...((spec.volumes as Volume[] | undefined) ?? []), ...(value as Volume[])];
    else spec[key] = value;
  }
  const md = template.metadata;
  const labels = { ...(base.metadata?.labels ?? {}), ...(md?.labels ?? {}) };
  const annotations = { ...(base.metadata?.annotations ?? {}), ...(md?.annotations ?? {}) };
  const metadata = Object.keys(labels).length || Object.keys(annotations).length
    ? { ...(Object.keys(labels).length ? { labels } : {}), ...(Object.keys(annotations).length ? { annotations } : {}) }
    : undefined;
  return { ...(metadata ? { metadata } : {}), spec: spec as PodSpec };
}
