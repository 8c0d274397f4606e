import { fullName, persistentVolumeClaimName, scaleSetNames } from '../src/naming';
import { commonLabels, isReservedLabel, objectLabels } from '../src/labels';

describe('scaleSetNames', () => {
  test('derives every name from the scale set name', () => {
    expect(scaleSetNames('arc-runners')).toEqual({
      runnerSet: 'arc-runners',
      runnerEgressPolicy: 'arc-runners-gha-rs-runner-egress',
      githubSecret: 'arc-runners-gha-rs-github-secret',
      noPermissionServiceAccount: 'arc-runners-gha-rs-no-permission',
      kubeModeServiceAccount: 'arc-runners-gha-rs-kube-mode',
      kubeModeRole: 'arc-runners-gha-rs-kube-mode',
      kubeModeRoleBinding: 'arc-runners-gha-rs-kube-mode',
      managerRole: 'arc-runners-gha-rs-manager',
      managerRoleBinding: 'arc-runners-gha-rs-manager',
    });
  });

  test('replaces underscores where the chart does, and only there', () => {
    const n = scaleSetNames('my_runners');
    expect(n.runnerSet).toBe('my-runners');
    expect(n.githubSecret).toBe('my-runners-gha-rs-github-secret');
    expect(n.noPermissionServiceAccount).toBe('my-runners-gha-rs-no-permission');
    expect(n.kubeModeServiceAccount).toBe('my-runners-gha-rs-kube-mode');
    expect(n.managerRole).toBe('my_runners-gha-rs-manager');
    expect(n.kubeModeRole).toBe('my_runners-gha-rs-kube-mode');
  });

  test('truncates the full name at 63 characters and trims one trailing dash', () => {
    expect(fullName('a'.repeat(45))).toBe(`${'a'.repeat(45)}-gha-rs`);
    expect(fullName('a'.repeat(60))).toBe(`${'a'.repeat(60)}-gh`);
    expect(fullName('a'.repeat(62))).toBe('a'.repeat(62));
  });

  test('names shared-cache claims after the release', () => {
    expect(persistentVolumeClaimName('example-runners', 'npm-cache')).toBe('example-runners-npm-cache');
  });
});

describe('labels', () => {
  test('common labels carry the ARC version the controller checks', () => {
    expect(commonLabels('s', 'ns')).toEqual({
      'app.kubernetes.io/name': 's',
      'app.kubernetes.io/instance': 's',
      'app.kubernetes.io/version': '0.14.2',
      'app.kubernetes.io/part-of': 'gha-rs',
      'actions.github.com/scale-set-name': 's',
      'actions.github.com/scale-set-namespace': 'ns',
    });
  });

  test('user labels never override reserved keys or actions.github.com/*', () => {
    const l = objectLabels([{ 'team': 'a', 'app.kubernetes.io/version': '9.9.9', 'actions.github.com/x': 'y', 'app.kubernetes.io/component': 'z' }], 's', 'ns', 'manager-role');
    expect(l['app.kubernetes.io/version']).toBe('0.14.2');
    expect(l['actions.github.com/x']).toBeUndefined();
    expect(l['app.kubernetes.io/component']).toBe('manager-role');
    expect(l.team).toBe('a');
    expect(isReservedLabel('team')).toBe(false);
  });
});
