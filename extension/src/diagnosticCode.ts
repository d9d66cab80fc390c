/** Reading our diagnostics back from VS Code. */
import type * as vscode from 'vscode';

/** A diagnostic's code, whether given alone or with a link to the rule's documentation. */
export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}
