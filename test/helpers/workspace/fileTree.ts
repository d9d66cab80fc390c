/** Every entry below a folder as one comparable value: text, mode and link target of each. */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Untangle's own `.untangle/` folder and the analysis cache in it, which every run may write
 * (git ignores it): what a test compares is the project's files. Other files in `.untangle/`
 * (a journal, a baseline) still count.
 */
export function isUntangleCache(relative: string): boolean {
  return relative === '.untangle' || relative.split(path.sep).slice(0, 2).join('/') === '.untangle/cache';
}

/** `relative path → "file 644 <text>" | "link -> <target>" | "folder 755"`, sorted, Untangle's cache aside. */
export function fileTree(root: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const relative = path.relative(root, full);
      if (isUntangleCache(relative)) {
        if (relative === '.untangle') walk(full);
        continue;
      }
      const stat = fs.lstatSync(full);
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isSymbolicLink()) tree[relative] = `link -> ${fs.readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        tree[relative] = `folder ${mode}`;
        walk(full);
      } else if (stat.isFile()) tree[relative] = `file ${mode} ${fs.readFileSync(full, 'utf8')}`;
      else tree[relative] = 'special';
    }
  };
  walk(root);
  return tree;
}
