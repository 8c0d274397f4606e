/**
 * The values-hash annotation: Go's JSON as Helm's toJson writes it, Helm's reading of YAML
 * scalars, and the hash of spec files and the construct (credentials count, unchanged input
 * gives unchanged bytes).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { GhaRunnerScaleSet, GitHubAuth } from '../src';
import { coalesceLikeHelm, readValuesLikeHelm } from '../src/input/helm/helm-yaml';
import { CHART_DEFAULT_VALUES } from '../src/input/helm/values';
import { specToProps } from '../src/input/to-props';
import { synthesizeFleet } from '../src/synth/fleet';
import { goJson, valuesHash } from '../src/values-hash';
import { load, specDoc } from './support/specs';

const HASH = 'actions.github.com/values-hash';

describe('goJson: Go encoding/json as Helm\'s toJson uses it', () => {
  test('map keys sorted by their UTF-8 bytes, no spaces, null for nil', () => {
    expect(goJson({ b: 1, a: [true, null], Z: {}, 'é': 'x' })).toBe('{"Z":{},"a":[true,null],"b":1,"é":"x"}');
    // U+FF61 (EF BD A1) sorts before U+1F600 (F0 9F 98 80), though its UTF-16 code unit is higher
    expect(goJson({ '\u{1F600}': 1, '\uFF61': 2 })).toBe('{"\uFF61":2,"\u{1F600}":1}');
  });

  test('HTML-safe escapes, U+2028 and U+2029, short escapes, other controls as \\u00XX', () => {
    expect(goJson('<a href="x">&</a>')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
    expect(goJson('\u2028\u2029\n\r\t\b\f\\\u0001\u001f\u007f/')).toBe('"\\u2028\\u2029\\n\\r\\t\\b\\f\\\\\\u0001\\u001f\u007f/"');
    expect(goJson('\ud800')).toBe('"\\ufffd"');
  });

  test('its fast paths (JSON.stringify of a copy in Go\'s key order, strings with nothing to escape, keys compared as UTF-16 below U+D800) agree with escaping and sorting character by character', () => {
    // the straightforward encoding, as goJson was first written
    const slowString = (s: string) => `"${[...s].map((ch) => {
      const code = ch.codePointAt(0)!;
      const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
      if (short[ch]) return short[ch];
      if (code < 0x20 || '<>&\u2028\u2029'.includes(ch)) return `\\u${code.toString(16).padStart(4, '0')}`;
      return code >= 0xd800 && code <= 0xdfff ? '\\ufffd' : ch;
    }).join('')}"`;
    const slow = (v: unknown): string => {
      if (typeof v === 'string') return slowString(v);
      if (Array.isArray(v)) return `[${v.map(slow).join(',')}]`;
      if (v && typeof v === 'object') {
        const entries = Object.entries(v).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        return `{${entries.map(([k, x]) => `${slowString(k)}:${slow(x)}`).join(',')}}`;
      }
      return Object.is(v, -0) ? '-0' : String(v);
    };
    // characters where the two could differ: escapes, HTML, separators, surrogates (paired and lone), the top of the BMP
    const ch = fc.constantFrom('a', 'Z', '"', '\\', '\n', '\u0001', '<', '&', '\u007f', 'é', '\u2028', '\ud7ff', '\ud800', '\udc00', '\ue000', '\uff61', '\uffff', '\u{1F600}', '\u{10FFFF}', '0', '1', '9', 'u', 'd');
    const str = fc.array(ch, { maxLength: 6 }).map((cs) => cs.join(''));
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' }, str, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, true, false, null),
        fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(str, tie('v'), { maxKeys: 5 }), fc.constant(Object.defineProperty(Object.create(null), '__proto__', { value: 1, enumerable: true }) as object),
      ),
    })).v;
    fc.assert(fc.property(value, (v) => goJson(v) === slow(v)), { numRuns: 2000 });
  });

  test('numbers as Go prints a float64: integers plainly, exponents only from 1e21 and below 1e-6', () => {
    expect([1, 120, 1.5, 1000000, 1e20, 1e21, 1.5e300, 0.000001, 1e-7, -0, 0].map(goJson))
      .toEqual(['1', '120', '1.5', '1000000', '100000000000000000000', '1e+21', '1.5e+300', '0.000001', '1e-7', '-0', '0']);
  });

  test('the hash is sha256 in hex, cut to 63 characters; what Go cannot encode hashes as toJson\'s empty output', () => {
    const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 63);
    expect(valuesHash({ a: 1 })).toBe(sha('{"a":1}'));
    expect(valuesHash({ a: NaN })).toBe(sha(''));
  });
});

describe('values files as Helm reads them (go-yaml v2, then JSON numbers)', () => {
  test('YAML 1.1 booleans, octal, underscores, signs and bases; quoted, timestamps and odd numbers stay as Go leaves them', () => {
    const text = [
      'a: yes', 'b: 0777', 'c: 1_000', 'd: 08', 'e: 2001-12-14', 'f: "yes"', 'g: 1e3', 'h: .5', 'i: -0x10', 'j: Off',
      'k: ~', 'l: 0o17', 'm: 1:20', 'big: 12345678901234567890', 'o: y', 'n: 1', 'p: 1.0', 'q: -0b101', 'r: +7',
    ].join('\n');
    expect(readValuesLikeHelm(text)).toEqual({
      a: true, b: 511, c: 1000, d: 8, e: '2001-12-14', f: 'yes', g: 1000, h: 0.5, i: -16, j: false,
      k: null, l: 15, m: '1:20', big: 12345678901234567890, o: true, false: 1, p: 1, q: -5, r: 7,
    });
  });

  test('merge keys apply, as in go-yaml', () => {
    expect(readValuesLikeHelm('base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n')).toEqual({ base: { x: 1 }, m: { x: 1, true: 2 } }); // `y` is a YAML 1.1 boolean, as a key too
  });

  test('the chart\'s defaults are merged under the file before hashing, as `.Values` holds them', () => {
    const values = coalesceLikeHelm(CHART_DEFAULT_VALUES as any, readValuesLikeHelm('githubConfigUrl: https://github.com/a\nmaxRunners: 3\n') as any);
    expect(goJson(values)).toBe('{"githubConfigSecret":{"github_token":""},"githubConfigUrl":"https://github.com/a","maxRunners":3,"namespaceOverride":"",'
      + '"scaleSetLabels":[],"template":{"spec":{"containers":[{"command":["/home/runner/run.sh"],"image":"ghcr.io/actions/actions-runner:latest","name":"runner"}]}}}');
  });
});

describe('coalescing as Helm does (chartutil.CoalesceValues)', () => {
  const defaults = { a: 1, t: { x: 1, inner: { y: 2 } }, list: [1, 2] };
  test('a top-level null removes a default; a top-level key without default keeps its null', () => {
    expect(coalesceLikeHelm(defaults, { a: null, extra: null, free: { n: null } })).toEqual({ t: { x: 1, inner: { y: 2 } }, list: [1, 2], extra: null, free: { n: null } });
  });
  test('inside a table both sides hold, every null of the file goes; lists replace', () => {
    expect(coalesceLikeHelm(defaults, { t: { x: null, z: null, inner: { y: 3, w: null }, other: { k: null } }, list: [3] }))
      .toEqual({ a: 1, t: { inner: { y: 3 }, other: { k: null } }, list: [3] });
  });
  test('neither input is changed', () => {
    const user = { t: { x: null } };
    coalesceLikeHelm(defaults, user);
    expect([defaults.t.x, user.t.x]).toEqual([1, null]);
  });
});

describe('the hash of spec files and the construct', () => {
  const fleet = (doc: Record<string, unknown>) => synthesizeFleet(load([doc]).specs);
  const hashOf = (files: { content: string }[]) => /values-hash: "?([0-9a-f]+)/.exec(files.map((f) => f.content).join(''))![1];
  const pat = (token: string) => specDoc({ github: { configUrl: 'https://github.com/acme', patToken: { token } } });

  test('unchanged input gives the same bytes; a new token a new hash', () => {
    const a = fleet(pat('ghp_first'));
    expect(fleet(pat('ghp_first'))).toEqual(a);
    expect(hashOf(a)).toMatch(/^[0-9a-f]{63}$/);
    expect(hashOf(fleet(pat('ghp_second')))).not.toBe(hashOf(a));
  });

  test('a token read with fromEnv counts: a new value of the variable gives a new hash, and the token is never written in it', () => {
    const doc = specDoc({ github: { configUrl: 'https://github.com/acme', patToken: { token: { fromEnv: 'GHA_RS_TEST_TOKEN' } } } });
    const before = process.env.GHA_RS_TEST_TOKEN;
    try {
      process.env.GHA_RS_TEST_TOKEN = 'ghp_fromEnvOne';
      const one = fleet(doc);
      expect(hashOf(fleet(doc))).toBe(hashOf(one));
      process.env.GHA_RS_TEST_TOKEN = 'ghp_fromEnvTwo';
      expect(hashOf(fleet(doc))).not.toBe(hashOf(one));
      expect(hashOf(one)).not.toContain('ghp_');
    } finally {
      if (before === undefined) delete process.env.GHA_RS_TEST_TOKEN;
      else process.env.GHA_RS_TEST_TOKEN = before;
    }
  });

  test('any other change of the scale set changes it too; a given valuesHash is written as given', () => {
    const base = hashOf(fleet(pat('ghp_first')));
    expect(hashOf(fleet({ ...pat('ghp_first'), spec: { ...(pat('ghp_first').spec as object), runnerGroup: 'other' } }))).not.toBe(base);
    const synth = (props: Partial<ConstructorParameters<typeof GhaRunnerScaleSet>[2]>) => {
      const chart = Testing.chart();
      new GhaRunnerScaleSet(chart, 'rs', { namespace: 'ci', githubConfigUrl: 'https://github.com/a', auth: GitHubAuth.personalAccessToken('ghp_c'), ...props });
      return Testing.synth(chart).find((o) => o.kind === 'AutoscalingRunnerSet').metadata.annotations[HASH];
    };
    expect(synth({ valuesHash: 'abc' })).toBe('abc');
    expect(synth({})).toBe(synth({}));
    expect(synth({ auth: GitHubAuth.personalAccessToken('ghp_d') })).not.toBe(synth({}));
    expect(synth({ auth: GitHubAuth.existingSecret('a') })).not.toBe(synth({ auth: GitHubAuth.existingSecret('b') }));
    // the Namespace is left out: a construct that creates its namespace (in an app) and the CLI
    // (which writes each Namespace once, outside the construct) write the same hash
    expect(synth({ createNamespace: true })).toBe(synth({}));
  });

  test('the construct in an app and the CLI write the same hash for the same scale set', () => {
    const doc = pat('ghp_first');
    const { spec } = load([doc]).specs[0];
    const chart = Testing.chart();
    // as an app would: the construct creates its namespace itself
    new GhaRunnerScaleSet(chart, spec.name, { ...specToProps(spec), createNamespace: true });
    const fromConstruct = Testing.synth(chart).find((o) => o.kind === 'AutoscalingRunnerSet').metadata.annotations[HASH];
    expect(fromConstruct).toBe(hashOf(fleet({ ...doc, spec: { ...(doc.spec as object), createNamespace: true } })));
  });

  test('docs/output.md: the annotation is documented', () => {
    expect(readFileSync(`${__dirname}/../docs/output.md`, 'utf8')).toContain(HASH);
  });
});
