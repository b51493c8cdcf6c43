/**
 * The release ref (npm run release) and the two integrations that run it straight from git: pre-commit hooks
 * (the real pre-commit, Debian's package, which .ci/run installs) and the GitHub Action's step, run the way a
 * runner runs it. The release is made in a clone of this repository's HEAD, so what is tested is what a tag
 * made from the last commit would hold.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli, SAFE_MOVE_FLOW, tempDir } from './helpers.js';

const FIXTURES = path.join(ROOT, 'fixtures');
const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const tag = `v${version}`;

function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = process.env): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}
// An identity for commits, which a fresh CI machine may not have.
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = (cwd: string, ...args: string[]) => {
  const result = run('git', args, cwd, gitEnv);
  return { ...result, out: result.stdout.trim() };
};

/** A clone of HEAD, with this checkout's node_modules for the build, on which `npm run release` ran. */
let source: string;
let released: SpawnSyncReturns<string>;
beforeAll(() => {
  source = path.join(tempDir(), 'studio-lint');
  expect(git(ROOT, 'clone', '--quiet', ROOT, source).status).toBe(0);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(source, 'node_modules'));
  appendFileSync(path.join(source, '.git', 'info', 'exclude'), 'node_modules\n');
  released = run('npm', ['run', 'release', '--silent'], source, gitEnv);
}, 120_000);

describe('npm run release', () => {
  it('tags a commit on top of HEAD that adds the built dist/, with a package.json pre-commit can install quickly', () => {
    expect(released.status, released.stderr).toBe(0);
    const head = git(source, 'rev-parse', 'HEAD').out;
    expect(git(source, 'rev-parse', `${tag}^`).out).toBe(head);
    expect(git(source, 'rev-parse', `${tag}^{commit}`).out).toBe(git(source, 'rev-parse', 'v0^{commit}').out);
    // The branch is left as it was: no dist/ in HEAD, a clean work tree.
    expect(git(source, 'ls-tree', '--name-only', 'HEAD', 'dist').out).toBe('');
    expect(git(source, 'status', '--porcelain').out).toBe('');
    const files = git(source, 'ls-tree', '-r', '--name-only', tag).out.split('\n');
    for (const file of ['dist/cli.cjs', 'dist/index.js', 'dist/eslint-plugin.js', 'dist/types/index.d.ts', 'dist/schemas/config.schema.json', '.pre-commit-hooks.yaml', 'action.yml']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).not.toContain('package-lock.json');
    const pkg = JSON.parse(git(source, 'show', `${tag}:package.json`).out) as Record<string, unknown>;
    expect(pkg).not.toHaveProperty('scripts');
    expect(pkg).not.toHaveProperty('devDependencies');
    expect(pkg).not.toHaveProperty('dependencies');
    expect(pkg.version).toBe(version);
    expect(git(source, 'ls-tree', tag, 'dist/cli.cjs').out).toMatch(/^100755 /);
  });

  it('refuses to replace an existing tag, and to release a work tree with changes', () => {
    const again = run('npm', ['run', 'release', '--silent'], source, gitEnv);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`tag ${tag} exists`);
    writeFileSync(path.join(source, 'README.md'), 'changed\n');
    const dirty = run('npm', ['run', 'release', '--silent', '--', '--force'], source, gitEnv);
    expect(dirty.status).toBe(1);
    expect(dirty.stderr).toContain('the work tree has changes');
    git(source, 'checkout', '--', 'README.md');
  });
});

describe('npm, installing from the release tag as the README says (studio-lint is not on the registry)', { timeout: 120_000 }, () => {
  it('the README’s npm install command, pointed at this clone, gives a project of flows npx studio-lint', () => {
    expect(released.status, released.stderr).toBe(0);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const command = /^npm install --save-dev github:studio-lint\/studio-lint#(v[\d.]+)$/m.exec(readme);
    expect(command, 'the README gives `npm install --save-dev github:studio-lint/studio-lint#<tag>`').not.toBeNull();
    expect(command![1]).toBe(tag);

    const app = tempDir();
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'flows', private: true }, null, 2));
    // The same spec with this clone in GitHub's place: npm fetches a git dependency the same way from both.
    const installed = run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--loglevel=error', `git+file://${source}#${command![1]}`], app);
    expect(installed.status, installed.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies['studio-lint']).toMatch(new RegExp(`#${tag}$`));
    expect(readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['studio-lint']);

    cpSync(FIXTURES, path.join(app, 'flows'), { recursive: true });
    const lint = run('npx', ['--no-install', 'studio-lint', 'flows'], app);
    expect(lint.status, lint.stderr).toBe(1);
    expect(lint.stdout).toMatch(/flows\/chat-sms-to-flex\.json\n\s+8:9\s+error/);
    expect(run('npx', ['--no-install', 'studio-lint', 'flows/voice-ivr.json'], app).status).toBe(0);
  });
});

describe('pre-commit, installing the hooks from the release tag', () => {
  const preCommitHome = tempDir();
  const env = { ...gitEnv, PRE_COMMIT_HOME: preCommitHome, NO_COLOR: '1' };

  function flowsRepo(files: Record<string, string>): string {
    const repo = tempDir();
    git(repo, 'init', '--quiet');
    for (const [name, from] of Object.entries(files)) cpSync(path.join(FIXTURES, from), path.join(repo, name));
    // JSONC, which pre-commit passes to the hooks as JSON: passed over (--ignore-non-flows).
    writeFileSync(path.join(repo, 'tsconfig.json'), '{\n  // editor settings\n  "compilerOptions": { "strict": true, },\n}\n');
    writeFileSync(
      path.join(repo, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${source}\n    rev: ${tag}\n    hooks:\n      - id: studio-lint-fix\n      - id: studio-lint\n`,
    );
    git(repo, 'add', '--all');
    return repo;
  }
  const preCommit = (repo: string, ...args: string[]) => run('pre-commit', args, repo, env);

  it('blocks a commit of Chat-era flows, fixes what it can, and lets clean flows through', () => {
    const installed = run('pre-commit', ['--version'], ROOT);
    expect(installed.status, 'pre-commit is not installed: apt-get install -y pre-commit (.ci/run does)').toBe(0);

    const repo = flowsRepo({ 'chat.json': 'chat-sms-to-flex.json', 'voice.json': 'voice-ivr.json' });
    const lint = preCommit(repo, 'run', 'studio-lint', '--all-files');
    expect(lint.status).toBe(1);
    expect(lint.stdout).toMatch(/^chat\.json\n[\s\S]*no-incoming-message-trigger/m);
    expect(lint.stdout).not.toContain('tsconfig');
    expect(readFileSync(path.join(repo, 'chat.json'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'chat-sms-to-flex.json'), 'utf8'));

    writeFileSync(path.join(repo, 'safe.json'), SAFE_MOVE_FLOW);
    git(repo, 'add', 'safe.json');
    const fix = preCommit(repo, 'run', 'studio-lint-fix', '--all-files');
    expect(fix.status).toBe(1); // what the fix cannot do remains
    expect(fix.stdout).toContain('files were modified by this hook');
    const fixed = readFileSync(path.join(repo, 'safe.json'), 'utf8');
    expect(fixed).toContain('"next": "ack",\n          "event": "incomingConversationMessage"');
    expect(fixed).toContain('{{trigger.conversation.ConversationSid}}');
    // The Chat-era fixture reads To and From: its move is unsafe, so the safe hook leaves it whole (issue 24).
    expect(readFileSync(path.join(repo, 'chat.json'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'chat-sms-to-flex.json'), 'utf8'));
    expect(readFileSync(path.join(repo, 'voice.json'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'voice-ivr.json'), 'utf8'));

    // As a git hook: the commit is refused while findings remain.
    expect(preCommit(repo, 'install').status).toBe(0);
    git(repo, 'add', '--all');
    const commit = git(repo, 'commit', '--quiet', '-m', 'flows');
    expect(commit.status).toBe(1);
    expect(commit.stdout + commit.stderr).toMatch(/^chat\.json\n[\s\S]*no-unavailable-trigger-variable/m);
    expect(git(repo, 'rev-parse', '--verify', '--quiet', 'HEAD').status).not.toBe(0); // nothing was committed

    const clean = flowsRepo({ 'migrated.json': 'conversations-migrated.json', 'voice.json': 'voice-ivr.json' });
    expect(preCommit(clean, 'install').status).toBe(0);
    const committed = git(clean, 'commit', '--quiet', '-m', 'flows');
    expect(committed.status, committed.stdout + committed.stderr).toBe(0);
    const all = preCommit(clean, 'run', '--all-files');
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/^studio-lint \(fix\)\.+Passed$/m);
    expect(all.stdout).toMatch(/^studio-lint\.+Passed$/m);
  }, 180_000);
});

describe('the GitHub Action, its step run as a runner runs it from the release tag', { timeout: 60_000 }, () => {
  const definition = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default: string }>;
    runs: { using: string; steps: { uses?: string; run?: string; env?: Record<string, string>; shell?: string }[] };
  };

  /** The runner: the action's files at the ref, expressions evaluated, the script run by bash as `shell: bash` does. */
  function runAction(ref: string, inputs: Record<string, string>, workspace: string, github: Record<string, string> = { 'github.event.pull_request.base.sha': '' }) {
    const home = tempDir('studio-lint-runner-');
    const actionPath = path.join(home, '_actions', 'studio-lint', 'studio-lint', ref);
    mkdirSync(actionPath, { recursive: true });
    const archive = path.join(home, 'action.tar');
    expect(git(source, 'archive', `--output=${archive}`, ref).status).toBe(0);
    expect(spawnSync('tar', ['-x', '-f', archive, '-C', actionPath]).status).toBe(0);

    const action = parse(readFileSync(path.join(actionPath, 'action.yml'), 'utf8')) as typeof definition;
    // github.event.* is empty outside the event that sets it (a push has no pull_request), as on GitHub.
    const context: Record<string, string> = { 'github.action_path': actionPath, ...github };
    for (const [name, input] of Object.entries(action.inputs)) context[`inputs.${name}`] = inputs[name] ?? input.default;
    const evaluate = (text: string) =>
      text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
        if (!(name in context)) throw new Error(`the step uses \${{ ${name} }}, which this runner does not provide`);
        return context[name]!;
      });
    const files = Object.fromEntries(['GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_OUTPUT'].map((k) => [k, path.join(home, k.toLowerCase())]));
    for (const file of Object.values(files)) writeFileSync(file, '');
    const [step] = action.runs.steps;
    const script = path.join(home, 'step.sh');
    writeFileSync(script, step!.run!);
    // https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell
    const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', script], {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_ACTION_PATH: actionPath,
        RUNNER_TEMP: home,
        ...files,
        ...Object.fromEntries(Object.entries(step!.env ?? {}).map(([k, v]) => [k, evaluate(v)])),
      },
    });
    const read = (k: string) => readFileSync(files[k]!, 'utf8');
    return { ...result, summary: read('GITHUB_STEP_SUMMARY'), githubEnv: read('GITHUB_ENV'), githubPath: read('GITHUB_PATH') };
  }

  function workspace(): string {
    const dir = tempDir();
    cpSync(FIXTURES, path.join(dir, 'flows'), { recursive: true });
    mkdirSync(path.join(dir, 'flows', 'archive'));
    cpSync(path.join(FIXTURES, 'webchat-pre-engagement.json'), path.join(dir, 'flows', 'archive', 'old.json'));
    return dir;
  }
  const sarifUris = (dir: string) =>
    (JSON.parse(readFileSync(path.join(dir, 'studio-lint.sarif'), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results.map(
      (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
    );

  it('is one bash step: no Node set-up that would change the caller’s later steps', () => {
    expect(definition.runs.using).toBe('composite');
    expect(definition.runs.steps).toHaveLength(1);
    expect(definition.runs.steps[0]!.uses).toBeUndefined();
    expect(definition.runs.steps[0]!.shell).toBe('bash');
  });

  it('lints a quoted glob and a folder alike, top-level files included: SARIF, annotations, a step summary, exit 1', () => {
    expect(released.status, released.stderr).toBe(0);
    const expected = workspace();
    const direct = JSON.parse(runCli(['-f', 'json', 'flows'], { cwd: expected }).stdout) as { filePath: string; messages: unknown[] }[];
    const total = direct.reduce((n, r) => n + r.messages.length, 0);

    for (const paths of ['flows/**/*.json', 'flows', 'flows/*.json\nflows/archive']) {
      const dir = workspace();
      const result = runAction(tag, { paths }, dir);
      expect(result.status, `${paths}: ${result.stderr}`).toBe(1);
      expect(result.stdout).toMatch(/^::error file=flows\/chat-sms-to-flex\.json,line=8,/m);
      const uris = sarifUris(dir);
      expect(uris, paths).toHaveLength(total);
      expect(uris).toContain('flows/chat-sms-to-flex.json');
      expect(uris).toContain('flows/archive/old.json');
      expect(result.summary).toContain('## studio-lint');
      // Nothing for later steps: no PATH or environment changes.
      expect(result.githubPath + result.githubEnv).toBe('');
    }

    const clean = tempDir();
    mkdirSync(path.join(clean, 'flows'));
    cpSync(path.join(FIXTURES, 'voice-ivr.json'), path.join(clean, 'flows', 'voice.json'));
    expect(runAction(tag, { paths: 'flows', args: '--max-warnings 0' }, clean).status).toBe(0);
  });

  it('diff: true writes the Markdown diff of the changed flows against the pull request base to the step summary', () => {
    expect(released.status, released.stderr).toBe(0);
    const dir = tempDir();
    mkdirSync(path.join(dir, 'flows'));
    cpSync(path.join(FIXTURES, 'voice-ivr.json'), path.join(dir, 'flows', 'voice.json'));
    cpSync(path.join(FIXTURES, 'sms-autoresponder.json'), path.join(dir, 'flows', 'sms.json'));
    expect(git(dir, 'init', '--quiet').status).toBe(0);
    expect(git(dir, 'add', '.').status).toBe(0);
    expect(git(dir, 'commit', '--quiet', '-m', 'base').status).toBe(0);
    const base = git(dir, 'rev-parse', 'HEAD').out;
    const voice = JSON.parse(readFileSync(path.join(dir, 'flows', 'voice.json'), 'utf8')) as { description: string };
    voice.description = 'the IVR, reviewed';
    writeFileSync(path.join(dir, 'flows', 'voice.json'), JSON.stringify(voice, null, 2));
    expect(git(dir, 'commit', '--quiet', '-am', 'pr').status).toBe(0);

    const result = runAction(tag, { paths: 'flows', diff: 'true' }, dir, { 'github.event.pull_request.base.sha': base });
    expect(result.status, result.stderr).toBe(0);
    expect(result.summary).toContain('## Studio flow changes\n\n1 flow changed.\n\n### `flows/voice.json`\n');
    expect(result.summary).toContain('| flow | | | `description`: ');
    expect(result.summary).toContain('## studio-lint');
    // diff-base names another revision; without one (a push), a warning and the lint as before.
    expect(runAction(tag, { paths: 'flows', diff: 'true', 'diff-base': 'HEAD' }, dir).summary).toContain('No flow changed.');
    const noBase = runAction(tag, { paths: 'flows', diff: 'true' }, dir);
    expect(noBase.status).toBe(0);
    expect(noBase.stdout).toMatch(/^::warning title=studio-lint::diff: true needs a base revision/m);
    expect(noBase.summary).not.toContain('Studio flow changes');
    // A base not in the checkout (a shallow clone): a warning, the lint still runs.
    const shallow = runAction(tag, { paths: 'flows', diff: 'true', 'diff-base': '0123456789012345678901234567890123456789' }, dir);
    expect(shallow.status).toBe(0);
    expect(shallow.stdout).toMatch(/^::warning title=studio-lint::the flow diff against 0123456789012345678901234567890123456789 failed \(exit 2\)/m);
  });

  it('says to use a release tag when the ref has no built dist/', () => {
    const result = runAction('HEAD', {}, workspace());
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/^::error title=studio-lint::this ref of studio-lint has no built dist\/: use a release tag/m);
    expect(existsSync(path.join(ROOT, 'dist', 'cli.cjs'))).toBe(true);
  });
});
