// `npm run release`: a release ref that carries what pre-commit hooks and the GitHub Action run.
//
// pre-commit installs a `language: node` hook from a git ref (npm install in the clone, npm pack, npm install -g
// of the tarball) and never builds it: `dist/` must be in the commit, the way JavaScript GitHub Actions ship a
// built dist/ on their release tags. main never carries dist/: this script builds from a clean work tree and
// writes a commit on top of HEAD that adds dist/, reachable only from the tags v<version> and v<major>.
//
// The release commit's package.json has no scripts and no devDependencies: pre-commit 3.x runs
// `npm install --include=dev` in the clone (every dev dependency, hundreds of MB) and parses `npm pack`'s
// standard output, which npm 11 prefixes with a banner for each lifecycle script (pre-commit PR #3460).
// With neither, its install is a pack and an install of a package with no dependencies.
//
//   npm run release              # tags v<version> (refuses an existing tag) and moves v<major>
//   npm run release -- --force   # replaces an existing v<version>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const force = process.argv.includes('--force');
const git = (args, options = {}) => execFileSync('git', args, { encoding: 'utf8', ...options }).trim();
const fail = (message) => {
  console.error(`release: ${message}`);
  process.exit(1);
};

const root = git(['rev-parse', '--show-toplevel']);
process.chdir(root);
if (git(['status', '--porcelain'])) fail('the work tree has changes: commit or stash them, so that the release is exactly HEAD plus its build');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const tag = `v${pkg.version}`;
const major = `v${pkg.version.split('.')[0]}`;
if (!force && git(['tag', '--list', tag])) fail(`tag ${tag} exists (bump the version, or --force to replace it)`);

// A clean build: scripts/build.mjs empties dist/ first; then the type declarations.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['run', 'build', '--silent'], { stdio: 'inherit' });
execFileSync(npm, ['run', 'build:types', '--silent'], { stdio: 'inherit' });
// The command line starts from the build alone, with no node_modules beside it.
execFileSync(process.execPath, ['dist/cli.cjs', '--version'], { stdio: 'ignore' });

// The release tree: HEAD, plus dist/ (no source maps), with the release package.json and no lock file. Built in
// a separate index, so the work tree and the branch are left as they are.
const scratch = mkdtempSync(path.join(tmpdir(), 'studio-lint-release-'));
const env = { ...process.env, GIT_INDEX_FILE: path.join(scratch, 'index') };
try {
  git(['read-tree', 'HEAD'], { env });
  git(['add', '--force', '--', 'dist', ':(exclude,glob)dist/**/*.map'], { env });
  const { scripts: _scripts, devDependencies: _dev, allowScripts: _allow, ...released } = pkg;
  const blob = git(['hash-object', '-w', '--stdin'], { env, input: JSON.stringify(released, null, 2) + '\n' });
  git(['update-index', '--cacheinfo', `100644,${blob},package.json`], { env });
  git(['rm', '--cached', '--quiet', '--ignore-unmatch', 'package-lock.json'], { env });
  const tree = git(['write-tree'], { env });
  const head = git(['rev-parse', 'HEAD']);
  const message = `Release ${tag}: the built dist/ for pre-commit and the GitHub Action\n\nBuilt by npm run release from ${head}.`;
  const commit = git(['commit-tree', tree, '-p', head, '-m', message], { env });
  git(['tag', '--force', tag, commit]);
  git(['tag', '--force', major, commit]);
  console.log(`release: ${tag} and ${major} -> ${commit.slice(0, 12)} (HEAD ${head.slice(0, 12)} plus dist/)`);
  console.log(`release: publish with  git push origin ${tag} && git push --force origin ${major}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
