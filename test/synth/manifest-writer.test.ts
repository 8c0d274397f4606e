import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { scalar, toYaml, toYamlDocument } from '../../src/synth/manifest-writer';

describe('YAML writer', () => {
  test('writes block style with sequences indented under their key', () => {
    expect(toYamlDocument({ a: { b: ['x', { c: 1, d: [true] }] }, e: [], f: {} })).toBe(
      'a:\n  b:\n    - x\n    - c: 1\n      d:\n        - true\ne: []\nf: {}\n',
    );
  });

  test.each([
    ['plain', 'plain'], ['0.14.2', '"0.14.2"'], ['.', '"."'], ['E0', '"E0"'], ['123', '"123"'], ['1e3', '"1e3"'], ['true', '"true"'], ['yes', '"yes"'],
    ['null', '"null"'], ['', '""'], ['-r', '-r'], ['-', '"-"'], ['- x', '"- x"'], ['a: b', '"a: b"'], ['a #b', '"a #b"'],
    ['line\nbreak', '"line\\nbreak"'], ['unix:///var/run/docker.sock', 'unix:///var/run/docker.sock'], ['2024-01-01', '"2024-01-01"'],
    ['*alias', '"*alias"'], ['@x', '"@x"'], ['key:', '"key:"'], ['0x1F', '"0x1F"'], ['~', '"~"'], ['.inf', '".inf"'],
  ])('%j is written as %s', (input, output) => {
    expect(scalar(input)).toBe(output);
  });

  test('reads back as what was written, for any JSON value', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
    })).object;
    fc.assert(fc.property(json, (doc) => {
      expect(parse(toYamlDocument(doc), { schema: 'yaml-1.1' })).toEqual(JSON.parse(JSON.stringify(doc)));
      expect(parse(toYamlDocument(doc))).toEqual(JSON.parse(JSON.stringify(doc)));
    }), { numRuns: 500 });
  });

  test('a stream separates documents with ---', () => {
    expect(parseAllDocuments(toYaml([{ a: 1 }, { b: 2 }])).map((d) => d.toJS())).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
