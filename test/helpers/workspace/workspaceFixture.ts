/**
 * Multi-file fixtures written inline: lines `#- <path>` start a file, everything up to the next
 * header is its text (leading indentation common to the block is removed).
 *
 *     #- shop/models.py
 *     class Order: ...
 *     #- pyproject.toml
 *     [tool.untangle]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Splits an inline fixture into `{ path: text }`. */
export function parseFixture(fixture: string): Map<string, string> {
  const lines = dedent(fixture).split('\n');
  const files = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines) {
    const header = /^#- (\S+)\s*$/.exec(line);
    if (header) {
      current = [];
      files.set(header[1], current);
    } else {
      current?.push(line);
    }
  }
  return new Map([...files].map(([file, text]) => [file, `${text.join('\n').replace(/\n+$/, '')}\n`]));
}

/** Writes the fixture into a fresh temporary folder and returns its path. */
export function writeWorkspace(fixture: string): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-test-')));
  for (const [file, text] of parseFixture(fixture)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return root;
}

export function removeWorkspace(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Removes the indentation common to all non-blank lines, so fixtures can be indented in code. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}
