/**
 * What looks like a GitHub credential, decided in this one place for every message the tool
 * prints: problems, warnings, YAML parser messages, usage and internal errors. Such text is
 * replaced by "(value hidden)" wherever it appears, in a value, a key, an alias or a path.
 */

/** Shown instead of anything that looks like a credential. */
export const HIDDEN = '(value hidden)';

/**
 * GitHub token prefixes (classic, OAuth, user-to-server, server-to-server, refresh,
 * fine-grained) with the token characters that follow; a PEM block (to its END line, or to the
 * end of the text when it is cut short); the base64 of a PEM block, which starts `LS0tLS1CRUdJTi`
 * (with the lines that continue it, as `base64` wraps it at 76 characters); and a piece of either
 * quoted alone (a YAML parser message quotes one line: of a PEM body, or a continuation line of
 * wrapped base64): 32 or more base64 characters mixing capitals, small letters and digits, with
 * 20 of them in a row without "/" (so that a file path is not taken for one).
 */
const WHOLE_CREDENTIAL_SOURCE = [
  '(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]*',
  '-----BEGIN [A-Z0-9 ]+-----[\\s\\S]*?(?:-----END [A-Z0-9 ]+-----|$)',
  'LS0tLS1CRUdJTi(?:[A-Za-z0-9+/=_-]|\\r?\\n[ \\t]*)*',
];
const CREDENTIAL_SOURCE = [
  ...WHOLE_CREDENTIAL_SOURCE,
  '(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[A-Za-z0-9+]{20})[A-Za-z0-9+/]{32,}={0,2}',
].join('|');

const CREDENTIAL = new RegExp(CREDENTIAL_SOURCE);
const CREDENTIALS = new RegExp(CREDENTIAL_SOURCE, 'g');
const WHOLE_CREDENTIAL = new RegExp(WHOLE_CREDENTIAL_SOURCE.join('|'));

/** Does `text` hold anything that looks like a GitHub credential? */
export function looksLikeCredential(text: string): boolean {
  return CREDENTIAL.test(text);
}

/**
 * Does `text` hold a GitHub token, a PEM block or its base64? For scanning what is written, where
 * a piece of base64 alone (a checksum, sealed data) is no sign of a credential.
 */
export function holdsWholeCredential(text: string): boolean {
  return WHOLE_CREDENTIAL.test(text);
}

/** A value quoted on one line, as messages quote what they found. */
const QUOTED = /"[^"\n]*"/g;

/**
 * `text` with everything that looks like a credential replaced by "(value hidden)"; a quoted value
 * that holds one is hidden whole (a token wrapped over two lines reads "ghp_… tail").
 */
export function redact(text: string): string {
  return text.replace(QUOTED, (q) => (CREDENTIAL.test(q) ? `"${HIDDEN}"` : q)).replace(CREDENTIALS, HIDDEN);
}

/** Credentials written into a URL: `scheme://user[:password]@host`. */
export function hasUserInfo(url: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*@/.test(url.trim());
}
