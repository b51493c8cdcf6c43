/** The tags the scanner knows: block tags (they open a scope for guards), tags without an expression, and the rest. */
export const BLOCK_TAGS = new Set(['if', 'unless', 'case', 'for', 'tablerow', 'capture']);
export const TAGS_WITHOUT_EXPRESSION = new Set(['else', 'break', 'continue', 'endif', 'endunless', 'endcase', 'endfor', 'endtablerow', 'endcapture']);
export const KNOWN_TAGS = new Set([
  ...BLOCK_TAGS,
  ...TAGS_WITHOUT_EXPRESSION,
  'elsif', 'when', 'assign', 'echo', 'cycle', 'increment', 'decrement', 'raw', 'comment', 'liquid', 'include', 'render', 'layout', 'block', 'endblock', '#',
]);
