/**
 * A stand-in for Twilio's Studio v2 REST API, on 127.0.0.1 and a random port, for tests: flows and their
 * revisions in memory, Twilio's JSON shapes (snake_case, paging with absolute next_page_url on Twilio's
 * host), HTTP Basic auth, validation errors with details.errors[].property_path, a log of requests and
 * injectable faults (a 429, a 500 for one flow, a 404 on an API; a reset or a 500 after the update was
 * applied; a drip of bytes that never ends; an error body echoing the Authorization header), all opt-in.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import validateFlow from '../../src/schema/generated/validate-flow.js';

export interface Revision {
  revision: number;
  definition: unknown;
  status: 'draft' | 'published';
  commitMessage: string | null;
  date: string;
}

export interface StoredFlow {
  sid: string;
  friendlyName: string;
  revisions: Revision[];
}

export interface LoggedRequest {
  /** The Twilio host the client named (X-Twilio-Host), '' when it named none. */
  host: string;
  method: string;
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
}

export interface LoggedResponse {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface Fault {
  method: string;
  /** Matches the request path (a prefix match on a string). */
  path: string | RegExp;
  status: number;
  body?: unknown;
  /** How many requests it answers before it stops (default 1). */
  times?: number;
  /** Carry out the request first (a flow is really updated), then answer with the fault: a lost answer. */
  after?: boolean;
  /** Reset the connection instead of answering (status is then unused). */
  reset?: boolean;
  /** Answer 200 and then one byte every this many milliseconds, never finishing: a socket never idle. */
  drip?: number;
  /** The error body's message echoes the request's Authorization header, as some proxies do. */
  echoAuthorization?: boolean;
  /** A Retry-After header on the answer (seconds or an HTTP date), as Twilio sends with a 429. */
  retryAfter?: string;
}

export const ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const AUTH_TOKEN = 'secret-auth-token-0123456789abcdef';
export const API_KEY = 'SK00000000000000000000000000000001';
export const API_SECRET = 'secret-api-key-secret-fedcba9876543210';

/** Who an account of the stand-in is: its SID and the credentials that open it. */
export interface StandInAccount {
  accountSid: string;
  authToken: string;
  apiKey: string;
  apiSecret: string;
  /**
   * A hexadecimal digit that starts the SIDs this account makes (after the prefix): two accounts never hand
   * out the same SID, as Twilio's do not.
   */
  sidSeed: string;
}

/** The default account: what every test used before there were two. */
export const ACCOUNT_A: StandInAccount = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiKey: API_KEY, apiSecret: API_SECRET, sidSeed: '0' };
/** A second account (promotion's target), with its own credentials. */
export const ACCOUNT_B: StandInAccount = {
  accountSid: 'AC000000000000000000000000000000b2',
  authToken: 'secret-auth-token-of-b-0123456789',
  apiKey: 'SK000000000000000000000000000000b2',
  apiSecret: 'secret-api-key-secret-of-b-98765',
  sidSeed: 'b',
};

/** A Serverless Service with its Environments and Functions (the Function's path is on its Versions). */
export interface StoredService {
  sid: string;
  unique_name: string;
  friendly_name: string;
  /** The random part Twilio adds to the domain ("using the Service unique name, a randomly-generated Service suffix"). */
  domainBase: string;
  environments: { sid: string; unique_name: string; domain_suffix: string | null; domain_name: string }[];
  functions: { sid: string; friendly_name: string; versions: { sid: string; path: string }[] }[];
}

/** A TaskRouter Workspace with its Workflows, Task Channels and Task Queues. */
export interface StoredWorkspace {
  sid: string;
  friendly_name: string;
  workflows: { sid: string; friendly_name: string }[];
  taskChannels: { sid: string; unique_name: string; friendly_name: string }[];
  taskQueues: { sid: string; friendly_name: string }[];
}

const TWILIO = 'https://studio.twilio.com';

/** A legacy Flex address (Flex Flow), as the Flex v1 API describes it. */
export interface FlexFlow {
  sid: string;
  friendly_name: string;
  channel_type: 'web' | 'sms' | 'facebook' | 'whatsapp' | 'line' | 'custom';
  contact_identity: string;
  integration_type: 'studio' | 'external' | 'task';
  integration: Record<string, unknown>;
}

/** A Conversations address configuration, as the Conversations v1 API describes it. */
export interface AddressConfiguration {
  sid: string;
  type: string;
  address: string;
  friendly_name: string;
  auto_creation: Record<string, unknown>;
}

export interface IncomingNumber {
  sid: string;
  phone_number: string;
  sms_url: string;
}

export interface StoredExecution {
  sid: string;
  flow_sid: string;
  status: 'active' | 'ended';
  contact_channel_address: string;
}

export interface StoredTask {
  sid: string;
  assignment_status: string;
  /** A JSON string, as TaskRouter keeps it. */
  attributes: string;
  reason: string | null;
}

export class StudioApiStandIn {
  readonly accountSid: string;
  /** Other accounts served on this one's address, told apart by the credentials of each request. */
  private readonly others: StudioApiStandIn[] = [];

  constructor(readonly account: StandInAccount = ACCOUNT_A) {
    this.accountSid = account.accountSid;
  }

  readonly flows = new Map<string, StoredFlow>();
  readonly flexFlows: FlexFlow[] = [];
  readonly addresses: AddressConfiguration[] = [];
  readonly numbers: IncomingNumber[] = [];
  readonly requests: LoggedRequest[] = [];
  readonly responses: LoggedResponse[] = [];
  readonly faults: Fault[] = [];
  /** Called with each request before it is answered: what someone else does on the account meanwhile. */
  onRequest: ((request: LoggedRequest) => void) | undefined;
  pageSize = 50;
  private server: Server | undefined;
  private nextSid = 1;
  baseUrl = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const timer of this.drips) clearInterval(timer);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private readonly drips = new Set<NodeJS.Timeout>();

  /** Answers a request with a fault instead of its real answer. */
  private answerFault(fault: Fault, req: IncomingMessage, res: ServerResponse, request: LoggedRequest): void {
    if (fault.reset || fault.drip) this.responses.push({ method: request.method, path: request.path, status: fault.reset ? 0 : 200, body: fault.reset ? 'reset' : 'drip' });
    if (fault.reset) {
      req.socket.destroy();
      return;
    }
    if (fault.drip) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), fault.drip);
      this.drips.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        this.drips.delete(timer);
      });
      return;
    }
    const message = fault.echoAuthorization
      ? `Bad request: Authorization: ${req.headers.authorization ?? ''}`
      : fault.status === 429
        ? 'Too Many Requests'
        : 'Internal Server Error';
    const body = fault.body ?? { code: fault.status === 429 ? 20429 : 20500, message, more_info: '', status: fault.status };
    this.responses.push({ method: request.method, path: request.path, status: fault.status, body });
    res.writeHead(fault.status, { 'Content-Type': 'application/json', ...(fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter }) });
    res.end(JSON.stringify(body));
  }

  /** The environment a CLI run needs to talk to this stand-in. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { TWILIO_ACCOUNT_SID: this.accountSid, TWILIO_AUTH_TOKEN: this.account.authToken, STUDIO_LINT_BASE_URL: this.servedBy.baseUrl, TWILIO_REGION: '', TWILIO_EDGE: '', ...extra };
  }

  addFlow(friendlyName: string, definition: unknown, status: 'draft' | 'published' = 'published'): string {
    const sid = `FW${this.account.sidSeed}${String(this.nextSid++).padStart(31, '0')}`;
    this.flows.set(sid, { sid, friendlyName, revisions: [] });
    this.addRevision(sid, definition, status, 'created');
    return sid;
  }

  /** What a Console edit does: a new revision. */
  addRevision(sid: string, definition: unknown, status: 'draft' | 'published', commitMessage: string | null): Revision {
    const flow = this.flows.get(sid)!;
    const revision: Revision = { revision: flow.revisions.length + 1, definition: structuredClone(definition), status, commitMessage, date: new Date().toISOString() };
    flow.revisions.push(revision);
    return revision;
  }

  latest(sid: string): Revision {
    const flow = this.flows.get(sid)!;
    return flow.revisions[flow.revisions.length - 1]!;
  }

  posts(): LoggedRequest[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  /**
   * Serves another account on this one's address (its baseUrl becomes this one's): a request with its
   * credentials is its to answer, logged in its own `requests`.
   */
  serve(other: StudioApiStandIn): StudioApiStandIn {
    this.others.push(other);
    other.servedBy = this;
    return other;
  }

  /** The stand-in whose address serves this account (itself, unless another serves it). */
  private servedBy: StudioApiStandIn = this;

  private opens(authorization: string | undefined): boolean {
    const { accountSid, authToken, apiKey, apiSecret } = this.account;
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    return authorization === basic(accountSid, authToken) || authorization === basic(apiKey, apiSecret);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => resolve(data));
    });
    const owner = this.opens(req.headers.authorization) ? this : (this.others.find((o) => o.opens(req.headers.authorization)) ?? this);
    return owner.answer(req, res, body);
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: LoggedRequest = { host: String(req.headers['x-twilio-host'] ?? ''), method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, form: new URLSearchParams(body) };
    this.requests.push(request);
    this.onRequest?.(request);
    let send = (status: number, payload: unknown) => {
      this.responses.push({ method: request.method, path: request.path, status, body: payload });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, code: number, message: string, details?: unknown) =>
      send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status, ...(details ? { details } : {}) });

    if (!this.opens(req.headers.authorization)) return error(401, 20003, 'Authenticate');

    const fault = this.faults.find((f) => f.method === request.method && (typeof f.path === 'string' ? request.path.startsWith(f.path) : f.path.test(request.path)));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      if (!fault.after) return this.answerFault(fault, req, res, request);
      // The request is carried out below; its answer is replaced by the fault.
      send = () => this.answerFault(fault, req, res, request);
    }

    if (this.handleCutover(req, request, url, send, error)) return;
    if (this.handleAccountResources(request, url, send, error)) return;

    // The other APIs the inventory reads (hosts flex-api, conversations and api.twilio.com, one base URL here).
    if (request.method === 'GET' && url.pathname === '/v1/FlexFlows') return send(200, this.v1Page(url, 'flex_flows', this.flexFlows.map((f) => this.flexFlow(f))));
    if (request.method === 'GET' && url.pathname === '/v1/Configuration/Addresses') {
      return send(200, this.v1Page(url, 'address_configurations', this.addresses.map((a) => this.addressConfiguration(a))));
    }
    if (request.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers.json`) {
      const uri = `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers.json?PageSize=50&Page=0`;
      return send(200, {
        incoming_phone_numbers: this.numbers.map((n) => this.incomingNumber(n)),
        start: 0,
        end: Math.max(0, this.numbers.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        previous_page_uri: null,
        page: 0,
        page_size: 50,
        uri,
      });
    }

    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'v2' || parts[1] !== 'Flows') return error(404, 20404, `The requested resource ${url.pathname} was not found`);
    const sid = parts[2];

    if (request.method === 'GET' && !sid) return send(200, this.page(url));
    if (request.method === 'POST' && sid === 'Validate') {
      const problems = this.validate(request.form.get('Definition'));
      if (problems.length) return error(400, 20001, 'Invalid Flow definition', { errors: problems, warnings: [] });
      return send(200, { valid: true });
    }
    if (request.method === 'POST' && !sid) {
      const problems = this.validate(request.form.get('Definition'));
      if (problems.length) return error(400, 20001, 'Invalid Flow definition', { errors: problems, warnings: [] });
      const created = this.addFlow(request.form.get('FriendlyName') ?? 'flow', JSON.parse(request.form.get('Definition')!), (request.form.get('Status') as 'draft') ?? 'draft');
      return send(201, this.resource(this.flows.get(created)!, this.latest(created)));
    }
    const flow = sid ? this.flows.get(sid) : undefined;
    if (!flow) return error(404, 20404, `The requested resource ${url.pathname} was not found`);

    if (request.method === 'GET' && parts.length === 3) return send(200, this.resource(flow, this.latest(flow.sid)));
    if (request.method === 'POST' && parts.length === 3) {
      const status = request.form.get('Status');
      if (status !== 'draft' && status !== 'published') return error(400, 20001, 'Missing required parameter Status in the post body');
      const definitionText = request.form.get('Definition');
      const definition = definitionText ? (JSON.parse(definitionText) as unknown) : this.latest(flow.sid).definition;
      const problems = this.validate(JSON.stringify(definition));
      if (problems.length) return error(400, 20001, 'Invalid Flow definition', { errors: problems, warnings: [] });
      if (request.form.get('FriendlyName')) flow.friendlyName = request.form.get('FriendlyName')!;
      const revision = this.addRevision(flow.sid, definition, status, request.form.get('CommitMessage'));
      return send(200, this.resource(flow, revision));
    }
    if (request.method === 'GET' && parts[3] === 'Revisions' && parts[4]) {
      const wanted = parts[4];
      const revision =
        wanted === 'LatestRevision'
          ? this.latest(flow.sid)
          : wanted === 'LatestPublished'
            ? [...flow.revisions].reverse().find((r) => r.status === 'published')
            : flow.revisions.find((r) => r.revision === Number(wanted));
      if (!revision) return error(404, 20404, `The requested resource ${url.pathname} was not found`);
      return send(200, { ...this.resource(flow, revision), url: `${TWILIO}/v2/Flows/${flow.sid}/Revisions/${revision.revision}` });
    }
    return error(405, 20004, 'Method not allowed');
  }

  private validate(definitionText: string | null): { message: string; property_path: string }[] {
    if (!definitionText) return [{ message: 'Definition is required', property_path: '#' }];
    let definition: unknown;
    try {
      definition = JSON.parse(definitionText);
    } catch {
      return [{ message: 'Definition is not valid JSON', property_path: '#' }];
    }
    if (validateFlow(definition)) return [];
    return (validateFlow.errors ?? [])
      .filter((e) => e.keyword !== 'if')
      .map((e) => ({ message: `${e.instancePath || 'definition'} ${e.message ?? 'is invalid'}`, property_path: `#${e.instancePath}` }));
  }

  private page(url: URL): unknown {
    const size = Number(url.searchParams.get('PageSize') ?? this.pageSize);
    const page = Number(url.searchParams.get('Page') ?? 0);
    const all = [...this.flows.values()];
    const slice = all.slice(page * size, (page + 1) * size);
    const pageUrl = (n: number) => `${TWILIO}/v2/Flows?PageSize=${size}&Page=${n}${n > 0 ? `&PageToken=PT${n}` : ''}`;
    return {
      flows: slice.map((f) => ({ ...this.resource(f, this.latest(f.sid)), definition: null })),
      meta: {
        page,
        page_size: size,
        first_page_url: pageUrl(0),
        previous_page_url: page > 0 ? pageUrl(page - 1) : null,
        url: pageUrl(page),
        next_page_url: (page + 1) * size < all.length ? pageUrl(page + 1) : null,
        key: 'flows',
      },
    };
  }

  private v1Page(url: URL, key: string, items: unknown[]): unknown {
    const host = key === 'flex_flows' ? 'https://flex-api.twilio.com' : 'https://conversations.twilio.com';
    const pageUrl = `${host}${url.pathname}?PageSize=50&Page=0`;
    return { [key]: items, meta: { page: 0, page_size: 50, first_page_url: pageUrl, previous_page_url: null, url: pageUrl, next_page_url: null, key } };
  }

  private flexFlow(f: FlexFlow): Record<string, unknown> {
    const now = new Date().toISOString();
    return {
      account_sid: this.accountSid,
      date_created: now,
      date_updated: now,
      sid: f.sid,
      friendly_name: f.friendly_name,
      chat_service_sid: 'IS00000000000000000000000000000001',
      channel_type: f.channel_type,
      contact_identity: f.contact_identity,
      enabled: true,
      integration_type: f.integration_type,
      integration: f.integration,
      long_lived: false,
      janitor_enabled: false,
      url: `https://flex-api.twilio.com/v1/FlexFlows/${f.sid}`,
    };
  }

  private addressConfiguration(a: AddressConfiguration): Record<string, unknown> {
    const now = new Date().toISOString();
    return {
      sid: a.sid,
      account_sid: this.accountSid,
      type: a.type,
      address: a.address,
      friendly_name: a.friendly_name,
      auto_creation: a.auto_creation,
      date_created: now,
      date_updated: now,
      url: `https://conversations.twilio.com/v1/Configuration/Addresses/${a.sid}`,
      address_country: 'US',
    };
  }

  private incomingNumber(n: IncomingNumber): Record<string, unknown> {
    return {
      account_sid: this.accountSid,
      sid: n.sid,
      phone_number: n.phone_number,
      friendly_name: n.phone_number,
      // Unset URLs as null: the spec's sms_url and voice_url are nullable URIs (an empty string is not a URI).
      sms_url: n.sms_url || null,
      sms_method: 'POST',
      voice_url: null,
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      status: 'in-use',
      uri: `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
      api_version: '2010-04-01',
    };
  }

  private resource(flow: StoredFlow, revision: Revision): Record<string, unknown> {
    return {
      sid: flow.sid,
      account_sid: this.accountSid,
      friendly_name: flow.friendlyName,
      definition: revision.definition,
      status: revision.status,
      revision: revision.revision,
      commit_message: revision.commitMessage,
      valid: true,
      errors: [],
      warnings: [],
      date_created: flow.revisions[0]!.date,
      date_updated: revision.date,
      webhook_url: `https://webhooks.twilio.com/v1/Accounts/${this.accountSid}/Flows/${flow.sid}`,
      url: `${TWILIO}/v2/Flows/${flow.sid}`,
      links: { test_users: `${TWILIO}/v2/Flows/${flow.sid}/TestUsers`, revisions: `${TWILIO}/v2/Flows/${flow.sid}/Revisions`, executions: `${TWILIO}/v2/Flows/${flow.sid}/Executions` },
    };
  }

  // -------------------------------------------------------------------------------------------------------
  // What promotion looks up by name (issue 27), in Twilio's shapes (twilio_serverless_v1.json,
  // twilio_taskrouter_v1.json, twilio_messaging_v1.json; the numbers are the 2010 API's above). Serverless's and
  // Messaging's GET /v1/Services differ only by host (X-Twilio-Host). Lists page by PageSize like the flows'.

  readonly services: StoredService[] = [];
  readonly workspaces: StoredWorkspace[] = [];
  readonly messagingServices: { sid: string; friendly_name: string }[] = [];

  /**
   * A Serverless Service with its Environments (the domain: unique name, the service's random part, the
   * environment's suffix: https://www.twilio.com/docs/serverless/api/resource/environment) and Functions (the
   * path of their latest Version).
   */
  addService(uniqueName: string, environments: { unique_name: string; domain_suffix?: string }[], functionPaths: string[]): StoredService {
    const domainBase = `${uniqueName}-${String(1000 + this.services.length * 1111 + (this.account.sidSeed === '0' ? 0 : 7)).slice(-4)}`;
    const service: StoredService = {
      sid: this.newSid('ZS'),
      unique_name: uniqueName,
      friendly_name: uniqueName,
      domainBase,
      environments: environments.map((e) => ({ sid: this.newSid('ZE'), unique_name: e.unique_name, domain_suffix: e.domain_suffix ?? null, domain_name: `${domainBase}${e.domain_suffix ? `-${e.domain_suffix}` : ''}.twil.io` })),
      functions: functionPaths.map((path) => ({ sid: this.newSid('ZH'), friendly_name: path.slice(1) || 'root', versions: [{ sid: this.newSid('ZN'), path }] })),
    };
    this.services.push(service);
    return service;
  }

  addWorkspace(friendlyName: string, { workflows = [], taskChannels = [], taskQueues = [] }: { workflows?: string[]; taskChannels?: string[]; taskQueues?: string[] } = {}): StoredWorkspace {
    const workspace: StoredWorkspace = {
      sid: this.newSid('WS'),
      friendly_name: friendlyName,
      workflows: workflows.map((name) => ({ sid: this.newSid('WW'), friendly_name: name })),
      taskChannels: taskChannels.map((name) => ({ sid: this.newSid('TC'), unique_name: name, friendly_name: name })),
      taskQueues: taskQueues.map((name) => ({ sid: this.newSid('WQ'), friendly_name: name })),
    };
    this.workspaces.push(workspace);
    return workspace;
  }

  addMessagingService(friendlyName: string): string {
    const sid = this.newSid('MG');
    this.messagingServices.push({ sid, friendly_name: friendlyName });
    return sid;
  }

  addNumber(phoneNumber: string, smsUrl = ''): string {
    const sid = this.newSid('PN');
    this.numbers.push({ sid, phone_number: phoneNumber, sms_url: smsUrl });
    return sid;
  }

  private handleAccountResources(
    request: LoggedRequest,
    url: URL,
    send: (status: number, payload: unknown) => void,
    error: (status: number, code: number, message: string, details?: unknown) => void,
  ): boolean {
    if (request.method !== 'GET') return false;
    const p = url.pathname;
    const now = new Date().toISOString();
    const page = (host: string, key: string, items: unknown[]) => {
      const size = Number(url.searchParams.get('PageSize') ?? this.pageSize);
      const n = Number(url.searchParams.get('Page') ?? 0);
      const pageUrl = (k: number) => `https://${host}${p}?PageSize=${size}&Page=${k}${k > 0 ? `&PageToken=PT${k}` : ''}`;
      send(200, {
        [key]: items.slice(n * size, (n + 1) * size),
        meta: { page: n, page_size: size, first_page_url: pageUrl(0), previous_page_url: n > 0 ? pageUrl(n - 1) : null, url: pageUrl(n), next_page_url: (n + 1) * size < items.length ? pageUrl(n + 1) : null, key },
      });
      return true;
    };
    const missing = () => {
      error(404, 20404, `The requested resource ${p} was not found`);
      return true;
    };
    const base = { account_sid: this.accountSid, date_created: now, date_updated: now };
    let m: RegExpExecArray | null;
    if (request.host === 'serverless.twilio.com') {
      const serverless = `https://serverless.twilio.com/v1/Services`;
      if (p === '/v1/Services') {
        return page(request.host, 'services', this.services.map((s) => ({ ...base, sid: s.sid, friendly_name: s.friendly_name, unique_name: s.unique_name, include_credentials: true, ui_editable: false, domain_base: s.domainBase, url: `${serverless}/${s.sid}`, links: { environments: `${serverless}/${s.sid}/Environments`, functions: `${serverless}/${s.sid}/Functions` } })));
      }
      if ((m = /^\/v1\/Services\/(ZS\w+)\/(Environments|Functions)$/.exec(p))) {
        const service = this.services.find((s) => s.sid === m![1]);
        if (!service) return missing();
        if (m[2] === 'Environments') {
          return page(request.host, 'environments', service.environments.map((e) => ({ ...base, sid: e.sid, service_sid: service.sid, build_sid: null, unique_name: e.unique_name, domain_suffix: e.domain_suffix, domain_name: e.domain_name, url: `${serverless}/${service.sid}/Environments/${e.sid}`, links: { variables: `${serverless}/${service.sid}/Environments/${e.sid}/Variables` } })));
        }
        return page(request.host, 'functions', service.functions.map((f) => ({ ...base, sid: f.sid, service_sid: service.sid, friendly_name: f.friendly_name, url: `${serverless}/${service.sid}/Functions/${f.sid}`, links: { function_versions: `${serverless}/${service.sid}/Functions/${f.sid}/Versions` } })));
      }
      if ((m = /^\/v1\/Services\/(ZS\w+)\/Functions\/(ZH\w+)\/Versions$/.exec(p))) {
        const service = this.services.find((s) => s.sid === m![1]);
        const fn = service?.functions.find((f) => f.sid === m![2]);
        if (!service || !fn) return missing();
        const { date_updated: _, ...created } = base;
        return page(request.host, 'function_versions', fn.versions.map((v) => ({ ...created, sid: v.sid, service_sid: service.sid, function_sid: fn.sid, path: v.path, visibility: 'public', url: `${serverless}/${service.sid}/Functions/${fn.sid}/Versions/${v.sid}`, links: { function_version_content: `${serverless}/${service.sid}/Functions/${fn.sid}/Versions/${v.sid}/Content` } })));
      }
      return false;
    }
    if (request.host === 'messaging.twilio.com' && p === '/v1/Services') {
      return page(request.host, 'services', this.messagingServices.map((s) => ({ ...base, sid: s.sid, friendly_name: s.friendly_name, inbound_request_url: null, inbound_method: 'POST', fallback_url: null, fallback_method: 'POST', status_callback: null, sticky_sender: true, mms_converter: true, smart_encoding: true, scan_message_content: 'inherit', fallback_to_long_code: false, area_code_geomatch: true, synchronous_validation: false, validity_period: 14400, url: `https://messaging.twilio.com/v1/Services/${s.sid}`, links: { phone_numbers: `https://messaging.twilio.com/v1/Services/${s.sid}/PhoneNumbers` }, usecase: 'undeclared', us_app_to_person_registered: false, use_inbound_webhook_on_number: false })));
    }
    if (request.host === 'taskrouter.twilio.com' || request.host === '') {
      const taskrouter = 'https://taskrouter.twilio.com/v1/Workspaces';
      if (p === '/v1/Workspaces') {
        return page('taskrouter.twilio.com', 'workspaces', this.workspaces.map((w) => ({ ...base, sid: w.sid, friendly_name: w.friendly_name, default_activity_name: 'Offline', default_activity_sid: null, event_callback_url: null, events_filter: null, multi_task_enabled: true, timeout_activity_name: 'Offline', timeout_activity_sid: null, prioritize_queue_order: 'FIFO', url: `${taskrouter}/${w.sid}`, links: { workflows: `${taskrouter}/${w.sid}/Workflows` } })));
      }
      if ((m = /^\/v1\/Workspaces\/(WS\w+)\/(Workflows|TaskChannels|TaskQueues)$/.exec(p))) {
        const w = this.workspaces.find((x) => x.sid === m![1]);
        if (!w) return missing();
        const at = (kind: string, sid: string) => ({ ...base, sid, workspace_sid: w.sid, url: `${taskrouter}/${w.sid}/${kind}/${sid}`, links: { workspace: `${taskrouter}/${w.sid}` } });
        if (m[2] === 'Workflows') {
          return page('taskrouter.twilio.com', 'workflows', w.workflows.map((x) => ({ ...at('Workflows', x.sid), friendly_name: x.friendly_name, assignment_callback_url: null, configuration: '{"task_routing":{"filters":[]}}', document_content_type: 'application/json', fallback_assignment_callback_url: null, task_reservation_timeout: 120 })));
        }
        if (m[2] === 'TaskChannels') {
          return page('taskrouter.twilio.com', 'channels', w.taskChannels.map((x) => ({ ...at('TaskChannels', x.sid), friendly_name: x.friendly_name, unique_name: x.unique_name, channel_optimized_routing: null })));
        }
        return page('taskrouter.twilio.com', 'task_queues', w.taskQueues.map((x) => ({ ...at('TaskQueues', x.sid), friendly_name: x.friendly_name, assignment_activity_sid: null, assignment_activity_name: null, max_reserved_workers: 1, reservation_activity_sid: null, reservation_activity_name: null, target_workers: null, task_order: 'FIFO' })));
      }
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------------------
  // What `cutover` uses (issue 17), in Twilio's shapes (twilio_flex_v1.json, twilio_conversations_v1.json,
  // twilio_api_v2010.json, twilio_studio_v2.json, twilio_taskrouter_v1.json). Flex's and Conversations'
  // GET /v1/Configuration differ only by host: the client names it in X-Twilio-Host when redirected here.

  readonly executions: StoredExecution[] = [];
  readonly tasks: StoredTask[] = [];
  flexChatServiceSid = 'IS00000000000000000000000000000001';
  defaultConversationService = 'IS00000000000000000000000000000001';
  workspaceSid = 'WS00000000000000000000000000000001';
  private cutoverSid = 1;

  addExecution(flowSid: string, status: 'active' | 'ended' = 'active', contact = '+15550001111'): string {
    const sid = this.newSid('FN');
    this.executions.push({ sid, flow_sid: flowSid, status, contact_channel_address: contact });
    return sid;
  }

  addTask(assignmentStatus: string, attributes: Record<string, unknown>): string {
    const sid = this.newSid('WT');
    this.tasks.push({ sid, assignment_status: assignmentStatus, attributes: JSON.stringify(attributes), reason: null });
    return sid;
  }

  newSid(prefix: string): string {
    return `${prefix}${this.account.sidSeed === '0' ? 'c' : this.account.sidSeed}${String(this.cutoverSid++).padStart(31, '0')}`;
  }

  private handleCutover(
    req: IncomingMessage,
    request: LoggedRequest,
    url: URL,
    send: (status: number, payload: unknown) => void,
    error: (status: number, code: number, message: string, details?: unknown) => void,
  ): boolean {
    const { method, form } = request;
    const p = url.pathname;
    const now = new Date().toISOString();
    let m: RegExpExecArray | null;
    if (method === 'GET' && p === '/v1/Configuration') {
      const host = String(req.headers['x-twilio-host'] ?? '');
      if (host.startsWith('flex-api.')) {
        send(200, {
          account_sid: this.accountSid,
          date_created: now,
          date_updated: now,
          status: 'ok',
          chat_service_instance_sid: this.flexChatServiceSid,
          taskrouter_workspace_sid: this.workspaceSid,
          flex_service_instance_sid: 'IS00000000000000000000000000000002',
          ui_version: '2.13.0',
          service_version: '1.0',
          url: 'https://flex-api.twilio.com/v1/Configuration',
        });
      } else if (host.startsWith('conversations.')) {
        send(200, {
          account_sid: this.accountSid,
          default_chat_service_sid: this.defaultConversationService,
          default_messaging_service_sid: 'MG00000000000000000000000000000001',
          default_inactive_timer: null,
          default_closed_timer: null,
          url: 'https://conversations.twilio.com/v1/Configuration',
          links: { service: 'https://conversations.twilio.com/v1/Services/' + this.defaultConversationService, webhooks: 'https://conversations.twilio.com/v1/Configuration/Webhooks' },
        });
      } else error(404, 20404, 'The requested resource /v1/Configuration was not found (no X-Twilio-Host)');
      return true;
    }
    if (method === 'POST' && p === '/v1/FlexFlows') {
      const integration: Record<string, unknown> = {};
      for (const [param, value] of form) {
        if (!param.startsWith('Integration.')) continue;
        const key = param.slice('Integration.'.length).replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c.toLowerCase());
        integration[key] = /^(timeout|priority|retry_count)$/.test(key) ? Number(value) : key === 'creation_on_message' ? value === 'true' : value;
      }
      if (!form.get('FriendlyName') || !form.get('ChatServiceSid') || !form.get('ChannelType')) {
        error(400, 20001, 'Missing required parameter FriendlyName, ChatServiceSid or ChannelType');
        return true;
      }
      const f: FlexFlow = {
        sid: this.newSid('FO'),
        friendly_name: form.get('FriendlyName')!,
        channel_type: form.get('ChannelType') as FlexFlow['channel_type'],
        contact_identity: form.get('ContactIdentity') ?? '',
        integration_type: (form.get('IntegrationType') ?? 'studio') as FlexFlow['integration_type'],
        integration,
      };
      this.flexFlows.push(f);
      send(201, this.flexFlow(f));
      return true;
    }
    if ((m = /^\/v1\/FlexFlows\/(FO\w+)$/.exec(p)) && (method === 'DELETE' || method === 'GET')) {
      const i = this.flexFlows.findIndex((f) => f.sid === m![1]);
      if (i < 0) error(404, 20404, `The requested resource ${p} was not found`);
      else if (method === 'GET') send(200, this.flexFlow(this.flexFlows[i]!));
      else {
        this.flexFlows.splice(i, 1);
        send(204, null); // Node sends no body with a 204
      }
      return true;
    }
    if (method === 'POST' && p === '/v1/Configuration/Addresses') {
      const address = form.get('Address');
      const type = form.get('Type');
      if (!address || !type) {
        error(400, 20001, 'Missing required parameter Type or Address');
        return true;
      }
      const bare = (a: string) => a.replace(/^(whatsapp|messenger|sms):/i, '');
      // The seed guide: a number cannot be on both platforms; disconnect it from Programmable Chat first.
      if (this.flexFlows.some((f) => bare(f.contact_identity) === bare(address))) {
        error(409, 50407, `${address} is in use by a legacy Flex address`);
        return true;
      }
      // One configuration per type and address: an SMS and a WhatsApp address on one phone are two ("a unique
      // address (i.e. a WhatsApp or SMS phone number)", the Address Configuration resource's docs).
      if (this.addresses.some((a) => a.type === type && bare(a.address) === bare(address))) {
        error(409, 50416, `An address configuration for ${address} already exists`);
        return true;
      }
      const a: AddressConfiguration = {
        sid: this.newSid('IG'),
        type,
        address,
        friendly_name: form.get('FriendlyName') ?? '',
        auto_creation: {
          enabled: form.get('AutoCreation.Enabled') === 'true',
          type: form.get('AutoCreation.Type') ?? 'default',
          ...(form.get('AutoCreation.StudioFlowSid') ? { studio_flow_sid: form.get('AutoCreation.StudioFlowSid') } : {}),
        },
      };
      this.addresses.push(a);
      send(201, this.addressConfiguration(a));
      return true;
    }
    if ((m = /^\/v1\/Configuration\/Addresses\/(IG\w+)$/.exec(p)) && method === 'DELETE') {
      const i = this.addresses.findIndex((a) => a.sid === m![1]);
      if (i < 0) error(404, 20404, `The requested resource ${p} was not found`);
      else {
        this.addresses.splice(i, 1);
        send(204, null); // Node sends no body with a 204
      }
      return true;
    }
    if ((m = new RegExp(`^/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers/(PN\\w+)\\.json$`).exec(p)) && (method === 'GET' || method === 'POST')) {
      const n = this.numbers.find((x) => x.sid === m![1]);
      if (!n) error(404, 20404, `The requested resource ${p} was not found`);
      else {
        if (method === 'POST' && form.has('SmsUrl')) n.sms_url = form.get('SmsUrl')!;
        send(200, this.incomingNumber(n));
      }
      return true;
    }
    if ((m = /^\/v2\/Flows\/(FW\w+)\/Executions$/.exec(p)) && method === 'GET') {
      const items = this.executions.filter((e) => e.flow_sid === m![1]).map((e) => this.execution(e, now));
      send(200, this.cutoverPage(`https://studio.twilio.com${p}`, 'executions', items));
      return true;
    }
    if ((m = /^\/v2\/Flows\/(FW\w+)\/Executions\/(FN\w+)$/.exec(p)) && method === 'POST') {
      const e = this.executions.find((x) => x.flow_sid === m![1] && x.sid === m![2]);
      if (!e) error(404, 20404, `The requested resource ${p} was not found`);
      else if (form.get('Status') !== 'ended') error(400, 20001, 'Status must be ended');
      else {
        e.status = 'ended';
        send(200, this.execution(e, now));
      }
      return true;
    }
    if ((m = /^\/v1\/Workspaces\/(WS\w+)\/Tasks$/.exec(p)) && method === 'GET') {
      const wanted = url.searchParams.getAll('AssignmentStatus');
      const items = this.tasks.filter((t) => !wanted.length || wanted.includes(t.assignment_status)).map((t) => this.task(t, m![1]!, now));
      send(200, this.cutoverPage(`https://taskrouter.twilio.com${p}`, 'tasks', items));
      return true;
    }
    if ((m = /^\/v1\/Workspaces\/(WS\w+)\/Tasks\/(WT\w+)$/.exec(p)) && (method === 'POST' || method === 'DELETE')) {
      const t = this.tasks.find((x) => x.sid === m![2]);
      if (!t) error(404, 20404, `The requested resource ${p} was not found`);
      else if (method === 'DELETE') {
        this.tasks.splice(this.tasks.indexOf(t), 1);
        send(204, null); // Node sends no body with a 204
      } else {
        const status = form.get('AssignmentStatus');
        if (status === 'canceled' && !form.get('Reason')) error(400, 20001, 'Reason is required to cancel a task');
        else {
          if (status) t.assignment_status = status;
          if (form.get('Reason')) t.reason = form.get('Reason');
          send(200, this.task(t, m[1]!, now));
        }
      }
      return true;
    }
    return false;
  }

  private cutoverPage(pageUrl: string, key: string, items: unknown[]): unknown {
    const first = `${pageUrl}?PageSize=50&Page=0`;
    return { [key]: items, meta: { page: 0, page_size: 50, first_page_url: first, previous_page_url: null, url: first, next_page_url: null, key } };
  }

  private execution(e: StoredExecution, now: string): Record<string, unknown> {
    const url = `https://studio.twilio.com/v2/Flows/${e.flow_sid}/Executions/${e.sid}`;
    return {
      sid: e.sid,
      account_sid: this.accountSid,
      flow_sid: e.flow_sid,
      contact_channel_address: e.contact_channel_address,
      context: {},
      status: e.status,
      date_created: now,
      date_updated: now,
      url,
      links: { steps: `${url}/Steps`, execution_context: `${url}/Context` },
    };
  }

  private task(t: StoredTask, workspaceSid: string, now: string): Record<string, unknown> {
    const url = `https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid}/Tasks/${t.sid}`;
    return {
      account_sid: this.accountSid,
      age: 60,
      assignment_status: t.assignment_status,
      attributes: t.attributes,
      addons: '{}',
      date_created: now,
      date_updated: now,
      task_queue_entered_date: now,
      priority: 0,
      reason: t.reason,
      sid: t.sid,
      task_queue_sid: 'WQ00000000000000000000000000000001',
      task_queue_friendly_name: 'Everyone',
      task_channel_sid: 'TC00000000000000000000000000000001',
      task_channel_unique_name: 'chat',
      timeout: 86400,
      workflow_sid: 'WW00000000000000000000000000000001',
      workflow_friendly_name: 'Assign to Anyone',
      workspace_sid: workspaceSid,
      url,
      links: { reservations: `${url}/Reservations`, workspace: `https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid}` },
      virtual_start_time: now,
      ignore_capacity: false,
      routing_target: null,
    };
  }
}
