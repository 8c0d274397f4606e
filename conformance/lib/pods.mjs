// The pods that run from our output, built the way their makers build them, so that the real
// Pod Security admission can judge them (kubectl create --dry-run=server):
// - runner pods: ARC 0.14.2's EphemeralRunner reconciler (resourcebuilder.go, newEphemeralRunnerPod)
//   copies the AutoscalingRunnerSet's spec.template and adds env vars to the `runner` container;
// - listener pods: ARC's newScaleSetListenerPod, in the controller's namespace, a `listener`
//   container with a config Secret volume, merged with spec.listenerTemplate (mergeListenerPodWithTemplate);
// - controller pods: the controller Deployment's pod template;
// - job pods of the KUBERNETES modes: the container hooks shipped in the runner image
//   (runner-container-hooks; `k8s` 0.7: a `job` container and the runner's `work` claim;
//   `k8s-novolume` 0.8: an `fs-init` init container and emptyDir volumes).
// Only what these makers do to a pod spec is repeated here; names and images are placeholders.

import YAML from 'yaml';

const RUNNER = 'runner';
const LISTENER = 'listener';
const HOOKS_ENV = 'ACTIONS_RUNNER_CONTAINER_HOOKS';
const HOOKS_KUBE = '/home/runner/k8s/index.js';
const HOOKS_KUBE_NO_VOLUME = '/home/runner/k8s-novolume/index.js';
const HOOK_TEMPLATE_ENV = 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE';
/** The prefix of template containers the hooks merge into theirs (`$job`). */
const EXTENSION_PREFIX = '$';
/** The image the hooks give their init container when ACTIONS_RUNNER_IMAGE is unset. */
const RUNNER_IMAGE = 'ghcr.io/actions/actions-runner:latest';
const LISTENER_IMAGE = 'ghcr.io/actions/gha-runner-scale-set-controller:0.14.2';
/** Any job container image: the hooks take it from the workflow. */
const JOB_IMAGE = 'ubuntu:24.04';

const clone = (o) => (o === undefined ? undefined : structuredClone(o));
const dns = (s) => s.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 50).replace(/-+$/, '');

function pod(name, namespace, labels, annotations, spec) {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: dns(name), namespace, ...(labels && Object.keys(labels).length ? { labels } : {}), ...(annotations && Object.keys(annotations).length ? { annotations } : {}) },
    spec,
  };
}

/** The runner pod ARC makes from an AutoscalingRunnerSet. */
export function runnerPod(ars) {
  const tmpl = ars.spec?.template ?? {};
  const spec = clone(tmpl.spec ?? {});
  spec.containers = (spec.containers ?? []).map((c) => (c.name !== RUNNER ? c : {
    ...c,
    env: [...(c.env ?? []),
      { name: 'ACTIONS_RUNNER_INPUT_JITCONFIG', valueFrom: { secretKeyRef: { name: `${ars.metadata.name}-runner-jit`, key: 'jitToken' } } },
      { name: 'GITHUB_ACTIONS_RUNNER_EXTRA_USER_AGENT', value: 'actions-runner-controller/0.14.2' },
      { name: 'ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE', value: '1' }],
  }));
  const labels = {
    ...(ars.metadata.labels ?? {}),
    'app.kubernetes.io/component': 'runner', 'app.kubernetes.io/part-of': 'gha-runner-scale-set',
    'actions.github.com/scale-set-name': ars.metadata.name, 'actions.github.com/scale-set-namespace': ars.metadata.namespace,
    ...(tmpl.metadata?.labels ?? {}), 'actions-ephemeral-runner': 'True',
  };
  return pod(`${ars.metadata.name}-runner-conformance`, ars.metadata.namespace, labels, clone(tmpl.metadata?.annotations), spec);
}

/** The listener pod ARC makes for an AutoscalingRunnerSet, in the controller's namespace. */
export function listenerPod(ars, controllerNamespace, serviceAccountName) {
  const base = {
    serviceAccountName,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    containers: [{
      name: LISTENER, image: LISTENER_IMAGE, command: ['/ghalistener'],
      env: [{ name: 'LISTENER_CONFIG_PATH', value: '/etc/gha-listener/config.json' }],
      volumeMounts: [{ name: 'listener-config', mountPath: '/etc/gha-listener', readOnly: true }],
    }],
    volumes: [{ name: 'listener-config', secret: { secretName: `${ars.metadata.name}-listener-config` } }],
    restartPolicy: 'Never', terminationGracePeriodSeconds: 60,
  };
  const labels = { 'app.kubernetes.io/component': 'runner-scale-set-listener', 'app.kubernetes.io/part-of': 'gha-runner-scale-set', 'actions.github.com/scale-set-name': ars.metadata.name };
  const tmpl = ars.spec?.listenerTemplate;
  let annotations = {};
  if (tmpl) {
    annotations = { ...(tmpl.metadata?.annotations ?? {}) };
    for (const [k, v] of Object.entries(tmpl.metadata?.labels ?? {})) if (!(k in labels)) labels[k] = v;
    const t = clone(tmpl.spec ?? {});
    const listener = base.containers[0];
    for (const c of t.containers ?? []) {
      if (c.name !== LISTENER) { base.containers.push(c); continue; }
      // mergeListenerContainer: appended lists, replaced scalars and structs
      for (const k of ['env', 'args', 'ports', 'envFrom', 'volumeMounts', 'volumeDevices']) if (c[k]) listener[k] = [...(listener[k] ?? []), ...c[k]];
      if (c.image) listener.image = c.image;
      if (c.command?.length) listener.command = c.command;
      for (const k of ['imagePullPolicy', 'workingDir', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle',
        'terminationMessagePath', 'terminationMessagePolicy', 'securityContext', 'resizePolicy', 'restartPolicy', 'stdin', 'stdinOnce', 'tty']) {
        if (c[k] !== undefined) listener[k] = c[k]; else delete listener[k];
      }
    }
    if (t.restartPolicy) base.restartPolicy = t.restartPolicy;
    if (t.imagePullSecrets) base.imagePullSecrets = t.imagePullSecrets;
    if (t.nodeSelector) base.nodeSelector = t.nodeSelector;
    base.volumes.push(...(t.volumes ?? []));
    // the pod-level fields ARC copies as they are (absent in the template: absent in the pod)
    for (const k of ['initContainers', 'ephemeralContainers', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy', 'nodeName',
      'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'hostname', 'subdomain', 'affinity', 'schedulerName',
      'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks',
      'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims']) {
      if (t[k] !== undefined) base[k] = t[k]; else delete base[k];
    }
  }
  return pod(`${ars.metadata.name}-listener-conformance`, controllerNamespace, labels, annotations, base);
}

/** The controller pod a Deployment makes. */
export function deploymentPod(deployment) {
  const tmpl = deployment.spec?.template ?? {};
  return pod(`${deployment.metadata.name}-conformance`, deployment.metadata.namespace, clone(tmpl.metadata?.labels), clone(tmpl.metadata?.annotations), clone(tmpl.spec ?? {}));
}

/** Which container hooks the runner container is given, if any: 'k8s' | 'k8s-novolume' | undefined. */
export function hooksOf(ars) {
  const runner = (ars.spec?.template?.spec?.containers ?? []).find((c) => c.name === RUNNER);
  const v = (runner?.env ?? []).find((e) => e.name === HOOKS_ENV)?.value;
  if (v === HOOKS_KUBE) return 'k8s';
  if (v === HOOKS_KUBE_NO_VOLUME) return 'k8s-novolume';
  return undefined;
}

/**
 * The hook template the runner hands its container hooks (ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE):
 * the file is a mount of a ConfigMap; read from the output when the output has that ConfigMap.
 * Resolves {template} | {missing: why} | {} (no template).
 */
export function hookTemplateOf(ars, objects) {
  const spec = ars.spec?.template?.spec ?? {};
  const runner = (spec.containers ?? []).find((c) => c.name === RUNNER);
  const path = (runner?.env ?? []).find((e) => e.name === HOOK_TEMPLATE_ENV)?.value;
  if (!path) return {};
  const mount = (runner.volumeMounts ?? []).find((m) => m.mountPath === path);
  const volume = mount && (spec.volumes ?? []).find((v) => v.name === mount.name);
  const cmName = volume?.configMap?.name;
  const cm = cmName && objects.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === ars.metadata.namespace && o.metadata.name === cmName);
  const text = cm?.data?.[mount.subPath ?? ''];
  if (typeof text !== 'string') return { missing: `the hook template ${path} (ConfigMap ${cmName ?? '?'}) is not in the output` };
  return { template: YAML.parse(text) };
}

/** runner-container-hooks' merge of a template into the pod they build (mergeObjectMeta, mergePodSpecWithOptions, mergeContainerWithOptions). */
function applyHookTemplate(p, template) {
  const merge = (a, b) => [...(a ?? []), ...(b ?? [])];
  const meta = template.metadata ?? {};
  if (meta.labels) p.metadata.labels = { ...(p.metadata.labels ?? {}), ...meta.labels };
  if (meta.annotations) p.metadata.annotations = { ...(p.metadata.annotations ?? {}), ...meta.annotations };
  const tspec = template.spec ?? {};
  const jobFrom = (tspec.containers ?? []).find((c) => c.name === `${EXTENSION_PREFIX}job`);
  if (jobFrom) {
    const job = p.spec.containers.find((c) => c.name === 'job');
    for (const [k, v] of Object.entries(jobFrom)) {
      if (k === 'name' || k === 'image') continue;
      if (k === 'env' || ((k === 'volumeMounts' || k === 'ports') && v)) job[k] = merge(job[k], v);
      else job[k] = v;
    }
  }
  for (const [k, v] of Object.entries(tspec)) {
    if (k === 'containers') p.spec.containers.push(...clone(v).filter((c) => !c.name?.startsWith(EXTENSION_PREFIX)));
    else if (k === 'volumes' && v) p.spec.volumes = merge(p.spec.volumes, clone(v));
    else p.spec[k] = clone(v);
  }
  return p;
}

/** The job pod the container hooks start for a workflow job of this scale set's runners, if they use hooks. */
export function jobPod(ars, template) {
  const hooks = hooksOf(ars);
  if (!hooks) return undefined;
  const runnerPodName = `${ars.metadata.name}-runner-conformance`;
  const name = `${runnerPodName}-workflow`;
  const labels = { 'runner-pod': dns(runnerPodName) };
  const job = {
    name: 'job', image: JOB_IMAGE, command: ['tail'], args: ['-f', '/dev/null'],
    env: [{ name: 'GITHUB_ACTIONS', value: 'true' }, { name: 'CI', value: 'true' }],
  };
  if (hooks === 'k8s') {
    job.volumeMounts = [{ name: 'work', mountPath: '/__w' }, { name: 'work', mountPath: '/__e', subPath: 'externals' }, { name: 'work', mountPath: '/github/home', subPath: '_temp/_github_home' }, { name: 'work', mountPath: '/github/workflow', subPath: '_temp/_github_workflow' }];
    const p = pod(name, ars.metadata.namespace, labels, {}, {
      containers: [job], restartPolicy: 'Never',
      volumes: [{ name: 'work', persistentVolumeClaim: { claimName: `${dns(runnerPodName)}-work` } }],
    });
    return template ? applyHookTemplate(p, template) : p;
  }
  job.volumeMounts = [{ name: 'work', mountPath: '/__w' }, { name: 'externals', mountPath: '/__e' }, { name: 'github', mountPath: '/github' }];
  const p = pod(name, ars.metadata.namespace, labels, {}, {
    containers: [job], restartPolicy: 'Never',
    securityContext: { fsGroup: 1001 },
    initContainers: [{
      name: 'fs-init', image: RUNNER_IMAGE, command: ['sh', '-c', 'mkdir -p /mnt/externals /mnt/work /mnt/github'],
      securityContext: { runAsGroup: 1001, runAsUser: 1001 },
      volumeMounts: [{ name: 'externals', mountPath: '/mnt/externals' }, { name: 'work', mountPath: '/mnt/work' }, { name: 'github', mountPath: '/mnt/github' }],
    }],
    volumes: [{ name: 'externals', emptyDir: {} }, { name: 'github', emptyDir: {} }, { name: 'work', emptyDir: {} }],
  });
  return template ? applyHookTemplate(p, template) : p;
}

/** The namespace of the controller a scale set's manager RoleBinding names (where ARC runs its listener). */
export function controllerNamespaceOf(ars, objects) {
  const binding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.namespace === ars.metadata.namespace
    && o.metadata.name === ars.metadata.annotations?.['actions.github.com/cleanup-manager-role-binding']);
  return binding?.subjects?.find((s) => s.kind === 'ServiceAccount')?.namespace;
}

/**
 * Every pod our output leads to: {what, pod}. Runner, listener and job pods of each
 * AutoscalingRunnerSet, and the pod of each Deployment (the controller).
 * @param objects the objects of one output
 * @param defaultControllerNamespace where the listener runs when no RoleBinding tells
 */
export function podsOf(objects, defaultControllerNamespace = 'arc-systems') {
  const out = [];
  for (const d of objects.filter((o) => o.kind === 'Deployment')) out.push({ what: `controller pod of Deployment ${d.metadata.namespace}/${d.metadata.name}`, pod: deploymentPod(d) });
  for (const ars of objects.filter((o) => o.kind === 'AutoscalingRunnerSet')) {
    const id = `${ars.metadata.namespace}/${ars.metadata.name}`;
    out.push({ what: `runner pod of ${id}`, pod: runnerPod(ars) });
    const { template, missing } = hookTemplateOf(ars, objects);
    const job = jobPod(ars, template);
    if (job) out.push({ what: `job pod (container hooks ${hooksOf(ars)}${template ? ', with its hook template' : ''}) of ${id}`, pod: job, note: missing });
    const ns = controllerNamespaceOf(ars, objects) ?? defaultControllerNamespace;
    out.push({ what: `listener pod of ${id}`, pod: listenerPod(ars, ns, `${ars.metadata.name}-listener`.slice(0, 63)) });
  }
  return out;
}
