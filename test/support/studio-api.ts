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
}

export const ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const AUTH_TOKEN = 'secret-auth-token-0123456789abcdef';
export const API_KEY = 'SK00000000000000000000000000000001';
export const API_SECRET = 'secret-api-key-secret-fedcba9876543210';

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

export class StudioApiStandIn {
  readonly flows = new Map<string, StoredFlow>();
  readonly flexFlows: FlexFlow[] = [];
  readonly addresses: AddressConfiguration[] = [];
  readonly numbers: IncomingNumber[] = [];
  readonly requests: LoggedRequest[] = [];
  readonly responses: LoggedResponse[] = [];
  readonly faults: Fault[] = [];
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
    res.writeHead(fault.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  /** The environment a CLI run needs to talk to this stand-in. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, STUDIO_LINT_BASE_URL: this.baseUrl, TWILIO_REGION: '', TWILIO_EDGE: '', ...extra };
  }

  addFlow(friendlyName: string, definition: unknown, status: 'draft' | 'published' = 'published'): string {
    const sid = `FW${String(this.nextSid++).padStart(32, '0')}`;
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => resolve(data));
    });
    const request: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, form: new URLSearchParams(body) };
    this.requests.push(request);
    let send = (status: number, payload: unknown) => {
      this.responses.push({ method: request.method, path: request.path, status, body: payload });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, code: number, message: string, details?: unknown) =>
      send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status, ...(details ? { details } : {}) });

    const expected = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    const withKey = `Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`;
    if (req.headers.authorization !== expected && req.headers.authorization !== withKey) return error(401, 20003, 'Authenticate');

    const fault = this.faults.find((f) => f.method === request.method && (typeof f.path === 'string' ? request.path.startsWith(f.path) : f.path.test(request.path)));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      if (!fault.after) return this.answerFault(fault, req, res, request);
      // The request is carried out below; its answer is replaced by the fault.
      send = () => this.answerFault(fault, req, res, request);
    }

    // The other APIs the inventory reads (hosts flex-api, conversations and api.twilio.com, one base URL here).
    if (request.method === 'GET' && url.pathname === '/v1/FlexFlows') return send(200, this.v1Page(url, 'flex_flows', this.flexFlows.map((f) => this.flexFlow(f))));
    if (request.method === 'GET' && url.pathname === '/v1/Configuration/Addresses') {
      return send(200, this.v1Page(url, 'address_configurations', this.addresses.map((a) => this.addressConfiguration(a))));
    }
    if (request.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`) {
      const uri = `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json?PageSize=50&Page=0`;
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
      account_sid: ACCOUNT_SID,
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
      account_sid: ACCOUNT_SID,
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
      account_sid: ACCOUNT_SID,
      sid: n.sid,
      phone_number: n.phone_number,
      friendly_name: n.phone_number,
      sms_url: n.sms_url,
      sms_method: 'POST',
      voice_url: '',
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      status: 'in-use',
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${n.sid}.json`,
      api_version: '2010-04-01',
    };
  }

  private resource(flow: StoredFlow, revision: Revision): Record<string, unknown> {
    return {
      sid: flow.sid,
      account_sid: ACCOUNT_SID,
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
      webhook_url: `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/${flow.sid}`,
      url: `${TWILIO}/v2/Flows/${flow.sid}`,
      links: { test_users: `${TWILIO}/v2/Flows/${flow.sid}/TestUsers`, revisions: `${TWILIO}/v2/Flows/${flow.sid}/Revisions`, executions: `${TWILIO}/v2/Flows/${flow.sid}/Executions` },
    };
  }
}
