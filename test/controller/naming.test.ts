import { controllerFullName, controllerNames } from '../../src/controller/naming';
import { ARC_MAJOR_MINOR, incompatibleTag, majorMinor } from '../../src/controller/version';

describe('controllerFullName (the chart\'s fullname)', () => {
  test('appends -gha-rs-controller', () => expect(controllerFullName('arc')).toBe('arc-gha-rs-controller'));
  test('a release name containing gha-rs-controller is used as is', () => {
    expect(controllerFullName('gha-rs-controller')).toBe('gha-rs-controller');
    expect(controllerFullName('team-gha-rs-controller-blue')).toBe('team-gha-rs-controller-blue');
  });
  test('truncated to 63 characters, one trailing dash trimmed', () => {
    const release = `${'a'.repeat(45)}-bcdefgh`; // 53 characters, Helm's longest release name
    expect(controllerFullName(release)).toBe(`${release}-gha-rs-co`);
    expect(controllerFullName(release)).toHaveLength(63);
    // 55 + 8 characters end on the dash of "-gha-rs-": trimmed.
    expect(controllerFullName('a'.repeat(55))).toBe(`${'a'.repeat(55)}-gha-rs`);
  });
  test('role names add their suffix to the full name', () => {
    expect(controllerNames('arc')).toEqual({
      fullName: 'arc-gha-rs-controller',
      listenerRole: 'arc-gha-rs-controller-listener',
      singleNamespaceRole: 'arc-gha-rs-controller-single-namespace',
      singleNamespaceWatchRole: 'arc-gha-rs-controller-single-namespace-watch',
      leaderElectionRole: 'arc-gha-rs-controller-leader-election',
    });
  });
});

describe('the controller version, read from the image tag', () => {
  test('major.minor of version tags', () => {
    expect(majorMinor('0.14.2')).toBe('0.14');
    expect(majorMinor('v0.13.0')).toBe('0.13');
    expect(majorMinor('0.14.2-rc.1')).toBe('0.14');
    expect(majorMinor('latest')).toBeUndefined();
    expect(majorMinor('sha256-abc')).toBeUndefined();
  });
  test('only another major.minor is incompatible', () => {
    expect(ARC_MAJOR_MINOR).toBe('0.14');
    expect(incompatibleTag('0.14.0')).toBeUndefined();
    expect(incompatibleTag('canary')).toBeUndefined();
    expect(incompatibleTag('0.13.0')).toBe('0.13');
    expect(incompatibleTag('1.14.2')).toBe('1.14');
  });
});
