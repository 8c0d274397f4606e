import { cleanPath, trunc63 } from '../src/go-template';

test("cleanPath is Go's path.Clean", () => {
  expect(['/certs//ca.crt', '/a/./b/../c/', 'a/../../b', '/..', '', '.', '/'].map(cleanPath)).toEqual(['/certs/ca.crt', '/a/c', '../b', '/', '.', '.', '/']);
});

test('trunc63 keeps 63 characters and trims one trailing dash', () => {
  expect(trunc63('a'.repeat(70))).toBe('a'.repeat(63));
  expect(trunc63(`${'a'.repeat(62)}--b`)).toBe(`${'a'.repeat(62)}`);
  expect(trunc63('short-')).toBe('short');
});
