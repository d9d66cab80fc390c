/**
 * What the project rules found, with everything they found it from, for the cache to restore
 * in a later run instead of running them again (on Django, assembling the project and running
 * the rules is a quarter of a warm run). Besides the settings and the modules' facts, the rules
 * read files beside the code (requirements, a Procfile, `.untangle/db-stats.json`): each read
 * and listing is recorded with what it gave, and a restore first reads them again, so a changed
 * requirements file is never answered from the cache.
 */
import type { Finding } from '../core/model/finding';
import type { ProjectFiles } from '../core/model/projectFiles';
import type { ModuleFacts } from '../detectors/projectDetector';

/** One file read or folder listed by the project rules, and what it gave (null: no text). */
export type ProjectFileRead = { readonly kind: 'read'; readonly path: string; readonly text: string | null } | { readonly kind: 'list'; readonly path: string; readonly extension: string; readonly names: readonly string[] };

export interface ProjectSnapshot {
  /** The folder and the settings (JSON) the rules ran under. */
  readonly root: string;
  readonly settings: string;
  /** The modules whose facts the rules read, sorted by path, with those facts. */
  readonly modules: readonly { readonly path: string; readonly facts: ModuleFacts }[];
  readonly reads: readonly ProjectFileRead[];
  /** What the rules found, before `# untangle: ignore` comments silence any. */
  readonly findings: readonly Finding[];
}

/** `files`, with every read and listing recorded in `reads`. */
export function recordingFiles(files: ProjectFiles): { readonly files: ProjectFiles; readonly reads: ProjectFileRead[] } {
  const reads: ProjectFileRead[] = [];
  return {
    reads,
    files: {
      read(file) {
        const text = files.read(file);
        reads.push({ kind: 'read', path: file, text: text ?? null });
        return text;
      },
      list(dir, extension) {
        const names = files.list(dir, extension);
        reads.push({ kind: 'list', path: dir, extension, names: [...names] });
        return names;
      },
    },
  };
}

/** Whether every recorded read gives the same again. */
export function readsUnchanged(reads: readonly ProjectFileRead[], files: ProjectFiles): boolean {
  return reads.every((read) => {
    if (read.kind === 'read') return (files.read(read.path) ?? null) === read.text;
    const names = files.list(read.path, read.extension);
    return names.length === read.names.length && names.every((name, i) => name === read.names[i]);
  });
}
