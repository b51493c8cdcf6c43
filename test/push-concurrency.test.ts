/**
 * Issue 26, push and pull against the stand-in API: a push overtaken by another update between its check and
 * its own update is said, not passed as a clean push; pushes from one folder take turns (a lock beside the
 * manifest); a flow deleted from the account is named by pull and by push; a connection reset before the
 * server applied a push loses nothing.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureFlow, runCliAsync, runCliInProcess, tempDir } from './helpers.js';
import { StudioApiStandIn } from './support/studio-api.js';

let api: StudioApiStandIn;
let dir: string;
const cli = (args: string[], env: Record<string, string> = {}) => runCliInProcess(args, { cwd: dir, env: api.env(env) });
/** The built CLI in a child process: a push whose process is not the one holding the lock (this one). */
const binary = (args: string[]) => runCliAsync(args, { cwd: dir, env: api.env() });
const flowsDir = () => path.join(dir, 'flows');
const manifest = () => JSON.parse(readFileSync(path.join(flowsDir(), '.studio-lint-flows.json'), 'utf8')) as { flows: Record<string, { sid: string; revision: number; hash: string }> };
const lock = () => path.join(flowsDir(), '.studio-lint-flows.json.lock');
const updates = (sid: string) => api.requests.filter((r) => r.method === 'POST' && r.path === `/v2/Flows/${sid}`);

beforeEach(async () => {
  api = new StudioApiStandIn();
  await api.start();
  dir = tempDir();
});
afterEach(async () => {
  await api.stop();
});

/** A pulled and fixed Chat-era flow: a push has something to send (with --no-verify: its remaining errors would stop push's gate). */
async function pulledAndFixed(): Promise<string> {
  const sid = api.addFlow('Inbound SMS', fixtureFlow('chat-sms-to-flex'));
  expect((await cli(['pull'])).status).toBe(0);
  // Both Chat-era fixtures' moves are unsafe fixes (they read From): --unsafe-fixes makes a change to push.
  expect((await cli(['lint', '--fix', '--unsafe-fixes', 'flows'])).status).toBe(1);
  return sid;
}

describe('two pushes of one flow', () => {
  it('an update overtaken by another (pulled at 1, the answer is 3): said with what to do, exit 1, the account’s revision recorded', async () => {
    const sid = await pulledAndFixed();
    // Someone else's push lands between this push's check (it read revision 1) and its update.
    let interleaved = false;
    api.onRequest = (request) => {
      if (interleaved || request.method !== 'POST' || request.path !== `/v2/Flows/${sid}`) return;
      interleaved = true;
      api.addRevision(sid, fixtureFlow('voice-ivr'), 'draft', 'someone else');
    };
    const run = await cli(['push', '--no-verify']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^pushed {5}FW\w+ 'Inbound SMS': revision 3 \(draft\)/m);
    expect(run.stderr).toContain(
      `studio-lint: ${sid} 'Inbound SMS': revision 2 was made by someone else (another push, or the Console) after this push read revision 1, and this push replaced it as the latest: what it changed is no longer live; compare (studio-lint rollback --to 2 brings it back) and merge`,
    );
    expect(api.latest(sid).revision).toBe(3);
    expect(manifest().flows['inbound-sms.json']!.revision).toBe(3);
  });

  it('a push while another from the same folder holds the lock: refused, exit 2, nothing sent', async () => {
    const sid = await pulledAndFixed();
    writeFileSync(lock(), `${process.pid}\n`);
    const run = await binary(['push', '--no-verify']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`studio-lint: another push from flows is running (process ${process.pid}, lock flows/.studio-lint-flows.json.lock): wait for it to end\n`);
    expect(updates(sid)).toHaveLength(0);
    expect(existsSync(lock())).toBe(true);
  });

  it('a lock left by a push that was killed is taken over; a push leaves no lock behind', async () => {
    const sid = await pulledAndFixed();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lock(), `${dead}\n`);
    const run = await cli(['push', '--no-verify']);
    expect(run.status).toBe(0);
    expect(updates(sid)).toHaveLength(1);
    expect(existsSync(lock())).toBe(false);
  });
});

describe('a flow deleted from the account', () => {
  it('pull names it and keeps its file; push says it is gone, not a 404 with a hint about lost answers', async () => {
    const sid = await pulledAndFixed();
    const kept = api.addFlow('Kept', fixtureFlow('voice-ivr'));
    expect((await cli(['pull'])).status).toBe(0);
    const fixed = readFileSync(path.join(flowsDir(), 'inbound-sms.json'), 'utf8');
    api.flows.delete(sid);

    const pulled = await cli(['pull']);
    expect(pulled.status).toBe(0);
    expect(pulled.stderr).toContain(
      `studio-lint: ${sid} 'Inbound SMS' is no longer in the account (deleted): flows/inbound-sms.json is kept as it is, and push will not send it; remove it and its entry in .studio-lint-flows.json to forget it`,
    );
    expect(pulled.stderr).not.toContain(kept);
    expect(readFileSync(path.join(flowsDir(), 'inbound-sms.json'), 'utf8')).toBe(fixed);
    expect(manifest().flows['inbound-sms.json']).toMatchObject({ sid, revision: 1 });

    const pushed = await cli(['push', '--no-verify']);
    expect(pushed.status).toBe(1);
    expect(pushed.stderr).toContain(
      `studio-lint: ${sid} 'Inbound SMS': the flow is no longer in the account (deleted); not pushed: flows/inbound-sms.json is kept, remove it and its entry in .studio-lint-flows.json to forget it`,
    );
    expect(pushed.stderr).not.toMatch(/404|answer was lost|applied it anyway/);
    expect(updates(sid)).toHaveLength(0);
  });
});

describe('a connection reset before the server applied a push', () => {
  it('the push fails (exit 3), nothing is recorded, the account is unchanged; the next push sends it', async () => {
    const sid = await pulledAndFixed();
    api.faults.push({ method: 'POST', path: `/v2/Flows/${sid}`, status: 0, reset: true });
    const failed = await cli(['push', '--no-verify']);
    expect(failed.status).toBe(3);
    expect(failed.stderr).toMatch(/updating FW\w+: network error ECONNRESET; nothing recorded/);
    expect(api.latest(sid).revision).toBe(1);
    expect(manifest().flows['inbound-sms.json']!.revision).toBe(1);
    const again = await cli(['push', '--no-verify']);
    expect(again.status).toBe(0);
    expect(api.latest(sid).revision).toBe(2);
    expect(manifest().flows['inbound-sms.json']!.revision).toBe(2);
  });
});
