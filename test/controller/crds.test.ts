import * as fs from 'node:fs';

let mockCrdReads = 0;
jest.mock('../../src/controller/crds', () => {
  const actual = jest.requireActual('../../src/controller/crds');
  return {
    ...actual,
    crdsYaml: (...a: unknown[]) => {
      mockCrdReads++;
      return actual.crdsYaml(...a);
    },
  };
});

import { parse } from 'yaml';
import { CONTROLLER_LIMIT, CRD_FILES } from '../../src/controller/constants';
import { crdDir, crdTexts } from '../../src/controller/crds';
import { synthesizeFleet } from '../../src/synth/fleet';
import { controller, load, scaleSet } from './support';

describe('the CRDs', () => {
  test.each(CRD_FILES)('%s stays below the 256 KiB a client-side kubectl apply can annotate', (file) => {
    const text = fs.readFileSync(`${crdDir()}/${file}`, 'utf8');
    const json = JSON.stringify(parse(text));
    expect(Buffer.byteLength(json)).toBeLessThan(CONTROLLER_LIMIT.lastAppliedBytes);
    expect(CONTROLLER_LIMIT.lastAppliedBytes).toBe(256 * 1024);
  });

  test('four CRDs of group actions.github.com', () => {
    expect(crdTexts().map((t) => parse(t).spec.group)).toEqual(Array(4).fill('actions.github.com'));
  });

  test('a run without a controller never reads them', () => {
    const { result } = load(scaleSet('linux', 'namespace: arc-runners'));
    const before = mockCrdReads;
    synthesizeFleet(result!.specs, result!.controllers);
    expect(mockCrdReads).toBe(before);
  });

  test('a run with a controller writes them first', () => {
    const { result } = load(controller('arc', 'namespace: arc-systems'));
    const before = mockCrdReads;
    const names = synthesizeFleet(result!.specs, result!.controllers).map((f) => f.name);
    expect(mockCrdReads).toBe(before + 1);
    expect([...names].sort()).toEqual(names);
    expect(names[0]).toBe('00-crds.k8s.yaml');
  });
});
