import { applySet, mergeValueFiles, SetSyntaxError } from '../../../src/input/helm/strvals';

const set = (arg: string, base: Record<string, unknown> = {}) => applySet(base, arg, 'set');
const str = (arg: string, base: Record<string, unknown> = {}) => applySet(base, arg, 'set-string');

describe('--set: Helm\'s strvals syntax', () => {
  test('nested keys and several assignments', () => {
    expect(set('a.b.c=d,e=f')).toEqual({ a: { b: { c: 'd' } }, e: 'f' });
  });

  test('typed values: booleans in any case, null, 0, whole numbers not starting with 0; the rest strings', () => {
    expect(set('a=true,b=FALSE,c=null,d=0,e=42,f=-3,g=007,h=1.5,i=1e3,j=abc,k=')).toEqual({
      a: true, b: false, c: null, d: 0, e: 42, f: -3, g: '007', h: '1.5', i: '1e3', j: 'abc', k: '',
    });
  });

  test('--set-string keeps every value a string', () => {
    expect(str('a=true,b=42,c=null,d={1,2}')).toEqual({ a: 'true', b: '42', c: 'null', d: ['1', '2'] });
  });

  test('lists: {a,b}, indexes, items of maps, nested lists; a list grows with nulls', () => {
    expect(set('a={x,2,true},b=c')).toEqual({ a: ['x', 2, true], b: 'c' });
    expect(set('a[0]=x,a[2]=z')).toEqual({ a: ['x', null, 'z'] });
    expect(set('imagePullSecrets[0].name=dockerhub,imagePullSecrets[1].name=ghcr')).toEqual({ imagePullSecrets: [{ name: 'dockerhub' }, { name: 'ghcr' }] });
    expect(set('a[0][1]=x')).toEqual({ a: [[null, 'x']] });
  });

  test('escapes: a dot in a key, a comma in a value', () => {
    expect(set('labels.example\\.com/team=a\\,b')).toEqual({ labels: { 'example.com/team': 'a,b' } });
    expect(set('a=b=c')).toEqual({ a: 'b=c' });
  });

  test('applied into the values: maps merged key by key, list items kept, the base not changed', () => {
    const base = { a: { keep: 1, b: 2 }, l: [{ name: 'x', v: 1 }], s: 'str' };
    expect(set('a.b=3,l[0].v=2,s.t=u', base)).toEqual({ a: { keep: 1, b: 3 }, l: [{ name: 'x', v: 2 }], s: { t: 'u' } });
    expect(base).toEqual({ a: { keep: 1, b: 2 }, l: [{ name: 'x', v: 1 }], s: 'str' });
  });

  test('what Helm refuses', () => {
    const bad = (arg: string) => { try { set(arg); } catch (e) { expect(e).toBeInstanceOf(SetSyntaxError); return (e as Error).message; } return 'no error'; };
    expect(bad('a')).toBe('key "a" has no value (expected a=VALUE)');
    expect(bad('a.b,c=d')).toBe('key "b" has no value (expected b=VALUE)');
    expect(bad('=x')).toBe('a key is missing before "="');
    expect(bad('a[x]=1')).toBe('"x" is not a list index (a whole number of 0 or more)');
    expect(bad('a[1=2')).toBe('"[" without "]"');
    expect(bad('a[65537]=1')).toBe('index 65537 is larger than Helm\'s maximum, 65536');
    expect(bad('a={x,y')).toBe('a list ({a,b}) is not closed with "}"');
    expect(bad('a[0]x=1')).toBe('"x" after "]": expected "=", "." or "["');
  });
});

describe('several values files: Helm\'s mergeMaps', () => {
  test('maps merged, lists and scalars replaced, null kept (it removes the chart default later)', () => {
    expect(mergeValueFiles(
      { a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } },
      { a: { c: [3] }, d: null, e: 'now a string', g: true },
    )).toEqual({ a: { b: 1, c: [3] }, d: null, e: 'now a string', g: true });
  });
});
