/**
 * Answers the server's `workspace/configuration` requests with only the `untangle.*` settings the
 * user set (user, workspace or folder level), not VS Code's defaults. The server then layers
 * them over pyproject.toml, which in turn is layered over the built-in defaults: a team's
 * `[tool.untangle]` applies unless someone overrides a key in their editor on purpose.
 */
import * as vscode from 'vscode';

const SECTION = 'untangle';

interface ConfigurationContribution {
  properties?: Record<string, unknown>;
}

/** The nested object of explicitly set `untangle.*` values for a scope. */
export function explicitSettings(context: vscode.ExtensionContext, scopeUri: string | undefined): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration(SECTION, scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  const result: Record<string, unknown> = {};
  for (const key of settingKeys(context)) {
    const inspected = configuration.inspect(key);
    const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (value !== undefined) setNested(result, key.split('.'), value);
  }
  return result;
}

/** Every key under `untangle.` that package.json contributes, without the prefix. */
function settingKeys(context: vscode.ExtensionContext): string[] {
  const groups = (context.extension.packageJSON as { contributes?: { configuration?: ConfigurationContribution[] } })
    .contributes?.configuration ?? [];
  return groups
    .flatMap((group) => Object.keys(group.properties ?? {}))
    .filter((key) => key.startsWith(`${SECTION}.`))
    .map((key) => key.slice(SECTION.length + 1));
}

function setNested(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
