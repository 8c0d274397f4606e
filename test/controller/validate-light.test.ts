/** `validate` and `--help` must not load cdk8s, controller specs included. */
jest.mock('cdk8s', () => {
  throw new Error('cdk8s was loaded');
});

import { main } from '../../src/cli';
import { controller, scaleSet, writeSpecs } from './support';

test('validate reads controller and scale set specs without cdk8s', () => {
  const { dir } = writeSpecs(controller('arc', 'namespace: arc-systems'), scaleSet('linux', 'namespace: arc-runners'));
  const out: string[] = [];
  const err: string[] = [];
  expect(main(['validate', '-f', dir], { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
  expect(out).toEqual(['2 specs valid']);
  expect(err).toEqual([]);
});
