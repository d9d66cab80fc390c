/**
 * The one place where a refactoring's DomainEdit becomes an LSP WorkspaceEdit: files created
 * first, then one versioned edit per document, then files deleted, every change annotated with `needsConfirmation`
 * so VS Code shows its refactor preview, and one undo reverts it all.
 */
import { URI } from 'vscode-uri';
import type { ChangeAnnotation, CreateFile, DeleteFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { DomainEdit } from '../refactor/domainEdit';

const ANNOTATION = 'untangle.refactor';

/** `versionOf` gives the open document's version, or null for a file only on disk. */
export function toWorkspaceEdit(edit: DomainEdit, label: string, versionOf: (uri: string) => number | null): WorkspaceEdit {
  const annotation: ChangeAnnotation = { label, needsConfirmation: true, description: 'Untangle refactoring' };
  const creates: CreateFile[] = edit.createFiles.map((file) => ({
    kind: 'create',
    uri: URI.file(file).toString(),
    options: { overwrite: false, ignoreIfExists: false },
    annotationId: ANNOTATION,
  }));
  const changes: TextDocumentEdit[] = [...edit.edits].map(([file, edits]) => {
    const uri = URI.file(file).toString();
    return {
      textDocument: { uri, version: edit.createFiles.includes(file) ? null : versionOf(uri) },
      edits: edits.map((e) => ({ range: e.range, newText: e.newText, annotationId: ANNOTATION })),
    };
  });
  const deletes: DeleteFile[] = (edit.deleteFiles ?? []).map((file) => ({
    kind: 'delete',
    uri: URI.file(file).toString(),
    options: { ignoreIfNotExists: false },
    annotationId: ANNOTATION,
  }));
  return { documentChanges: [...creates, ...changes, ...deletes], changeAnnotations: { [ANNOTATION]: annotation } };
}
