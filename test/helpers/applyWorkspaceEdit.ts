/** Applies an LSP WorkspaceEdit to files on disk, as an editor would (create files, then edits). */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits } from '../../server/src/refactor/domainEdit';

export function applyWorkspaceEdit(edit: WorkspaceEdit): void {
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      const file = URI.parse(change.uri).fsPath;
      if (fs.existsSync(file)) throw new Error(`${file} exists already`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      continue;
    }
    const file = URI.parse(change.textDocument.uri).fsPath;
    const edits = change.edits.map((e) => {
      if (!('newText' in e)) throw new Error('snippet edits are not expected from Untangle');
      return { range: e.range, newText: e.newText };
    });
    fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), edits));
  }
}
