/** Findings filed by path, as the indexes keep them, and which files' findings changed between two such maps. */
import { sameFindings, type Finding } from '../core/model/finding';
import { isSilenced, type IgnoreDirective } from '../core/python/directives';

/** Each file's findings, less those an `# untangle: ignore` comment of the file silences. */
export function findingsByFile(found: Iterable<Finding>, directivesOf: (file: string) => readonly IgnoreDirective[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of found) {
    if (isSilenced(directivesOf(finding.path), finding.rule, finding.range.start.line)) continue;
    const list = byFile.get(finding.path);
    if (list) list.push(finding);
    else byFile.set(finding.path, [finding]);
  }
  return byFile;
}

/** The files whose findings differ from `previous` to `next`. */
export function changedFiles(previous: ReadonlyMap<string, readonly Finding[]>, next: ReadonlyMap<string, readonly Finding[]>): string[] {
  return [...new Set([...previous.keys(), ...next.keys()])].filter((file) => !sameFindings(previous.get(file) ?? [], next.get(file) ?? []));
}
