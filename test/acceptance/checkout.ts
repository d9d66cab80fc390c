/**
 * Fresh copies of the acceptance projects: each pinned commit is exported from its mirror (a bare
 * git directory that `fetch github:owner/name` brings to /work/.mirror) into a temporary folder,
 * and every refactoring gets its own copy, committed once so the change can be shown as a diff.
 * Also says, before anything runs, which mirror or Debian package is missing and how to get it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEBIAN_PYTHON } from '../helpers/python/pythonOracle';
import type { AcceptanceProject } from './projects';
import { runPython } from './suite';

/** Where the mirrors live: `$UNTANGLE_MIRRORS`, else /work/.mirror. */
export const MIRRORS = process.env.UNTANGLE_MIRRORS ?? '/work/.mirror';

/** The git directory of a project's mirror (fetch leaves `repo/` or, for clones, `repo/.git`). */
function mirrorGitDir(project: AcceptanceProject): string | undefined {
  const base = path.join(MIRRORS, project.repo.replace('/', '+'), 'repo');
  return [path.join(base, '.git'), base].find((dir) => fs.existsSync(path.join(dir, 'HEAD')));
}

function git(args: readonly string[], cwd?: string): string {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout;
}

/**
 * Why the project cannot run here (missing mirror, commit or Debian package), with what brings
 * it; undefined when it can.
 */
export function missingFor(project: AcceptanceProject): string | undefined {
  const gitDir = mirrorGitDir(project);
  if (!gitDir) return `no mirror of ${project.repo} under ${MIRRORS}: fetch github:${project.repo} (or set UNTANGLE_MIRRORS)`;
  const commit = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${project.commit}^{commit}`]);
  if (commit.status !== 0) return `the mirror ${gitDir} lacks commit ${project.commit} (tag ${project.tag}): fetch github:${project.repo} again`;
  const modules = project.needs.filter(({ module }) => spawnSync(DEBIAN_PYTHON, ['-c', `import ${module}`]).status !== 0);
  if (modules.length > 0) return `${DEBIAN_PYTHON} cannot import ${modules.map((m) => m.module).join(', ')}: apt-get install ${modules.map((m) => m.debianPackage).join(' ')}`;
  return undefined;
}

/** Exports the pinned commit into `dir` (created), prepares it, and commits it there as the baseline of diffs. */
export function exportProject(project: AcceptanceProject, dir: string): void {
  const gitDir = mirrorGitDir(project);
  if (!gitDir) throw new Error(`no mirror of ${project.repo}`);
  fs.mkdirSync(dir, { recursive: true });
  const run = spawnSync('sh', ['-c', 'git --git-dir="$1" archive "$2" | tar -x -C "$3"', 'sh', gitDir, project.commit, dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`exporting ${project.repo}@${project.commit} failed:\n${run.stderr}`);
  if (project.prepare) {
    const prepared = runPython(project.prepare, dir);
    if (prepared.status !== 0) throw new Error(`preparing ${project.name} (python3 ${project.prepare.join(' ')}) failed:\n${prepared.output}`);
  }
  baselineCommit(dir);
}

/** A copy of a pristine export for one refactoring. */
export function copyProject(pristine: string, dir: string): void {
  fs.cpSync(pristine, dir, { recursive: true });
}

function baselineCommit(dir: string): void {
  git(['init', '-q'], dir);
  git(['add', '-A'], dir);
  git(['-c', 'user.name=acceptance', '-c', 'user.email=acceptance@localhost', 'commit', '-q', '--no-gpg-sign', '-m', 'pinned'], dir);
}

/** What the refactoring changed in a copy, new files included, as a unified diff. */
export function changesOf(dir: string): string {
  git(['add', '-A', '--intent-to-add'], dir);
  return git(['diff', '--no-color', '-M'], dir);
}
