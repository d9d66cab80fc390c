/**
 * "Untangle: Split File…": shows the feature groups the server proposes for a module, lets the
 * user rename a group or move a definition to another group, then asks the server for the split
 * into those groups and applies it through VS Code's refactor preview. A name the server only
 * guessed from words (no model, URL or view names it) is marked, to be renamed.
 */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import type { FeatureGroupsRequest } from '../../../server/src/protocol';

type Group = FeatureGroupsRequest.Result['groups'][number];

const GROUP_NAME = /^[A-Za-z_]\w*$/;

export async function splitFile(client: UntangleClient, uri?: string): Promise<void> {
  const documentUri = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
  if (!documentUri) {
    void vscode.window.showWarningMessage('Untangle: open the Python module to split.');
    return;
  }
  const proposed = await client.featureGroups({ uri: documentUri });
  if (!proposed) {
    void vscode.window.showWarningMessage('Untangle: the language server is not running.');
    return;
  }
  const groups = await adjust(proposed.groups.map((g) => ({ ...g, symbols: [...g.symbols] })));
  if (!groups) return;
  const answer = await client.splitModule({ uri: documentUri, groups: groups.map(({ name, symbols }) => ({ name, symbols })) });
  if (!answer?.edit) {
    void vscode.window.showWarningMessage(`Untangle: ${answer?.title ?? 'Split'}: ${answer?.refused ?? 'the language server is not running'}`);
    return;
  }
  await vscode.workspace.applyEdit(answer.edit, { isRefactoring: true });
}

/** The quick-pick loop: each group is an item; choosing one offers rename and move; Split applies. */
async function adjust(groups: Group[]): Promise<Group[] | undefined> {
  for (;;) {
    const nonEmpty = groups.filter((g) => g.symbols.length > 0);
    const split = { label: `$(check) Split into ${nonEmpty.length} modules`, description: nonEmpty.map((g) => g.name).join(', '), group: undefined };
    const items = [
      split,
      ...nonEmpty.map((group) => ({ label: group.name, description: group.symbols.join(', '), detail: isGuessed(group) ? 'Named from words only: rename it' : undefined, group })),
    ];
    const placeHolder = nonEmpty.some(isGuessed)
      ? 'Some names are guesses from words: choose a group to rename it'
      : 'Choose a group to rename it or to move a definition into it';
    const chosen = await vscode.window.showQuickPick(items, { title: 'Untangle: feature groups', placeHolder });
    if (!chosen) return undefined;
    if (!chosen.group) return nonEmpty;
    const action = await vscode.window.showQuickPick(['Rename this group…', 'Move a definition into this group…'], { title: `Group ${chosen.group.name}` });
    if (action === 'Rename this group…') await rename(chosen.group, groups);
    if (action === 'Move a definition into this group…') await moveInto(chosen.group, groups);
  }
}

async function rename(group: Group, groups: Group[]): Promise<void> {
  const name = await vscode.window.showInputBox({
    title: `Rename group ${group.name}`,
    value: group.name,
    validateInput: (value) =>
      !GROUP_NAME.test(value) ? 'A Python name (it becomes part of a module name)' : groups.some((g) => g !== group && g.name === value) ? 'Another group has this name' : undefined,
  });
  if (!name) return;
  group.name = name;
  group.evidence = undefined;
}

/** Whether the server found no model, URL or view name for the group's name. */
function isGuessed(group: Group): boolean {
  return group.evidence === 'words';
}

async function moveInto(group: Group, groups: Group[]): Promise<void> {
  const others = groups.filter((g) => g !== group).flatMap((g) => g.symbols.map((symbol) => ({ label: symbol, description: `in ${g.name}`, from: g })));
  const picked = await vscode.window.showQuickPick(others, { title: `Move into ${group.name}`, canPickMany: true });
  for (const { label, from } of picked ?? []) {
    from.symbols = from.symbols.filter((s) => s !== label);
    group.symbols.push(label);
  }
}
