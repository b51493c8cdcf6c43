/**
 * The temporary flow of the seed guide's "Handle downtime", step 1: Incoming Message straight to a Send
 * Message widget with the downtime text. Numbers point at it (by their SMS webhook) while the migration runs.
 * It deliberately starts from Incoming Message: it answers a number's webhook, not a Conversations address.
 */
export const DEFAULT_DOWNTIME_MESSAGE =
  'We are upgrading our messaging system and cannot reply right now. Please try again in a little while. Thank you for your patience.';

export function downtimeFlow(message = DEFAULT_DOWNTIME_MESSAGE): Record<string, unknown> {
  return {
    description: 'Temporary downtime flow for the Flex Conversations migration (studio-lint)',
    states: [
      {
        name: 'Trigger',
        type: 'trigger',
        transitions: [
          { next: 'send_downtime_message', event: 'incomingMessage' },
          { event: 'incomingCall' },
          { event: 'incomingConversationMessage' },
          { event: 'incomingRequest' },
          { event: 'incomingParent' },
        ],
        properties: { offset: { x: 0, y: 0 } },
      },
      {
        name: 'send_downtime_message',
        type: 'send-message',
        transitions: [{ event: 'sent' }, { event: 'failed' }],
        properties: { offset: { x: 0, y: 200 }, from: '{{flow.channel.address}}', to: '{{contact.channel.address}}', body: message },
      },
    ],
    initial_state: 'Trigger',
    flags: { allow_concurrent_calls: true },
  };
}
