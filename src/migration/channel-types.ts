/** Programmable Chat channel types that Flex Conversations names differently (the seed guide, "Migrate addresses"). */
export const RENAMED_CHANNEL_TYPES: Readonly<Record<string, string>> = { facebook: 'messenger', web: 'chat' };

/** An address without its channel prefix (`whatsapp:+1555…` → `+1555…`): the phone or id it names. */
export function bareAddress(address: string): string {
  return address.replace(/^(whatsapp|messenger|sms):/i, '');
}
