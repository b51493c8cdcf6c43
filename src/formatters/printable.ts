/**
 * Text from elsewhere (a flow's friendly name from the account, a widget name from a file) made safe for a
 * terminal: control characters (C0, DEL, C1, which start escape sequences that can retitle the window,
 * rewrite the screen or hide text) and the bidirectional overrides of "Trojan Source" (CVE-2021-42574) are
 * shown as \u escapes instead of acting.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
