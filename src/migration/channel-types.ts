/** Programmable Chat channel types that Flex Conversations names differently (the seed guide, "Migrate addresses"). */
export const RENAMED_CHANNEL_TYPES: Readonly<Record<string, string>> = { facebook: 'messenger', web: 'chat' };
