/**
 * The files beside the code that project rules read (requirements files, a Procfile, a
 * Dockerfile, `.untangle/db-stats.json`), given to them by the adapter that owns the disk, so
 * the rules stay pure and tests can give them files of their own.
 */
export interface ProjectFiles {
  /** The text of a regular file, or undefined (missing, unreadable, a FIFO or device, too large). */
  read(file: string): string | undefined;
  /**
   * The names in a folder that end with `extension`, or none. (Only those: a listing of all would
   * change with the analysis cache's own folder, which the cache would then take for a changed project.)
   */
  list(dir: string, extension: string): readonly string[];
}

/** No files at all: for sources made of module texts only. */
export const NO_FILES: ProjectFiles = { read: () => undefined, list: () => [] };
