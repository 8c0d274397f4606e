/**
 * Go template functions the charts apply to names and paths, ported so that our output matches
 * theirs byte for byte. Pure functions.
 */

/** Go's `trunc 63 | trimSuffix "-"` (trimSuffix removes one trailing dash): the charts' name limit. */
export function trunc63(s: string): string {
  const t = s.slice(0, 63);
  return t.endsWith('-') ? t.slice(0, -1) : t;
}

/** Go's `path.Clean`, as the chart's `clean` applies it to mount paths. */
export function cleanPath(p: string): string {
  const abs = p.startsWith('/');
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!abs) parts.push('..');
    } else parts.push(seg);
  }
  const out = (abs ? '/' : '') + parts.join('/');
  return out || (abs ? '/' : '.');
}

/** Go's `path.Dir` (the charts' `dir`): all but the last element, cleaned. */
export function goDir(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}
