/**
 * The URL routes to a module's views, read from the workspace's urls.py files: what a Django
 * developer calls a view by (`path("login/", views.LoginView.as_view(), name="login")`). The
 * feature grouping names a group of views from them when no model does (featureNaming.ts); it
 * needs the workspace, so callers that have one pass them in as `FeatureHints`.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../parse/pythonParser';
import { outlineModule } from '../python/moduleOutline';
import { WorkspaceNames, type OutlinedFile } from '../python/workspaceNames';
import type { RoutedView } from './featureNaming';

/** What the lookup reads of the workspace (a refactoring's snapshot fits). */
export interface UrlConfSource {
  read(file: string): string | undefined;
  pythonFiles(): readonly string[];
}

/** A route call as written in a urls.py. */
interface RouteCall {
  /** `views.login`, `LoginView` (of `LoginView.as_view()`), or a dotted name from a string. */
  readonly target: string;
  readonly qualified: boolean;
  readonly path: string;
  readonly name?: string;
}

const ROUTE_FUNCTION = /^(\w+\.)*(path|re_path|url)$/;

/** The routes of the workspace's urls.py files that lead to a definition of `file`. */
export function routedViews(parser: PythonParser, workspace: UrlConfSource, file: string): RoutedView[] {
  const empty: OutlinedFile['outline'] = { symbols: [], imports: [] };
  const outlined = new Map<string, OutlinedFile>(workspace.pythonFiles().map((p) => [p, { path: p, outline: empty }]));
  const calls = new Map<string, RouteCall[]>();
  for (const candidate of [file, ...outlined.keys()]) {
    const isUrlConf = path.basename(candidate) === 'urls.py';
    if (candidate !== file && !isUrlConf) continue;
    const text = workspace.read(candidate);
    if (text === undefined) continue;
    const tree = parser.parse(text);
    try {
      const { symbols, imports } = outlineModule(tree, text).outline;
      outlined.set(candidate, { path: candidate, outline: { symbols, imports } });
      if (isUrlConf) calls.set(candidate, routeCalls(tree.rootNode));
    } finally {
      tree.delete();
    }
  }
  const names = new WorkspaceNames([...outlined.values()]);
  const routed: RoutedView[] = [];
  for (const [urlConf, routes] of calls) {
    for (const route of routes) {
      const resolved = route.qualified ? names.resolveQualified(route.target) : names.resolve(outlined.get(urlConf)!, route.target);
      if (resolved.kind === 'workspace' && resolved.path === file) routed.push({ view: resolved.name, path: route.path, name: route.name });
    }
  }
  return routed;
}

/** `path("checks/", views.checks, name="checks")`, `re_path(r"^x/$", LoginView.as_view())`, `url(r"^x/", "shop.views.x")`. */
function routeCalls(root: Node): RouteCall[] {
  const calls: RouteCall[] = [];
  for (const call of root.descendantsOfType('call')) {
    if (!ROUTE_FUNCTION.test(call.childForFieldName('function')?.text ?? '')) continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const pattern = args[0] ? literal(args[0]) : undefined;
    const view = args[1] ? viewTarget(args[1]) : undefined;
    if (pattern === undefined || !view) continue;
    const nameArgument = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'name');
    const nameValue = nameArgument?.childForFieldName('value');
    calls.push({ ...view, path: pattern, name: nameValue ? literal(nameValue) : undefined });
  }
  return calls;
}

function viewTarget(view: Node): { target: string; qualified: boolean } | undefined {
  if (view.type === 'identifier' || view.type === 'attribute') return { target: view.text, qualified: false };
  const callee = view.type === 'call' ? view.childForFieldName('function') : null;
  const owner = callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'as_view' ? callee.childForFieldName('object') : null;
  if (owner && (owner.type === 'identifier' || owner.type === 'attribute')) return { target: owner.text, qualified: false };
  const dotted = literal(view);
  return dotted !== undefined && /^\w+(\.\w+)+$/.test(dotted) ? { target: dotted, qualified: true } : undefined;
}

/** The value of a plain string literal (`r"^x/$"` → `^x/$`); undefined for anything else. */
function literal(node: Node): string | undefined {
  if (node.type !== 'string' || node.namedChildren.some((child) => child.type === 'interpolation')) return undefined;
  return node.text.replace(/^[a-z]*(["']{3}|["'])|(["']{3}|["'])$/gi, '');
}
