/** Applies an LSP WorkspaceEdit to files on disk, as an editor would (creates, edits, deletes in order). */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits } from '../../../server/src/refactor/domainEdit';

/** Returns what changed on disk, for the watched-files notification an editor would send. */
export function applyWorkspaceEdit(edit: WorkspaceEdit): { created: string[]; changed: string[]; deleted: string[] } {
  const created: string[] = [];
  const deleted: string[] = [];
  const changed: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change && change.kind === 'delete') {
      fs.rmSync(URI.parse(change.uri).fsPath);
      deleted.push(URI.parse(change.uri).fsPath);
      continue;
    }
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      const file = URI.parse(change.uri).fsPath;
      if (fs.existsSync(file)) throw new Error(`${file} exists already`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      created.push(file);
      continue;
    }
    const file = URI.parse(change.textDocument.uri).fsPath;
    const edits = change.edits.map((e) => {
      if (!('newText' in e)) throw new Error('snippet edits are not expected from Untangle');
      return { range: e.range, newText: e.newText };
    });
    fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), edits));
    if (!created.includes(file)) changed.push(file);
  }
  return { created, changed, deleted };
}
