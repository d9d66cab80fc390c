/**
 * The project rules' findings as the cache stores them (see analysis/projectSnapshot.ts): the
 * modules by path only (their facts are their entries'), the files the rules read with what they
 * gave, and the findings. Paths stay absolute, and the folder is part of the key: the files beside
 * the code are read by absolute path, so a moved folder has the rules run again.
 */
import type { ProjectFileRead } from '../../analysis/projectSnapshot';
import type { Finding } from '../../core/model/finding';
import { isFinding } from './storedResults';
import { arrayOf, isString, object, oneOf, type Check } from './valueChecks';

export interface StoredProject {
  readonly root: string;
  readonly settings: string;
  readonly modules: readonly string[];
  readonly reads: readonly ProjectFileRead[];
  readonly findings: readonly Finding[];
}

const isText = (value: unknown): value is string | null => value === null || isString(value);
const isRead: Check<ProjectFileRead> = (value): value is ProjectFileRead =>
  object({ kind: oneOf('read'), path: isString, text: isText })(value) || object({ kind: oneOf('list'), path: isString, extension: isString, names: arrayOf(isString) })(value);

export const isStoredProject: Check<StoredProject> = object({ root: isString, settings: isString, modules: arrayOf(isString), reads: arrayOf(isRead), findings: arrayOf(isFinding) });
