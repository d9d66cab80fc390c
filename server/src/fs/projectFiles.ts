/**
 * The project files of the disk, read as settings files are: regular files only (a FIFO named
 * `setup.cfg` is never waited on, a link to /dev/zero never read), up to the settings size cap.
 */
import * as fs from 'fs';
import type { ProjectFiles } from '../core/model/projectFiles';
import { asText, MAX_SETTINGS_FILE_BYTES, readRegularFileSync } from './regularFile';

export const DISK_FILES: ProjectFiles = {
  read(file) {
    const read = asText(readRegularFileSync(file, MAX_SETTINGS_FILE_BYTES));
    return read.kind === 'text' ? read.text : undefined;
  },
  list(dir, extension) {
    try {
      return fs.readdirSync(dir).filter((name) => name.endsWith(extension));
    } catch {
      return [];
    }
  },
};

/** `files`, telling `seen` each file read and folder listed. */
export function seenFiles(files: ProjectFiles, seen: (file: string) => void): ProjectFiles {
  return {
    read(file) {
      seen(file);
      return files.read(file);
    },
    list(dir, extension) {
      seen(dir);
      return files.list(dir, extension);
    },
  };
}
