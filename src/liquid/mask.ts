/**
 * Masking templates so JSON checks can run on them: each placeholder is replaced by a stand-in of the same
 * length, so offsets in the masked text are offsets in the original. Flow files written as Terraform
 * templates (a bare `${…}` where a JSON value belongs) are masked before parsing (src/flow/load.ts); a
 * Liquid template that renders JSON (send-to-flex attributes) is masked before JSON.parse (valid-flex-attributes).
 */

/**
 * Terraform templates can hold a bare `${...}` where a JSON value belongs. Masking each one that stands
 * outside a string with a same-length `null` keeps every offset valid while letting the rest be checked.
 */
export function maskTerraformPlaceholders(text: string): string {
  if (!text.includes('${')) return text;
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '$' && text[i + 1] === '{') {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
        else if (text[j] === '"') for (j++; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
      }
      const length = j + 1 - i;
      const filler = length >= 4 ? 'null' : '0';
      out += text.slice(last, i) + filler + ' '.repeat(Math.max(0, length - filler.length));
      last = j + 1;
      i = j;
    }
  }
  return out + text.slice(last);
}

/**
 * Replaces Liquid with same-length stand-ins so that offsets still match the original: `{{…}}` becomes `xxx`
 * inside a JSON string and `0` plus spaces outside one; tags become spaces, a bare Terraform `${…}` a `0`.
 * A placeholder inside a string may hold raw quotes (`"${vars["x"]}"`), masked like output. A tag or
 * placeholder outside strings makes the result opaque: it may assemble the JSON itself.
 */
export function maskLiquid(template: string): { text: string; opaqueOutsideStrings: boolean } {
  let out = '';
  let inString = false;
  let opaqueOutsideStrings = false;
  for (let i = 0; i < template.length; ) {
    const c = template[i]!;
    const two = template.slice(i, i + 2);
    if (two === '{{' || two === '{%' || two === '${') {
      const closer = two === '{{' ? '}}' : two === '{%' ? '%}' : '}';
      const close = template.indexOf(closer, i + 2);
      const stop = close < 0 ? template.length : close + closer.length;
      const length = stop - i;
      if (two !== '{{' && !inString) opaqueOutsideStrings = true;
      if (two === '{%') {
        out += ' '.repeat(length);
      } else out += inString ? 'x'.repeat(length) : '0' + ' '.repeat(length - 1);
      i = stop;
      continue;
    }
    if (inString && c === '\\') {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '"') inString = !inString;
    out += c;
    i++;
  }
  return { text: out, opaqueOutsideStrings };
}
