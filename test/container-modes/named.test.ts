import { containerModeNamed, HookTemplate, KubernetesMode, KubernetesNoVolumeMode, modeTraits } from '../../src/container-modes';

describe('containerModeNamed: the mode a spec file names, with the options it reads', () => {
  const rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }];
  const hookTemplate = HookTemplate.fromConfigMap('my-hooks');

  test('each name gives its mode', () => {
    expect(containerModeNamed('DIND').type).toBe('DIND');
    expect(containerModeNamed('DEFAULT').type).toBe('DEFAULT');
    expect(containerModeNamed('KUBERNETES').type).toBe('KUBERNETES');
    expect(containerModeNamed('KUBERNETES_NO_VOLUME').type).toBe('KUBERNETES_NO_VOLUME');
  });

  test('KUBERNETES reads the claim (size or whole spec), the extra Role rules and the hook template', () => {
    const m = containerModeNamed('KUBERNETES', { workVolumeClaim: { size: '5Gi', storageClass: 'fast' }, additionalRoleRules: rules, hookTemplate }) as KubernetesMode;
    expect(m.workVolumeClaim).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'fast' });
    expect(m.kubeModeRoleRules()).toEqual(expect.arrayContaining(rules));
    expect(m.hookTemplate).toBe(hookTemplate);
    expect((containerModeNamed('KUBERNETES') as KubernetesMode).workVolumeClaim).toEqual({});
  });

  test('KUBERNETES_NO_VOLUME reads the extra Role rules and the hook template', () => {
    const m = containerModeNamed('KUBERNETES_NO_VOLUME', { additionalRoleRules: rules, hookTemplate }) as KubernetesNoVolumeMode;
    expect(m.kubeModeRoleRules()).toEqual(expect.arrayContaining(rules));
    expect(m.hookTemplate).toBe(hookTemplate);
  });

  test('modeTraits reads the same modes', () => {
    expect(modeTraits('KUBERNETES').needsApiServer).toBe(true);
    expect(modeTraits('DEFAULT').needsApiServer).toBe(false);
  });
});
