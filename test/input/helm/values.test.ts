import { CHART_DEFAULT_VALUES, mergeValues, withChartDefaults } from '../../../src/input/helm/values';

describe('mergeValues (Helm\'s merge of values over defaults)', () => {
  test('maps are merged key by key', () => {
    expect(mergeValues({ a: { b: 1, c: 2 } }, { a: { c: 3, d: 4 } })).toEqual({ a: { b: 1, c: 3, d: 4 } });
  });
  test('lists are replaced, not merged', () => {
    expect(mergeValues({ l: [1, 2] }, { l: [3] })).toEqual({ l: [3] });
  });
  test('null removes a default', () => {
    expect(mergeValues({ a: 1, b: 2 }, { a: null })).toEqual({ b: 2 });
  });
  test('a scalar replaces a map (githubConfigSecret as a Secret name)', () => {
    expect(withChartDefaults({ githubConfigSecret: 'mine' }).githubConfigSecret).toBe('mine');
  });
  test('the defaults are not modified', () => {
    const before = JSON.stringify(CHART_DEFAULT_VALUES);
    withChartDefaults({ template: { spec: { containers: [] } }, githubConfigSecret: { github_app_id: '1' } });
    expect(JSON.stringify(CHART_DEFAULT_VALUES)).toBe(before);
  });
});

describe('the chart\'s defaults', () => {
  const v = withChartDefaults({}) as any;
  test('the default runner container', () => {
    expect(v.template.spec.containers).toEqual([{ name: 'runner', image: 'ghcr.io/actions/actions-runner:latest', command: ['/home/runner/run.sh'] }]);
  });
  test('template.spec keys merge beside the default containers', () => {
    const m = withChartDefaults({ template: { spec: { nodeSelector: { a: 'b' } } } }) as any;
    expect(m.template.spec.containers[0].name).toBe('runner');
    expect(m.template.spec.nodeSelector).toEqual({ a: 'b' });
  });
  test('an empty github_token, no runner limits, no container mode: the chart\'s values.yaml exactly (the values-hash covers it)', () => {
    expect(v.githubConfigSecret).toEqual({ github_token: '' });
    expect(v.minRunners).toBeUndefined();
    expect(v.maxRunners).toBeUndefined();
    expect(v.containerMode).toBeUndefined();
    expect(Object.keys(v)).toEqual(['githubConfigUrl', 'scaleSetLabels', 'githubConfigSecret', 'template', 'namespaceOverride']);
    expect([v.scaleSetLabels, v.namespaceOverride, v.githubConfigUrl]).toEqual([[], '', '']);
  });
});
