/**
 * The only module that loads the `twilio` package, and only when a command needs it (pull, push, rollback,
 * lint --remote): `lint` never pays for it.
 *
 * twilio is pinned to 6.0.2: 6.1.0 to 6.2.0 crash in flows(sid).revisions.list() (studio-reference.md,
 * section 5). This module never calls revisions.list() either: it fetches revisions by number.
 */
import { EXIT } from '../exit-codes.js';
import type { EnvironmentConfig } from '../config/config.js';
import type { FlowDefinition } from '../flow/load.js';
import type { RequestOptions } from 'twilio/lib/base/RequestClient.js';

/** Environment variables, as process.env holds them: a type of its own, so that the public declarations name no Node type. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface FlowSummary {
  sid: string;
  friendlyName: string;
  status: string;
  revision: number;
}

export interface RemoteFlow extends FlowSummary {
  definition: FlowDefinition;
  commitMessage: string | null;
}

export interface ValidationProblem {
  message: string;
  propertyPath: string;
}

/** A Twilio API, network or authentication failure: exit 3, with Twilio's code and message. */
export class TwilioError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: number,
    readonly details?: unknown,
  ) {
    // Twilio's message, or a proxy's error page, can echo the request, Authorization header included.
    super(redact(message));
  }
}

/** The secrets of this run (the auth token or API secret, and their Basic header): never printed. */
const secrets = new Set<string>();

/**
 * Forgets the secrets of earlier runs, for a process that runs one command after another (the tests run the
 * command line in their own process): each run then redacts what a process of its own would, no more.
 */
export function forgetSecrets(): void {
  secrets.clear();
}

/** Text with every credential replaced by [redacted]: the run's secrets, and any Basic or Bearer value. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  // A credential has a digit or +/= somewhere (base64, tokens): "Basic authentication" stays as it is.
  return out.replace(/\b(Basic|Bearer)(\s+|%20)(?=[A-Za-z0-9+/=._~-]{8})(?=[A-Za-z._~-]*[0-9+/=])[A-Za-z0-9+/=._~-]+/gi, '$1$2[redacted]');
}

/**
 * How long one request may take in all, in milliseconds: STUDIO_LINT_TIMEOUT seconds (default 60). The
 * socket timeout alone fires only on an idle socket; a server that drips a byte now and then would keep a
 * request open for ever. A value that is not a number of seconds above 0 (up to a day: longer overflows
 * Node's timers, which then fire at once) is the user's to fix, not silently the default.
 */
export function requestDeadline(env: Environment): number {
  const value = env.STUDIO_LINT_TIMEOUT;
  if (value === undefined || value.trim() === '') return 60_000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new CredentialsError(`STUDIO_LINT_TIMEOUT must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${printable(value)}'`);
  }
  return seconds * 1000;
}

const MAX_TIMEOUT_SECONDS = 86_400;

/** STUDIO_LINT_BASE_URL, checked: an http or https URL (what the stand-in API and proxies are), or undefined. */
export function baseUrlFromEnv(env: Environment): string | undefined {
  const value = env.STUDIO_LINT_BASE_URL;
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    // A URL may carry a user and password: then it is not repeated.
    throw new CredentialsError(`STUDIO_LINT_BASE_URL must be an http:// or https:// URL, not ${value.includes('@') ? 'what it is' : `'${printable(value)}'`}`);
  }
  return value;
}

/** A value from the environment, fit for a one-line message: control characters escaped, cut at 100 characters. */
const printable = (value: string) => {
  const escaped = JSON.stringify(value).slice(1, -1);
  return escaped.length > 100 ? `${escaped.slice(0, 100)}…` : escaped;
};

export interface StudioApi {
  /** The Account SID the credentials open: the account a folder was pulled from (never a credential). */
  readonly accountSid: string;
  listFlows(): Promise<FlowSummary[]>;
  fetchFlow(sid: string): Promise<RemoteFlow>;
  fetchRevision(sid: string, revision: number | 'LatestPublished' | 'LatestRevision'): Promise<RemoteFlow>;
  /** Resolves to the problems Twilio reports; [] when the definition is valid. */
  validate(friendlyName: string, status: string, definition: FlowDefinition): Promise<ValidationProblem[]>;
  updateFlow(sid: string, update: { status: 'draft' | 'published'; definition: FlowDefinition; commitMessage: string }): Promise<RemoteFlow>;
  createFlow(create: { friendlyName: string; status: 'draft' | 'published'; definition: FlowDefinition; commitMessage?: string }): Promise<RemoteFlow & { webhookUrl: string }>;
  /** The raw client, for the inventory's other APIs. */
  readonly client: unknown;
}

export interface Credentials {
  accountSid: string;
  username: string;
  password: string;
}

/**
 * Credentials or a setting missing or malformed in the environment: a problem the user fixes (exit 2, as a bad
 * config), not a failure of Twilio or the network (exit 3, which a CI job may retry).
 */
export class CredentialsError extends Error {}

/** Credentials from the environment; never printed, never part of an error message. */
export function credentialsFromEnv(env: Environment = process.env): Credentials {
  const accountSid = env.TWILIO_ACCOUNT_SID;
  if (!accountSid) throw new CredentialsError('TWILIO_ACCOUNT_SID is not set (with TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET)');
  // An Account SID is AC and 32 hexadecimal digits (https://www.twilio.com/docs/glossary/what-is-a-sid). The value
  // is not repeated: what was pasted there by mistake may be a token.
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    throw new CredentialsError(`TWILIO_ACCOUNT_SID is not an Account SID (AC and 32 hexadecimal digits; it has ${accountSid.length} characters${accountSid.startsWith('AC') ? '' : ' and does not start with AC'})`);
  }
  if (env.TWILIO_API_KEY && env.TWILIO_API_SECRET) return { accountSid, username: env.TWILIO_API_KEY, password: env.TWILIO_API_SECRET };
  if (env.TWILIO_AUTH_TOKEN) return { accountSid, username: accountSid, password: env.TWILIO_AUTH_TOKEN };
  throw new CredentialsError('set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET, with TWILIO_ACCOUNT_SID');
}

/**
 * The environment a connection to a configured environment (push --promote --to <name>) is opened with: the
 * Account SID and the credentials read from the variables the config names, in place of the TWILIO_* ones.
 * A variable that is not set is a CredentialsError naming the variable (never a value).
 */
export function environmentCredentials(name: string, environment: EnvironmentConfig, env: Environment): Environment {
  const read = (variable: string) => {
    const value = env[variable];
    if (!value) throw new CredentialsError(`environment ${name}: ${variable} is not set`);
    return value;
  };
  const out: Record<string, string | undefined> = { ...env, TWILIO_ACCOUNT_SID: environment.accountSid ?? read(environment.accountSidEnv!) };
  delete out.TWILIO_AUTH_TOKEN;
  delete out.TWILIO_API_KEY;
  delete out.TWILIO_API_SECRET;
  if (environment.apiKeyEnv) {
    out.TWILIO_API_KEY = read(environment.apiKeyEnv);
    out.TWILIO_API_SECRET = read(environment.apiSecretEnv!);
  } else out.TWILIO_AUTH_TOKEN = read(environment.authTokenEnv!);
  return out;
}

/** How many times an HTTP 429 is retried (within the deadline). */
const MAX_RETRIES = 5;

/** What the 429 retries keep on a request's axios config. */
interface RetryState {
  retryCount?: number;
  deadlineAt?: number;
}

/**
 * A Retry-After header's wait in milliseconds: delay-seconds or an HTTP date (RFC 9110, section 10.2.3); undefined
 * when absent or unreadable.
 */
export function retryAfterMs(header: unknown, now: number): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

/** Replaces scheme, host and port of a Twilio URL with the base URL's, keeping path and query. */
export function redirect(uri: string, baseUrl: string): string {
  const target = new URL(uri);
  const base = new URL(baseUrl);
  return `${base.origin}${base.pathname.replace(/\/$/, '')}${target.pathname}${target.search}`;
}

/** The version the account commands are tested with (6.1.0 to 6.2.0 crash, see above). */
export const TWILIO_VERSION = '6.0.2';

/**
 * `twilio` is an optional peer dependency (20 MB that users who only lint should not install): when it is
 * missing, say so and how to install it, and exit 2 (a set-up problem, not a Twilio failure).
 */
async function loadTwilio() {
  try {
    return (await import('twilio')).default;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    process.stderr.write(
      `studio-lint: this command talks to Twilio through the twilio package, which is not installed.\n` +
        `Install it next to studio-lint: npm install twilio@${TWILIO_VERSION}   (or npm install -g twilio@${TWILIO_VERSION} for a global studio-lint)\n`,
    );
    process.exit(EXIT.usage);
  }
}

/**
 * Opens the Studio API with the credentials of `env`. `warn` takes what the client says while it waits (an HTTP
 * 429's retry): the command's standard error.
 */
export async function connect(env: Environment = process.env, warn: (text: string) => void = (text) => process.stderr.write(text)): Promise<StudioApi> {
  const credentials = credentialsFromEnv(env);
  secrets.add(credentials.password);
  secrets.add(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
  const baseUrl = baseUrlFromEnv(env);
  const deadline = requestDeadline(env);
  const twilio = await loadTwilio();

  // Every request, including the absolute next_page_url of a listing, goes to STUDIO_LINT_BASE_URL when set.
  class Client extends twilio.RequestClient {
    override request<TData>(opts: RequestOptions<TData>) {
      // The Twilio host goes along in a header: Flex's and Conversations' /v1/Configuration differ only by host.
      return super.request<TData>(baseUrl ? { ...opts, uri: redirect(opts.uri, baseUrl), headers: { ...opts.headers, 'X-Twilio-Host': new URL(opts.uri).host } } : opts);
    }
  }
  const httpClient = new Client({ timeout: 30_000 });
  // The total deadline: axios aborts the request (and its retries) when the signal fires.
  httpClient.axios.interceptors.request.use((config) => {
    const retried = config as typeof config & RetryState;
    retried.deadlineAt ??= Date.now() + deadline;
    config.signal ??= AbortSignal.timeout(deadline);
    return config;
  });
  // HTTP 429: retried after what Retry-After asks (twilio's own autoRetry ignores it and tried six times in five
  // seconds against 'Retry-After: 30'), or a backoff with jitter without one; never past the deadline.
  httpClient.axios.interceptors.response.use(async (response) => {
    if (response.status !== 429) return response;
    const config = response.config as typeof response.config & RetryState;
    const attempt = (config.retryCount ?? 0) + 1;
    if (attempt > MAX_RETRIES) return response;
    const asked = retryAfterMs(response.headers['retry-after'], Date.now());
    const wait = asked ?? Math.floor(Math.random() * Math.min(3000, 100 * 2 ** attempt));
    const left = (config.deadlineAt ?? Infinity) - Date.now();
    if (asked !== undefined) {
      if (wait >= left) {
        warn(`studio-lint: Twilio is limiting the rate (HTTP 429) and asks to wait ${seconds(wait)} (Retry-After), more than the ${seconds(Math.max(0, left))} left of STUDIO_LINT_TIMEOUT: not retried\n`);
        return response;
      }
      warn(`studio-lint: Twilio is limiting the rate (HTTP 429): waiting ${seconds(wait)}, as its Retry-After asks, before trying again\n`);
    } else if (wait >= left) return response;
    await new Promise((resolve) => setTimeout(resolve, wait));
    config.retryCount = attempt;
    return httpClient.axios(config);
  });
  const client = twilio(credentials.username, credentials.password, { accountSid: credentials.accountSid, httpClient });
  const flows = client.studio.v2.flows;

  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw error instanceof TwilioError ? new TwilioError(`${what}: ${error.message}`) : toTwilioError(what, error);
    }
  };
  const remote = (f: { sid: string; friendlyName: string; status: string; revision: number; definition?: unknown; commitMessage?: string | null }): RemoteFlow => {
    // What comes back is checked before anything is written from it.
    if (typeof f?.sid !== 'string' || !Number.isInteger(Number(f.revision)) || typeof f.definition !== 'object' || f.definition === null) {
      throw new TwilioError(`Twilio's answer for ${typeof f?.sid === 'string' ? f.sid : 'a flow'} is not a Flow with a definition and a revision`);
    }
    return flowOf(f);
  };
  const flowOf = (f: { sid: string; friendlyName: string; status: string; revision: number; definition?: unknown; commitMessage?: string | null }): RemoteFlow => ({
    sid: f.sid,
    friendlyName: f.friendlyName,
    status: f.status,
    revision: Number(f.revision),
    definition: f.definition as FlowDefinition,
    commitMessage: f.commitMessage ?? null,
  });

  return {
    client,
    accountSid: credentials.accountSid,
    listFlows: () =>
      call('listing flows', async () =>
        (await flows.list()).map((f) => ({ sid: f.sid, friendlyName: f.friendlyName, status: f.status, revision: Number(f.revision) })),
      ),
    fetchFlow: (sid) => call(`fetching ${sid}`, async () => remote(await flows(sid).fetch())),
    fetchRevision: (sid, revision) =>
      call(`fetching revision ${revision} of ${sid}`, async () => {
        const r = await flows(sid).revisions(String(revision)).fetch();
        return remote({ ...r, friendlyName: r.friendlyName, revision: Number(r.revision) });
      }),
    validate: async (friendlyName, status, definition) => {
      try {
        await client.studio.v2.flowValidate.update({ friendlyName, status: status as 'draft' | 'published', definition });
        return [];
      } catch (error) {
        const problems = validationProblems(error);
        if (problems) return problems;
        throw toTwilioError('validating', error);
      }
    },
    updateFlow: (sid, update) => call(`updating ${sid}`, async () => remote(await flows(sid).update(update))),
    createFlow: (create) =>
      call('creating a flow', async () => {
        const f = await flows.create(create);
        return { ...remote(f), webhookUrl: f.webhookUrl };
      }),
  };
}

function validationProblems(error: unknown): ValidationProblem[] | undefined {
  const e = error as { status?: number; details?: { errors?: { message?: string; property_path?: string }[] } };
  if (e?.status !== 400 || !Array.isArray(e.details?.errors)) return undefined;
  return e.details.errors.map((p) => ({ message: String(p.message ?? 'invalid'), propertyPath: String(p.property_path ?? '#') }));
}

/** Twilio's status, code and message; never the request's URL or headers, which carry credentials. */
export function toTwilioError(what: string, error: unknown): TwilioError {
  const e = error as { status?: number; code?: number | string; message?: string; moreInfo?: string; details?: unknown };
  if (typeof e?.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined;
    const text = `${what}: Twilio answered HTTP ${e.status}${code ? `, error ${code}` : ''}: ${e.message ?? 'no message'}${e.moreInfo ? ` (${e.moreInfo})` : ''}`;
    return new TwilioError(text, e.status, code, e.details);
  }
  const network = typeof e?.code === 'string' ? e.code : undefined;
  // ERR_CANCELED: the deadline's signal (nothing else cancels); ECONNABORTED/ETIMEDOUT: an idle socket.
  if (network === 'ERR_CANCELED' || network === 'ECONNABORTED' || network === 'ETIMEDOUT') {
    return new TwilioError(`${what}: timed out (${network}): no complete answer in time; STUDIO_LINT_TIMEOUT sets the limit in seconds`);
  }
  return new TwilioError(`${what}: ${network ? `network error ${network}` : 'the request failed'}${e?.message && !network ? `: ${e.message}` : ''}`);
}
