/**
 * Split Based On… conditions (https://www.twilio.com/docs/studio/widget-library/split-based-on).
 *
 * The condition types are the ones Studio's flow definition accepts (`equal_to` … `is_after_date`, as the
 * Twilio Studio Terraform provider's schema lists them). Studio's documentation says: "Studio conditions are
 * not case-sensitive and automatically trim leading and trailing spaces of the values" (the Split Based On…
 * widget page): every comparison here trims both sides and ignores case, the Regex condition included.
 *
 * Not in Twilio's documentation, so chosen here and stated in the README: `matches_any_of` splits the value at
 * commas; `less_than` / `greater_than` compare numbers and never match a value that is not one; the time
 * conditions compare times of day (`HH:MM`, `HH:MM:SS`, or the UTC time of an ISO date-time), the date
 * conditions whole instants (anything `Date.parse` reads); a value that does not parse never matches.
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
      return regex(value.trim()).test(input.trim());
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
      const x = Date.parse(input.trim());
      const y = Date.parse(value.trim());
      if (Number.isNaN(x) || Number.isNaN(y)) return false;
      return type === 'is_before_date' ? x < y : x > y;
    }
    default:
      throw new ConditionError(`unknown condition type '${type}' (Studio's are ${CONDITION_TYPES.join(', ')})`);
  }
}

function regex(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw new ConditionError(`invalid regex ${JSON.stringify(source)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function number(s: string): number | undefined {
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Seconds since midnight of `HH:MM[:SS]`, or of an ISO date-time's UTC time. */
function timeOfDay(s: string): number | undefined {
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (clock) {
    const [h, m, sec] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    return h < 24 && m < 60 && sec < 60 ? h * 3600 + m * 60 + sec : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}t/.test(s)) return undefined;
  const t = Date.parse(s.toUpperCase());
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  return d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
}
