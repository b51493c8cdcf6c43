/**
 * Split Based On… conditions, as the widget's page defines them ("Predicate definitions",
 * https://www.twilio.com/docs/studio/widget-library/split-based-on). The condition types are the ones Studio's
 * flow definition accepts (`equal_to` … `is_after_date`, as the Twilio Studio Terraform provider's schema lists
 * them). What the page says, and what follows from it here:
 *
 * - "Studio conditions are not case-sensitive and automatically trim leading and trailing whitespace
 *   characters": every comparison trims both sides and ignores case.
 * - Regex: "Matching is case insensitive, and will only match if the provided regular expression matches the
 *   entire string": the pattern is anchored at both ends (JavaScript's syntax; Twilio does not name its flavour).
 * - Less Than / Greater Than: "Value is less than the number provided. Operator does not perform comparisons on
 *   letters": both sides must be decimal numbers (`1e3` and `0x10` hold letters), else the condition is false.
 * - Is Before / After Time: "Times must be in 24-hour notation (HH:MM) where single digit values are written
 *   with a leading 0"; Is Before / After Date: "Dates must be in the format YYYY-MM-DD". A value in another
 *   format never matches: what Studio does with one is not documented, and a flow test should rather fail on it
 *   than pass on a guess.
 *
 * Not in Twilio's words, so chosen here and stated in the README: the list of Matches Any Of is split at commas
 * (the page's example: "yes,yeah,yup").
 */

export const CONDITION_TYPES = [
  'equal_to',
  'not_equal_to',
  'matches_any_of',
  'does_not_match_any_of',
  'is_blank',
  'is_not_blank',
  'regex',
  'contains',
  'does_not_contain',
  'starts_with',
  'does_not_start_with',
  'less_than',
  'greater_than',
  'is_before_time',
  'is_after_time',
  'is_before_date',
  'is_after_date',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export class ConditionError extends Error {}

const norm = (s: string) => s.trim().toLowerCase();

/** Whether `input` (the rendered Variable to Test) meets a condition of this type with this rendered value. */
export function conditionMatches(type: string, input: string, value: string): boolean {
  const a = norm(input);
  const b = norm(value);
  switch (type) {
    case 'equal_to':
      return a === b;
    case 'not_equal_to':
      return a !== b;
    case 'matches_any_of':
      return value.split(',').some((v) => norm(v) === a);
    case 'does_not_match_any_of':
      return !value.split(',').some((v) => norm(v) === a);
    case 'is_blank':
      return a === '';
    case 'is_not_blank':
      return a !== '';
    case 'regex':
      return wholeStringRegex(value.trim()).test(input.trim());
    case 'contains':
      return a.includes(b);
    case 'does_not_contain':
      return !a.includes(b);
    case 'starts_with':
      return a.startsWith(b);
    case 'does_not_start_with':
      return !a.startsWith(b);
    case 'less_than':
    case 'greater_than': {
      const x = number(a);
      const y = number(b);
      if (x === undefined || y === undefined) return false;
      return type === 'less_than' ? x < y : x > y;
    }
    case 'is_before_time':
    case 'is_after_time': {
      const x = timeOfDay(a);
      const y = timeOfDay(b);
      if (x === undefined || y === undefined) return false;
      return type === 'is_before_time' ? x < y : x > y;
    }
    case 'is_before_date':
    case 'is_after_date': {
      const x = calendarDate(a);
      const y = calendarDate(b);
      if (x === undefined || y === undefined) return false;
      // YYYY-MM-DD compares as text in calendar order.
      return type === 'is_before_date' ? x < y : x > y;
    }
    default:
      throw new ConditionError(`unknown condition type '${type}' (Studio's are ${CONDITION_TYPES.join(', ')})`);
  }
}

/** The pattern anchored at both ends: Studio's Regex "will only match if [it] matches the entire string". */
function wholeStringRegex(source: string): RegExp {
  try {
    // Checked on its own first, so an error names the pattern as written, not the anchored one.
    new RegExp(source, 'i');
    return new RegExp(`^(?:${source})$`, 'i');
  } catch (error) {
    throw new ConditionError(`invalid regex ${JSON.stringify(source)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A decimal number ("does not perform comparisons on letters"), or undefined. */
function number(s: string): number | undefined {
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(s) ? Number(s) : undefined;
}

/** Minutes since midnight of `HH:MM` (24-hour, leading zeros), or undefined. */
function timeOfDay(s: string): number | undefined {
  const clock = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return clock ? Number(clock[1]) * 60 + Number(clock[2]) : undefined;
}

/** `YYYY-MM-DD` when it is a day of the calendar, or undefined. */
function calendarDate(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? s : undefined;
}
