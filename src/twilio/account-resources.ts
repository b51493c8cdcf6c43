/**
 * What an account's references are, by name (issue 27): the listings that say it, and the pure mapping
 * between a value a flow holds (a SID, a Function domain, a number: src/flow/account-references.ts) and the
 * identity that names it in any account.
 *
 * Lookups are one listing per resource kind and account (plus one per Serverless Service for its environments
 * and functions, and one per Function for its path, on the Versions listing: a Function's path lives on its
 * versions, https://www.twilio.com/docs/serverless/api/resource/function-version), made only for the kinds the
 * flows hold and kept for the run: never one request per reference. Each listing pages as the twilio package
 * pages, and goes through the client's 429 handling (Retry-After) like every Studio call.
 *
 * The names that identify each kind (the identity table of docs/promote.md):
 *
 * | kind | identity | Twilio's resource |
 * | --- | --- | --- |
 * | Serverless Service (ZS) | its `unique_name` | https://www.twilio.com/docs/serverless/api/resource/service |
 * | Environment (ZE), Function domain (`*.twil.io`) | service `unique_name` / environment `unique_name` | https://www.twilio.com/docs/serverless/api/resource/environment |
 * | Function (ZH) | service `unique_name` + the Function's `path` | https://www.twilio.com/docs/serverless/api/resource/function-version |
 * | Flow (FW, a subflow) | its `friendly_name` | https://www.twilio.com/docs/studio/rest-api/v2/flow |
 * | Workflow (WW) | its `friendly_name` | https://www.twilio.com/docs/taskrouter/api/workflow |
 * | Task Channel (TC) | its `unique_name` | https://www.twilio.com/docs/taskrouter/api/task-channel |
 * | Task Queue (WQ) | its `friendly_name` | https://www.twilio.com/docs/taskrouter/api/task-queue |
 * | Workspace (WS) | its `friendly_name` | https://www.twilio.com/docs/taskrouter/api/workspace |
 * | Messaging Service (MG) | its `friendly_name` | https://www.twilio.com/docs/messaging/api/service-resource |
 * | Phone number (PN, or the number itself) | the number (E.164) | https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource |
 */
import type { AccountReference, AccountResourceKind } from '../flow/account-references.js';
import { toTwilioError, TwilioError, type StudioApi } from './client.js';

export interface ServerlessService {
  sid: string;
  uniqueName: string;
  environments: { sid: string; uniqueName: string; domainName: string }[];
  /** Filled when the service's functions are needed. */
  functions?: { sid: string; path: string | undefined }[];
}

/** A resource known by one name. */
export interface NamedResource {
  sid: string;
  name: string;
}

/** The identity of a reference: the names that find the same resource in another account. */
export interface Identity {
  kind: AccountResourceKind;
  /** `tools`, `tools/dev`, `tools:/crm/lookup`, a friendly or unique name, or a number. */
  name: string;
}

export type Resolution = { identity: Identity } | { unresolved: string };

/** The raw twilio client's listings used here (the twilio package's own types are not imported: it loads lazily). */
interface RawClient {
  serverless: {
    v1: {
      services: {
        list(): Promise<Record<string, unknown>[]>;
        (sid: string): {
          environments: { list(): Promise<Record<string, unknown>[]> };
          functions: { list(): Promise<Record<string, unknown>[]>; (sid: string): { functionVersions: { list(): Promise<Record<string, unknown>[]> } } };
        };
      };
    };
  };
  taskrouter: {
    v1: {
      workspaces: {
        list(): Promise<Record<string, unknown>[]>;
        (sid: string): { workflows: { list(): Promise<Record<string, unknown>[]> }; taskChannels: { list(): Promise<Record<string, unknown>[]> }; taskQueues: { list(): Promise<Record<string, unknown>[]> } };
      };
    };
  };
  messaging: { v1: { services: { list(): Promise<Record<string, unknown>[]> } } };
  incomingPhoneNumbers: { list(): Promise<Record<string, unknown>[]> };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const time = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) || 0 : 0);

/**
 * One account's resources, listed on demand and kept: each listing is made at most once per run, whatever
 * the number of references that need it.
 */
export class AccountResources {
  private readonly client: RawClient;
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly api: StudioApi) {
    this.client = api.client as RawClient;
  }

  /** Listings made so far: what a test counts. */
  get listings(): number {
    return this.cache.size;
  }

  private once<T>(key: string, what: string, request: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = request().catch((error: unknown) => {
        throw error instanceof TwilioError ? error : toTwilioError(what, error);
      });
      this.cache.set(key, p);
    }
    return p;
  }

  services(): Promise<ServerlessService[]> {
    return this.once('services', 'listing Serverless services', async () => {
      const services = await this.client.serverless.v1.services.list();
      return Promise.all(
        services.map(async (s) => {
          const sid = str(s.sid);
          const environments = await this.once(`environments ${sid}`, `listing the environments of ${sid}`, () => this.client.serverless.v1.services(sid).environments.list());
          return { sid, uniqueName: str(s.uniqueName), environments: environments.map((e) => ({ sid: str(e.sid), uniqueName: str(e.uniqueName), domainName: str(e.domainName) })) };
        }),
      );
    });
  }

  /** A service's functions with their paths (the latest version's). */
  functions(service: ServerlessService): Promise<{ sid: string; path: string | undefined }[]> {
    const sid = service.sid;
    return this.once(`functions ${sid}`, `listing the functions of ${sid}`, async () => {
      const functions = await this.client.serverless.v1.services(sid).functions.list();
      return Promise.all(
        functions.map(async (f) => {
          const versions = await this.client.serverless.v1.services(sid).functions(str(f.sid)).functionVersions.list();
          // The newest version's path is the function's path (a rename makes a new version).
          const newest = versions.reduce<Record<string, unknown> | undefined>((a, v) => (!a || time(v.dateCreated) >= time(a.dateCreated) ? v : a), undefined);
          return { sid: str(f.sid), path: newest ? str(newest.path) : undefined };
        }),
      );
    });
  }

  /** The account's flows, by friendly name, with their latest revision. */
  flows(): Promise<(NamedResource & { revision: number; status: string })[]> {
    return this.once('flows', 'listing flows', async () => (await this.api.listFlows()).map((f) => ({ sid: f.sid, name: f.friendlyName, revision: f.revision, status: f.status })));
  }

  /** A flow made since the listing (a promotion's --create): the flows that run it find it by its name. */
  async noteFlow(flow: NamedResource & { revision: number; status: string }): Promise<void> {
    (await this.flows()).push(flow);
  }

  private workspaces(): Promise<{ sid: string; name: string }[]> {
    return this.once('workspaces', 'listing TaskRouter workspaces', async () => (await this.client.taskrouter.v1.workspaces.list()).map((w) => ({ sid: str(w.sid), name: str(w.friendlyName) })));
  }

  /** Workflows, task channels or task queues of every workspace. */
  taskrouter(kind: 'workflows' | 'taskChannels' | 'taskQueues'): Promise<NamedResource[]> {
    return this.once(kind, `listing TaskRouter ${kind}`, async () => {
      const all = await Promise.all(
        (await this.workspaces()).map(async (w) =>
          (await this.client.taskrouter.v1.workspaces(w.sid)[kind].list()).map((r) => ({ sid: str(r.sid), name: kind === 'taskChannels' ? str(r.uniqueName) : str(r.friendlyName) })),
        ),
      );
      return all.flat();
    });
  }

  workspaceNames(): Promise<NamedResource[]> {
    return this.workspaces();
  }

  messagingServices(): Promise<NamedResource[]> {
    return this.once('messaging', 'listing Messaging services', async () => (await this.client.messaging.v1.services.list()).map((s) => ({ sid: str(s.sid), name: str(s.friendlyName) })));
  }

  numbers(): Promise<NamedResource[]> {
    return this.once('numbers', 'listing incoming phone numbers', async () => (await this.client.incomingPhoneNumbers.list()).map((n) => ({ sid: str(n.sid), name: str(n.phoneNumber) })));
  }

  /** What a reference of this account is, by name; why not when it cannot be said. Throws TwilioError. */
  async identify(reference: Pick<AccountReference, 'kind' | 'value'>): Promise<Resolution> {
    const { kind, value } = reference;
    const byName = (list: NamedResource[], what: string): Resolution => {
      const found = list.find((r) => r.sid === value);
      return found ? { identity: { kind, name: found.name } } : { unresolved: `no ${what} ${value} in the account` };
    };
    switch (kind) {
      case 'serverless-service': {
        const service = (await this.services()).find((s) => s.sid === value);
        return service ? { identity: { kind, name: service.uniqueName } } : { unresolved: `no Serverless service ${value} in the account` };
      }
      case 'serverless-environment':
      case 'function-domain': {
        for (const service of await this.services()) {
          const environment = service.environments.find((e) => (kind === 'function-domain' ? e.domainName === value : e.sid === value));
          if (environment) return { identity: { kind, name: `${service.uniqueName}/${environment.uniqueName}` } };
        }
        return { unresolved: kind === 'function-domain' ? `no Serverless environment of the account has the domain ${value}` : `no Serverless environment ${value} in the account` };
      }
      case 'function': {
        for (const service of await this.services()) {
          const fn = (await this.functions(service)).find((f) => f.sid === value);
          if (fn) return fn.path ? { identity: { kind, name: `${service.uniqueName}:${fn.path}` } } : { unresolved: `Function ${value} has no version, so no path` };
        }
        return { unresolved: `no Function ${value} in the account` };
      }
      case 'flow':
        return byName(await this.flows(), 'flow');
      case 'workflow':
        return byName(await this.taskrouter('workflows'), 'TaskRouter workflow');
      case 'task-channel':
        return byName(await this.taskrouter('taskChannels'), 'task channel');
      case 'task-queue':
        return byName(await this.taskrouter('taskQueues'), 'task queue');
      case 'workspace':
        return byName(await this.workspaceNames(), 'TaskRouter workspace');
      case 'messaging-service':
        return byName(await this.messagingServices(), 'Messaging service');
      case 'phone-number': {
        const numbers = await this.numbers();
        const found = numbers.find((n) => n.sid === value || n.name === value);
        return found ? { identity: { kind, name: found.name } } : { unresolved: `no incoming phone number ${value} in the account` };
      }
      case 'sid':
        return { unresolved: `a SID of prefix ${value.slice(0, 2)}, which studio-lint does not look up by name: map it in the environment's config` };
    }
  }

  /**
   * The value that has `identity` in this account, written as `reference` writes it (a PN SID stays a SID, a
   * number a number); why not when none or several do. Throws TwilioError.
   */
  async find(identity: Identity, reference: Pick<AccountReference, 'kind' | 'value'>): Promise<{ value: string } | { unresolved: string }> {
    const { kind, name } = identity;
    const unique = (matches: { sid: string }[], what: string): { value: string } | { unresolved: string } =>
      matches.length === 1 ? { value: matches[0]!.sid } : { unresolved: matches.length ? `${matches.length} ${what}s are named '${name}'` : `no ${what} named '${name}'` };
    switch (kind) {
      case 'serverless-service':
        return unique((await this.services()).filter((s) => s.uniqueName === name).map((s) => ({ sid: s.sid })), 'Serverless service');
      case 'serverless-environment':
      case 'function-domain': {
        const [serviceName, environmentName] = splitOnce(name, '/');
        const service = (await this.services()).find((s) => s.uniqueName === serviceName);
        if (!service) return { unresolved: `no Serverless service named '${serviceName}'` };
        const environment = service.environments.find((e) => e.uniqueName === environmentName);
        if (!environment) return { unresolved: `Serverless service '${serviceName}' has no environment named '${environmentName}'` };
        return { value: kind === 'function-domain' ? environment.domainName : environment.sid };
      }
      case 'function': {
        const [serviceName, path] = splitOnce(name, ':');
        const service = (await this.services()).find((s) => s.uniqueName === serviceName);
        if (!service) return { unresolved: `no Serverless service named '${serviceName}'` };
        const matches = (await this.functions(service)).filter((f) => f.path === path);
        return matches.length === 1 ? { value: matches[0]!.sid } : { unresolved: `Serverless service '${serviceName}' has ${matches.length ? 'several functions' : 'no function'} at path '${path}'` };
      }
      case 'flow':
        return unique((await this.flows()).filter((r) => r.name === name), 'flow');
      case 'workflow':
        return unique((await this.taskrouter('workflows')).filter((r) => r.name === name), 'TaskRouter workflow');
      case 'task-channel':
        return unique((await this.taskrouter('taskChannels')).filter((r) => r.name === name), 'task channel');
      case 'task-queue':
        return unique((await this.taskrouter('taskQueues')).filter((r) => r.name === name), 'task queue');
      case 'workspace':
        return unique((await this.workspaceNames()).filter((r) => r.name === name), 'TaskRouter workspace');
      case 'messaging-service':
        return unique((await this.messagingServices()).filter((r) => r.name === name), 'Messaging service');
      case 'phone-number': {
        const found = (await this.numbers()).find((n) => n.name === name);
        if (!found) return { unresolved: `no incoming phone number ${name}` };
        return { value: reference.value.startsWith('PN') ? found.sid : found.name };
      }
      case 'sid':
        return { unresolved: `a SID of prefix ${reference.value.slice(0, 2)} is not looked up by name` };
    }
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + separator.length)];
}
