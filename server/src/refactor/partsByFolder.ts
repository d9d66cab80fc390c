/**
 * A group whose members lie in several folders (packages, apps), split by folder: the parts of
 * two or more members, which may share one function or class, and the members alone in theirs.
 * Nothing when all are in one folder: the group is one part already.
 */
export function partsByFolder<T>(members: readonly T[], folderOf: (member: T) => string): { parts: { folder: string; members: T[] }[]; alone: T[] } {
  const byFolder = new Map<string, T[]>();
  for (const member of members) {
    const folder = folderOf(member);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), member]);
  }
  if (byFolder.size < 2) return { parts: [], alone: [] };
  const folders = [...byFolder];
  return {
    parts: folders.filter(([, found]) => found.length > 1).map(([folder, found]) => ({ folder, members: found })),
    alone: folders.filter(([, found]) => found.length === 1).flatMap(([, found]) => found),
  };
}
