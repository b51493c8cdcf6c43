/**
 * The Twilio calls of `cutover` (plan, apply, rollback), beside client.ts and through the same client: Flex
 * Flows (legacy addresses), Conversations address configurations, the Flex and Conversations configuration
 * resources, IncomingPhoneNumbers, Studio executions and TaskRouter tasks. The endpoints and parameters are
 * those of Twilio's OpenAPI descriptions (twilio_flex_v1.json, twilio_conversations_v1.json,
 * twilio_api_v2010.json, twilio_studio_v2.json, twilio_taskrouter_v1.json); test/cutover-contract.test.ts
 * checks the traffic against them.
 */
import { toTwilioError, TwilioError, type StudioApi } from './client.js';

/** A legacy Flex address with every property Flex Flows create accepts, so that it can be made again. */
export interface LegacyAddressRecord {
  sid: string;
  friendlyName: string;
  chatServiceSid: string;
  channelType: string;
  contactIdentity: string;
  enabled: boolean;
  integrationType: string;
  integration: Record<string, unknown>;
  longLived: boolean | null;
  janitorEnabled: boolean | null;
}

export interface ConversationsAddressRecord {
  sid: string;
  type: string;
  address: string;
  friendlyName: string;
  autoCreationType?: string;
  flowSid?: string;
}

export interface NumberRecord {
  sid: string;
  phoneNumber: string;
  smsUrl: string;
  smsMethod: string;
}

export interface ExecutionRecord {
  sid: string;
  status: string;
  contact: string;
}

export interface TaskRecord {
  sid: string;
  assignmentStatus: string;
  attributes: Record<string, unknown>;
  taskChannel: string;
}

export interface CutoverApi {
  readonly accountSid: string;
  /** Flex's chat_service_instance_sid and taskrouter_workspace_sid (flexApi.v1.configuration). */
  flexConfiguration(): Promise<{ chatServiceSid: string | null; workspaceSid: string | null }>;
  /** The Default Conversation Service (conversations.v1.configuration's default_chat_service_sid). */
  defaultConversationService(): Promise<string | null>;
  listLegacyAddresses(): Promise<LegacyAddressRecord[]>;
  deleteLegacyAddress(sid: string): Promise<void>;
  /** Makes a legacy address again from its recorded properties; resolves to the new SID. */
  createLegacyAddress(record: LegacyAddressRecord): Promise<string>;
  listConversationsAddresses(): Promise<ConversationsAddressRecord[]>;
  createConversationsAddress(create: { type: string; address: string; friendlyName: string; flowSid: string }): Promise<ConversationsAddressRecord>;
  deleteConversationsAddress(sid: string): Promise<void>;
  listNumbers(): Promise<NumberRecord[]>;
  fetchNumber(sid: string): Promise<NumberRecord>;
  updateNumberSms(sid: string, sms: { smsUrl: string; smsMethod: string }): Promise<NumberRecord>;
  activeExecutions(flowSid: string): Promise<ExecutionRecord[]>;
  endExecution(flowSid: string, sid: string): Promise<void>;
  pendingTasks(workspaceSid: string): Promise<TaskRecord[]>;
  /** Cancels, never deletes (the seed guide: "Make sure not to delete tasks"). */
  cancelTask(workspaceSid: string, sid: string, reason: string): Promise<void>;
}

type Row = Record<string, unknown>;
interface RawClient {
  accountSid: string;
  flexApi: {
    v1: {
      configuration(): { fetch(): Promise<Row> };
      flexFlow: { list(): Promise<Row[]>; create(p: Row): Promise<Row> } & ((sid: string) => { remove(): Promise<boolean> });
    };
  };
  conversations: {
    v1: {
      configuration(): { fetch(): Promise<Row> };
      addressConfigurations: { list(): Promise<Row[]>; create(p: Row): Promise<Row> } & ((sid: string) => { remove(): Promise<boolean> });
    };
  };
  incomingPhoneNumbers: { list(): Promise<Row[]> } & ((sid: string) => { fetch(): Promise<Row>; update(p: Row): Promise<Row> });
  studio: { v2: { flows(sid: string): { executions: { list(): Promise<Row[]> } & ((sid: string) => { update(p: Row): Promise<Row> }) } } };
  taskrouter: {
    v1: { workspaces(sid: string): { tasks: { list(p: Row): Promise<Row[]> } & ((sid: string) => { update(p: Row): Promise<Row> }) } };
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const orNull = (v: unknown) => (typeof v === 'string' && v ? v : null);
/** Nested objects come back as the API wrote them (snake_case); accept camelCase too. */
const nested = (o: unknown, snake: string, camel: string): unknown => {
  const r = (o ?? {}) as Row;
  return r[snake] ?? r[camel];
};

/** The webhook a number's "A message comes in" points at to start a flow (studio-reference.md §6). */
export function flowWebhookUrl(accountSid: string, flowSid: string): string {
  return `https://webhooks.twilio.com/v1/Accounts/${accountSid}/Flows/${flowSid}`;
}

/** The integration keys of a Flex Flow, as the API writes them, and the create parameter for each. */
const INTEGRATION_PARAMS: [snake: string, camel: string, param: string][] = [
  ['flow_sid', 'flowSid', 'integration.flowSid'],
  ['url', 'url', 'integration.url'],
  ['workspace_sid', 'workspaceSid', 'integration.workspaceSid'],
  ['workflow_sid', 'workflowSid', 'integration.workflowSid'],
  ['channel', 'channel', 'integration.channel'],
  ['timeout', 'timeout', 'integration.timeout'],
  ['priority', 'priority', 'integration.priority'],
  ['creation_on_message', 'creationOnMessage', 'integration.creationOnMessage'],
  ['retry_count', 'retryCount', 'integration.retryCount'],
];

export function cutoverApi(api: StudioApi): CutoverApi {
  const client = api.client as RawClient;
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw error instanceof TwilioError ? error : toTwilioError(what, error);
    }
  };
  const legacy = (f: Row): LegacyAddressRecord => ({
    sid: str(f.sid),
    friendlyName: str(f.friendlyName),
    chatServiceSid: str(f.chatServiceSid),
    channelType: str(f.channelType),
    contactIdentity: str(f.contactIdentity),
    enabled: f.enabled !== false,
    integrationType: str(f.integrationType),
    integration: { ...((f.integration ?? {}) as Row) },
    longLived: typeof f.longLived === 'boolean' ? f.longLived : null,
    janitorEnabled: typeof f.janitorEnabled === 'boolean' ? f.janitorEnabled : null,
  });
  const conversationsAddress = (a: Row): ConversationsAddressRecord => {
    const auto = (a.autoCreation ?? {}) as Row;
    const type = str(nested(auto, 'type', 'type'));
    return {
      sid: str(a.sid),
      type: str(a.type),
      address: str(a.address),
      friendlyName: str(a.friendlyName),
      autoCreationType: type || undefined,
      flowSid: type === 'studio' ? str(nested(auto, 'studio_flow_sid', 'studioFlowSid')) || undefined : undefined,
    };
  };
  const number = (n: Row): NumberRecord => ({ sid: str(n.sid), phoneNumber: str(n.phoneNumber), smsUrl: str(n.smsUrl), smsMethod: str(n.smsMethod) || 'POST' });

  return {
    accountSid: client.accountSid,
    flexConfiguration: () =>
      call('reading the Flex configuration', async () => {
        const c = await client.flexApi.v1.configuration().fetch();
        return { chatServiceSid: orNull(c.chatServiceInstanceSid), workspaceSid: orNull(c.taskrouterWorkspaceSid) };
      }),
    defaultConversationService: () => call('reading the Conversations configuration', async () => orNull((await client.conversations.v1.configuration().fetch()).defaultChatServiceSid)),
    listLegacyAddresses: () => call('listing legacy addresses (Flex Flows)', async () => (await client.flexApi.v1.flexFlow.list()).map(legacy)),
    deleteLegacyAddress: (sid) =>
      call(`deleting legacy address ${sid}`, async () => {
        await client.flexApi.v1.flexFlow(sid).remove();
      }),
    createLegacyAddress: (r) =>
      call(`creating legacy address '${r.friendlyName}'`, async () => {
        const params: Row = {
          friendlyName: r.friendlyName,
          chatServiceSid: r.chatServiceSid,
          channelType: r.channelType,
          contactIdentity: r.contactIdentity,
          enabled: r.enabled,
          integrationType: r.integrationType,
        };
        for (const [snake, camel, param] of INTEGRATION_PARAMS) {
          const v = nested(r.integration, snake, camel);
          if (v !== undefined && v !== null && v !== '') params[param] = v;
        }
        if (r.longLived !== null) params.longLived = r.longLived;
        if (r.janitorEnabled !== null) params.janitorEnabled = r.janitorEnabled;
        return str((await client.flexApi.v1.flexFlow.create(params)).sid);
      }),
    listConversationsAddresses: () => call('listing Conversations addresses', async () => (await client.conversations.v1.addressConfigurations.list()).map(conversationsAddress)),
    createConversationsAddress: (c) =>
      call(`creating the Conversations ${c.type} address ${c.address}`, async () =>
        conversationsAddress(
          await client.conversations.v1.addressConfigurations.create({
            type: c.type,
            address: c.address,
            friendlyName: c.friendlyName,
            'autoCreation.enabled': true,
            'autoCreation.type': 'studio',
            'autoCreation.studioFlowSid': c.flowSid,
          }),
        ),
      ),
    deleteConversationsAddress: (sid) =>
      call(`deleting Conversations address ${sid}`, async () => {
        await client.conversations.v1.addressConfigurations(sid).remove();
      }),
    listNumbers: () => call('listing phone numbers', async () => (await client.incomingPhoneNumbers.list()).map(number)),
    fetchNumber: (sid) => call(`reading phone number ${sid}`, async () => number(await client.incomingPhoneNumbers(sid).fetch())),
    updateNumberSms: (sid, sms) => call(`updating phone number ${sid}`, async () => number(await client.incomingPhoneNumbers(sid).update({ smsUrl: sms.smsUrl, smsMethod: sms.smsMethod }))),
    activeExecutions: (flowSid) =>
      call(`listing the executions of ${flowSid}`, async () =>
        // Filtered here: the Status filter of twilio 6 is not in Twilio's OpenAPI description of the list.
        (await client.studio.v2.flows(flowSid).executions.list())
          .map((e) => ({ sid: str(e.sid), status: str(e.status), contact: str(e.contactChannelAddress) }))
          .filter((e) => e.status === 'active'),
      ),
    endExecution: (flowSid, sid) =>
      call(`ending execution ${sid}`, async () => {
        await client.studio.v2.flows(flowSid).executions(sid).update({ status: 'ended' });
      }),
    pendingTasks: (workspaceSid) =>
      call('listing pending tasks', async () =>
        (await client.taskrouter.v1.workspaces(workspaceSid).tasks.list({ assignmentStatus: ['pending'] })).map((t) => {
          let attributes: Row = {};
          try {
            attributes = JSON.parse(str(t.attributes) || '{}') as Row;
          } catch {
            // Not JSON: no Programmable Chat channel to recognise it by.
          }
          return { sid: str(t.sid), assignmentStatus: str(t.assignmentStatus), attributes, taskChannel: str(t.taskChannelUniqueName) };
        }),
      ),
    cancelTask: (workspaceSid, sid, reason) =>
      call(`canceling task ${sid}`, async () => {
        await client.taskrouter.v1.workspaces(workspaceSid).tasks(sid).update({ assignmentStatus: 'canceled', reason });
      }),
  };
}
