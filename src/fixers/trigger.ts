/**
 * Moving the Trigger's wiring from Incoming Message to Incoming Conversation as text edits: the `next`
 * member leaves the incomingMessage transition and enters the incomingConversationMessage one, copied
 * with the file's own spacing; an older export that lacks that transition gets one, shaped like its sibling.
 */
import type { JsonLocator, PointerSegment, TextRange } from '../flow/locate.js';
import type { Transition, Widget } from '../flow/model.js';
import type { TextEdit } from './edits.js';

export function moveTriggerWiringEdits(locator: JsonLocator, trigger: Widget, from: Transition, to: Transition | undefined): TextEdit[] {
  const transitions: PointerSegment[] = [...trigger.pointer, 'transitions'];
  const fromPointer = [...transitions, from.index];
  const text = locator.text;
  const members = locator.members(fromPointer);
  const fromRange = locator.value(fromPointer);
  if (!members || !fromRange) throw new Error('the incomingMessage transition is not an object');
  const at = members.findIndex((m) => m.name === 'next');
  const next = members[at];
  if (!next) throw new Error('the incomingMessage transition has no next');

  // Remove `"next": "X",<ws>` (or `,<ws>"next": "X"` when it is the last member).
  const following = members[at + 1];
  const preceding = members[at - 1];
  let removal: TextRange;
  let insertBeforeFirst: boolean;
  if (following) {
    removal = { start: next.key.start, end: following.key.start };
    insertBeforeFirst = true;
  } else if (preceding) {
    removal = { start: preceding.value.end, end: next.value.end };
    insertBeforeFirst = false;
  } else {
    removal = { start: next.key.start, end: next.value.end };
    insertBeforeFirst = true;
  }
  const removed = text.slice(removal.start, removal.end);
  const edits: TextEdit[] = [{ ...removal, text: '' }];
  // Both events already lead to the same widget: unwiring Incoming Message is all there is to do.
  if (to?.next !== undefined) return edits;

  if (!to) {
    // A copy of the original transition, with the event renamed, right after it.
    const elements = locator.elements(transitions)!;
    const sibling = elements[from.index + 1] ?? elements[from.index - 1];
    const separator = sibling
      ? text.slice(...(from.index + 1 < elements.length ? [fromRange.end, sibling.start] : [sibling.end, fromRange.start]))
      : ', ';
    const event = locator.value([...fromPointer, 'event'])!;
    const copy =
      text.slice(fromRange.start, event.start) + JSON.stringify('incomingConversationMessage') + text.slice(event.end, fromRange.end);
    edits.push({ start: fromRange.end, end: fromRange.end, text: separator + copy });
    return edits;
  }

  const toPointer = [...transitions, to.index];
  const toMembers = locator.members(toPointer)!;
  const existingNext = toMembers.find((m) => m.name === 'next');
  if (existingNext) {
    // `"next": ""` or `"next": null`: give it the value.
    edits.push({ ...existingNext.value, text: text.slice(next.value.start, next.value.end) });
  } else if (toMembers.length === 0) {
    const toRange = locator.value(toPointer)!;
    edits.push({ start: toRange.start + 1, end: toRange.start + 1, text: text.slice(next.key.start, next.value.end) });
  } else if (insertBeforeFirst) {
    const first = toMembers[0]!;
    const member = following ? removed : removed + ', ';
    edits.push({ start: first.key.start, end: first.key.start, text: member });
  } else {
    const last = toMembers[toMembers.length - 1]!;
    edits.push({ start: last.value.end, end: last.value.end, text: removed });
  }
  return edits;
}
