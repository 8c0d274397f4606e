import { synthesizeFleet } from '../../src/synth/fleet';
import { parseYaml } from '../support/compare';
import { controller, load, scaleSet } from './support';

const synth = (...texts: string[]) => {
  const { result, errors, warnings } = load(...texts);
  if (errors.length) throw new Error(errors.join('\n'));
  const files = synthesizeFleet(result!.specs, result!.controllers);
  return { files, objects: files.flatMap((f) => parseYaml(f.content)), warnings };
};

describe('a controller and scale sets in one run', () => {
  test('a scale set naming no controller ServiceAccount binds its manager Role to the run\'s controller, without a warning', () => {
    const { objects, warnings, files } = synth(
      controller('arc', 'namespace: arc-systems\ncreateNamespace: true\nserviceAccount:\n  name: arc-sa'),
      scaleSet('linux', 'namespace: arc-runners\ncreateNamespace: true'),
    );
    expect(warnings.filter((w) => w.includes('controllerServiceAccount'))).toEqual([]);
    const binding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'linux-gha-rs-manager')!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'arc-sa', namespace: 'arc-systems' }]);
    expect(files.map((f) => f.name)).toEqual([
      '00-crds.k8s.yaml', '00-namespaces.k8s.yaml', 'controller.arc-systems.arc.k8s.yaml', 'scale-set.arc-runners.linux.k8s.yaml',
    ]);
    expect(parseYaml(files[1].content).map((o) => o.metadata.name)).toEqual(['arc-runners', 'arc-systems']);
    // Both carry the same ARC version label.
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const ars = objects.find((o) => o.kind === 'AutoscalingRunnerSet')!;
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe(ars.metadata.labels['app.kubernetes.io/version']);
  });

  test('without a controller, the assumption of ARC\'s default install is a warning, and no CRDs are written', () => {
    const { files, warnings } = synth(scaleSet('linux', 'namespace: arc-runners'));
    expect(warnings).toContain('a.yaml: spec.controllerServiceAccount: not set: assuming the controller runs as ServiceAccount "arc-gha-rs-controller" in namespace "arc-systems" (ARC\'s default install); set it if yours differs, or add a KubernetesGhaRunnerScaleSetController spec (line 5)');
    expect(files.map((f) => f.name)).toEqual(['scale-set.arc-runners.linux.k8s.yaml']);
  });

  test('two controllers while a scale set relies on the implicit choice is an error naming the files', () => {
    const { errors } = load(
      controller('arc', 'namespace: arc-systems'),
      controller('team-b', 'namespace: team-b-arc\nflags:\n  watchSingleNamespace: team-b'),
      scaleSet('linux', 'namespace: team-b'),
      scaleSet('pinned', 'namespace: arc-runners\ncontrollerServiceAccount:\n  namespace: arc-systems\n  name: arc-gha-rs-controller'),
    );
    expect(errors).toEqual([
      'c.yaml: spec.controllerServiceAccount: not set, but 2 controllers are in the specs, so which one runs this scale set is ambiguous; name its ServiceAccount (allowed: {namespace: arc-systems, name: arc-gha-rs-controller} for "arc" (a.yaml; ServiceAccount arc-systems/arc-gha-rs-controller); {namespace: team-b-arc, name: team-b-gha-rs-controller} for "team-b" (b.yaml; ServiceAccount team-b-arc/team-b-gha-rs-controller)) (line 5)',
    ]);
  });

  test('a scale set outside a single-namespace controller\'s namespace is an error naming both namespaces', () => {
    const { errors } = load(
      controller('team-a', 'namespace: team-a-arc\nflags:\n  watchSingleNamespace: team-a-runners'),
      scaleSet('linux', 'namespace: team-b-runners'),
    );
    expect(errors).toEqual([
      'b.yaml: spec.namespace: "team-b-runners" is outside the one namespace its controller "team-a" (a.yaml; ServiceAccount team-a-arc/team-a-gha-rs-controller) watches: "team-a-runners" (its flags.watchSingleNamespace); the controller would never see this scale set. Put the scale set in "team-a-runners" or change the controller\'s watchSingleNamespace (line 9)',
    ]);
  });

  test('a single-namespace controller and its scale set: the watch Role lives where the scale set is', () => {
    const { objects } = synth(
      controller('team-a', 'namespace: team-a-arc\nflags:\n  watchSingleNamespace: team-a-runners'),
      scaleSet('linux', 'namespace: team-a-runners'),
    );
    expect(objects.filter((o) => o.kind === 'ClusterRole')).toEqual([]);
    const watch = objects.find((o) => o.kind === 'Role' && o.metadata.name === 'team-a-gha-rs-controller-single-namespace-watch')!;
    expect(watch.metadata.namespace).toBe('team-a-runners');
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    expect(deployment.metadata.labels['actions.github.com/controller-watch-single-namespace']).toBe('team-a-runners');
  });

  test('a controller image of another ARC major.minor is an error naming the controller and its scale sets', () => {
    const { errors } = load(
      controller('arc', 'namespace: arc-systems\ncontainer:\n  image:\n    tag: 0.13.0'),
      scaleSet('linux', 'namespace: arc-runners'),
    );
    expect(errors).toEqual([
      'a.yaml: spec.container.image.tag: "0.13.0" runs ARC 0.13, but the scale sets it runs (b.yaml) carry app.kubernetes.io/version 0.14.2 and the controller reconciles only scale sets of its own major.minor; the CRDs and RBAC written with it are 0.14.2\'s too. Use a 0.14.x tag, or leave the tag out for 0.14.2 (line 9)',
    ]);
  });

  test('a 0.14.x patch tag is fine and is the image the manager passes on', () => {
    const { objects } = synth(controller('arc', 'namespace: arc-systems\ncontainer:\n  image:\n    repository: registry.example.com/arc\n    tag: 0.14.1'));
    const c = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0];
    expect(c.image).toBe('registry.example.com/arc:0.14.1');
    expect(c.env[0]).toEqual({ name: 'CONTROLLER_MANAGER_CONTAINER_IMAGE', value: 'registry.example.com/arc:0.14.1' });
  });

  test('HA: leader election Role and binding, named after the full name', () => {
    const { objects } = synth(controller('arc', 'namespace: arc-systems\nreplicaCount: 2\nflags:\n  updateStrategy: eventual'));
    const role = objects.find((o) => o.kind === 'Role' && o.metadata.name === 'arc-gha-rs-controller-leader-election')!;
    expect(role.metadata.namespace).toBe('arc-systems');
    expect(role.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'watch', 'list', 'delete', 'update', 'create'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    const binding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'arc-gha-rs-controller-leader-election')!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'arc-gha-rs-controller', namespace: 'arc-systems' }]);
    expect(objects.find((o) => o.kind === 'Deployment')!.spec.replicas).toBe(2);
  });

  test('serviceAccount.create false: no ServiceAccount, and the named one everywhere', () => {
    const { objects } = synth(controller('arc', 'namespace: arc-systems\nserviceAccount:\n  create: false\n  name: existing'));
    expect(objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
    expect(objects.find((o) => o.kind === 'ClusterRoleBinding')!.subjects[0].name).toBe('existing');
    const d = objects.find((o) => o.kind === 'Deployment')!;
    expect(d.spec.template.spec.serviceAccountName).toBe('existing');
    expect(d.metadata.labels['actions.github.com/controller-service-account-name']).toBe('existing');
  });

  test('two controllers with the same release name collide on their ClusterRole', () => {
    const { result } = load(controller('arc', 'namespace: one'), controller('arc', 'namespace: two'));
    expect(() => synthesizeFleet(result!.specs, result!.controllers)).toThrow(/b\.yaml: writes ClusterRole arc-gha-rs-controller, which \S*a\.yaml writes too/);
  });
});
