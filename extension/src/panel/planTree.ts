/**
 * The Refactor plan tree: stages → apps → files → findings, from the pure view model. A finding
 * opens its code; its inline button runs its refactoring (`untangle.fixFinding`).
 */
import * as vscode from 'vscode';
import { buildPlan, type App, type PlanFile, type PlanFinding, type Stage } from './planModel';
import type { PanelState } from './panelState';

type Node =
  | { kind: 'stage'; stage: Stage }
  | { kind: 'placeholder'; text: string }
  | { kind: 'app'; app: App }
  | { kind: 'file'; file: PlanFile }
  | { kind: 'finding'; item: PlanFinding; hasBaseline: boolean };

const RULE_ICONS: Record<string, string> = { 'long-file': 'file-code', 'logic-heavy-view': 'symbol-method', 'duplicate-block': 'files', observability: 'eye' };

export class PlanTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: PanelState) {
    this.subscription = state.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.state.loaded ? buildPlan(this.state.folders, this.state.baselines).map((stage) => ({ kind: 'stage', stage })) : [];
    switch (node.kind) {
      case 'stage':
        return node.stage.apps.length > 0 ? node.stage.apps.map((app) => ({ kind: 'app', app })) : [{ kind: 'placeholder', text: node.stage.placeholder }];
      case 'app':
        return node.app.files.map((file) => ({ kind: 'file', file }));
      case 'file': {
        const hasBaseline = this.state.baselines.size > 0;
        return node.file.findings.map((item) => ({ kind: 'finding', item, hasBaseline }));
      }
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'stage': {
        const hasFindings = node.stage.findings > 0;
        const item = new vscode.TreeItem(node.stage.label, hasFindings ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        // VS Code keeps an item's expansion by id: a stage that gains findings is a new item, so it opens.
        item.id = `stage:${node.stage.label}:${hasFindings ? 'findings' : 'empty'}`;
        item.description = hasFindings ? `${node.stage.findings} finding${node.stage.findings === 1 ? '' : 's'}` : 'nothing yet';
        item.tooltip = node.stage.placeholder;
        // A plain-text tooltip would otherwise be what screen readers (and tests) read.
        item.accessibilityInformation = { label: `${node.stage.label}, ${item.description}` };
        return item;
      }
      case 'placeholder': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'app': {
        const item = new vscode.TreeItem(node.app.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('package');
        item.description = `${node.app.files.length} file${node.app.files.length === 1 ? '' : 's'}`;
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.file.label, vscode.TreeItemCollapsibleState.Expanded);
        item.resourceUri = vscode.Uri.parse(node.file.uri);
        item.tooltip = node.file.path;
        return item;
      }
      case 'finding': {
        const { finding, isNew } = node.item;
        const item = new vscode.TreeItem(finding.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(RULE_ICONS[finding.rule] ?? 'warning');
        item.description = `${finding.rule}${node.hasBaseline ? (isNew ? ' · new' : ' · in baseline') : ''}`;
        item.tooltip = new vscode.MarkdownString(`**${finding.rule}** · line ${finding.range.start.line + 1}\n\n${finding.message}`);
        item.contextValue = 'untangle.finding';
        const range = new vscode.Range(finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character);
        item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(finding.uri), { selection: range }] };
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.subscription.dispose();
  }
}

/** The finding a tree node holds, for the commands its inline button runs. */
export function findingOf(node: unknown): PlanFinding['finding'] | undefined {
  return typeof node === 'object' && node !== null && (node as Node).kind === 'finding' ? (node as Extract<Node, { kind: 'finding' }>).item.finding : undefined;
}
