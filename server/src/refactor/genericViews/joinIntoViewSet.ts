/**
 * Join into a ModelViewSet: a list view and a detail view of one model (generic views, as
 * Convert to generic view writes them) become one viewset answering every request as before.
 *
 *     class ReviewList(generics.ListCreateAPIView):       class ReviewViewSet(viewsets.ModelViewSet):
 *         queryset = Review.objects.all()                      queryset = Review.objects.all()
 *         serializer_class = ReviewSerializer                  serializer_class = ReviewSerializer
 *
 *     class ReviewDetail(generics.RetrieveUpdateDestroyAPIView):
 *         queryset = Review.objects.all()
 *         serializer_class = ReviewSerializer
 *
 *     path("reviews/", views.ReviewList.as_view(), name="review-list")
 *       → path("reviews/", views.ReviewViewSet.as_view({"get": "list", "post": "create"}, name="Review List"), name="review-list")
 *
 * The URL confs keep their paths, converters and names: each `as_view()` maps exactly the methods
 * the old view answered (no PATCH or DELETE appearing) and keeps the name (and description) DRF
 * showed for it. A router is not used: its routes would match other paths (its own lookup regex,
 * a `.json` suffix) under generated names.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { DjangoView } from '../../core/django/views';
import { lastPart } from '../../core/python/workspaceNames';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { GENERIC_ACTIONS, drfViewName, genericBaseOf, operationOfAction, viewSetBases } from '../../core/django/crud/viewSetPairs';
import type { OperationKind } from '../../core/django/crud/genericMatch';
import { applyTextEdits, mergedAtSameStart, refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import { unusedImportEdits } from '../unusedImports';
import { projectOf } from './convertToGenericView';
import { drfImport, lineRange } from './drfImports';
import { classBody, mergeMembers, methodNamesOf, type ClassBody } from './viewSetMembers';

export const JOIN_VIEWSET_TITLE = 'Join into a ModelViewSet';

export interface JoinViewSetRequest {
  readonly file: string;
  /** A line of the list view's definition (the finding's). */
  readonly listLine: number;
  /** A line of the detail view's definition (the finding's related place). */
  readonly detailLine: number;
}

/** DRF's `APIView.http_method_names`: what a view without its own answers. */
const DRF_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

interface Side {
  readonly view: DjangoView;
  readonly node: Node;
  readonly body: ClassBody;
  /** HTTP method → action, the methods it answered only. */
  readonly actions: Record<string, string>;
  /** The `http_method_names` its routes pass to `as_view`, when the two views differ on HEAD or OPTIONS. */
  readonly routeMethodNames?: readonly string[];
}

/** Plans the join of the two views at the request's lines. */
export function joinIntoViewSet(parser: PythonParser, snapshot: WorkspaceSnapshot, request: JoinViewSetRequest): { title: string; result: RefactorResult } {
  const title = JOIN_VIEWSET_TITLE;
  const text = snapshot.read(request.file);
  if (text === undefined) return { title, result: refuse(`${path.basename(request.file)} cannot be read`) };
  const project = projectOf(parser, snapshot);
  const at = (line: number) => project.views.find((view) => view.kind === 'class' && view.path === request.file && view.range.start.line <= line && line <= view.range.end.line);
  const [listView, detailView] = [at(request.listLine), at(request.detailLine)];
  if (!listView || !detailView || !genericBaseOf(listView) || !genericBaseOf(detailView)) return { title, result: refuse('no pair of generic views here') };
  const tree = parser.parse(text);
  try {
    const planned = plan(parser, snapshot, request.file, text, tree.rootNode, listView, detailView);
    if (typeof planned === 'string') return { title, result: refuse(planned) };
    return { title, result: checkedEdit(parser, snapshot, planned) };
  } finally {
    tree.delete();
  }
}

function plan(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, text: string, root: Node, listView: DjangoView, detailView: DjangoView) {
  const lines = text.split('\n');
  const sides: Side[] = [];
  for (const view of [listView, detailView]) {
    const side = sideOf(root, lines, view);
    if (typeof side === 'string') return side;
    sides.push(side);
  }
  const names = joinedMethodNames(sides[0], sides[1]);
  if (typeof names === 'string') return names;
  const [list, detail] = sides.map((side, index) => ({ ...side, routeMethodNames: names.routes?.[index] }));
  const members = mergeMembers(list.view.name, list.body, detail.view.name, detail.body);
  if (typeof members === 'string') return members;
  const model = listView.model && lastPart(listView.model);
  if (!model) return `the model of \`${listView.name}\` is not known`;
  const className = `${model}ViewSet`;
  if (new RegExp(`\\b${className}\\b`).test(text)) return `the module already names \`${className}\``;
  const operations = new Set<OperationKind>([...Object.values(list.actions), ...Object.values(detail.actions)].map(operationOfAction));
  const { bases, modelViewSet } = viewSetBases(operations);
  const attributes = members.filter((member) => member.kind === 'attribute').flatMap((member) => member.lines);
  if (names.shared) attributes.push(`    http_method_names = ${pythonList(names.shared)}`);
  const methods = members.filter((member) => member.kind === 'method').flatMap((member) => ['', ...member.lines]);
  const classText = [`class ${className}(${bases.join(', ')}):`, ...(attributes.length > 0 ? attributes : methods.length > 0 ? [] : ['    pass']), ...(attributes.length > 0 ? methods : methods.slice(1))].join('\n');
  const edits = classEdits(lines, list.node, detail.node, classText);
  const urls = urlEdits(snapshot, file, [list, detail], className);
  if (typeof urls === 'string') return urls;
  const localUrls = urls.get(file) ?? [];
  const added = modelViewSet ? ['viewsets'] : ['mixins', 'viewsets'];
  const stillGeneric = /\bgenerics\./.test(applyTextEdits(text, [...edits, ...localUrls]));
  const unused = stillGeneric ? [] : unusedImportEdits(parser, snapshot, file, text, [...edits, ...localUrls], ['generics']);
  const { edit: imported, joinedLine } = drfImport(parser, text, [], added, stillGeneric ? [] : ['generics']);
  const kept = unused.filter((edit) => joinedLine === undefined || !(edit.range.start.line <= joinedLine && joinedLine <= edit.range.end.line));
  urls.set(file, [...edits, ...localUrls, ...mergedAtSameStart([imported, ...kept])]);
  const summary = `\`${listView.name}\` and \`${detailView.name}\` are now \`${className}\` (${bases.map(lastPart).join(', ')}) in ${path.basename(file)}`;
  return { safe: true as const, edit: { createFiles: [], edits: urls }, summary };
}

/** A view's class node, body and actions. */
function sideOf(root: Node, lines: readonly string[], view: DjangoView): Side | string {
  const node = root.namedChildren.find((child) => child?.type === 'class_definition' && child.childForFieldName('name')?.text === view.name);
  if (!node) return `\`${view.name}\` is not a plain top-level class (decorated, or defined elsewhere)`;
  const superclasses = node.childForFieldName('superclasses')?.namedChildren ?? [];
  if (superclasses.length !== 1 || superclasses[0]?.type === 'keyword_argument') return `\`${view.name}\` has other bases or class arguments`;
  const body = classBody(node, lines);
  if (typeof body === 'string') return body;
  const names = methodNamesOf(body.members.find((member) => member.name === 'http_method_names'));
  if (names === 'unknown') return `the \`http_method_names\` of \`${view.name}\` are not a list of literals`;
  const actions = Object.fromEntries(Object.entries(GENERIC_ACTIONS.get(genericBaseOf(view)!)!).filter(([method]) => !names || names.includes(method)));
  if (Object.keys(actions).length === 0) return `\`${view.name}\` answers none of its generic class's methods`;
  return { view, node, body, actions };
}

/**
 * The `http_method_names` of the joined views: one for both routes (none when it would be DRF's);
 * each route's mapping already limits it to the methods its view answered, so the list only
 * decides OPTIONS, and HEAD where both routes answer GET. When the views differ there (an
 * `@api_view` function answers no HEAD, an `APIView` does), each route passes its view's own to
 * `as_view` instead: a viewset's `dispatch` and `Allow` header read the instance's (TRACE has no
 * handler: 405 either way).
 */
function joinedMethodNames(list: Side, detail: Side): { shared?: string[]; routes?: (string[] | undefined)[] } | string {
  const [a, b] = [list, detail].map((side) => methodNamesOf(side.body.members.find((member) => member.name === 'http_method_names')) as string[] | undefined);
  if (!a && !b) return {};
  const [effectiveA, effectiveB] = [a ?? DRF_METHODS, b ?? DRF_METHODS];
  for (const names of [effectiveA, effectiveB]) {
    const ordered = DRF_METHODS.filter((method) => names.includes(method));
    if (ordered.join() !== names.join()) return '`http_method_names` is not in DRF\'s order: the `Allow` header would list the methods otherwise';
  }
  const effective = [effectiveA, effectiveB];
  const getting = [list, detail].flatMap((side, index) => ('get' in side.actions ? [effective[index]] : []));
  const differs = (getting.length === 2 && getting[0].includes('head') !== getting[1].includes('head')) || effectiveA.includes('options') !== effectiveB.includes('options');
  if (differs) return { routes: [a, b] };
  // HEAD follows the routes answering GET (a route without GET answers no HEAD either way).
  const head = getting.length > 0 ? getting[0].includes('head') : true;
  const joined = DRF_METHODS.filter((method) => (method === 'head' ? head : effectiveA.includes(method) || effectiveB.includes(method)));
  return joined.length === DRF_METHODS.length ? {} : { shared: joined };
}

function pythonList(names: readonly string[]): string {
  return `[${names.map((name) => JSON.stringify(name)).join(', ')}]`;
}

/** The viewset where the list view was; the detail view removed from the end of the code line before it. */
function classEdits(lines: readonly string[], listNode: Node, detailNode: Node, classText: string): TextEdit[] {
  const whole = (node: Node) => ({ start: { line: node.startPosition.row, character: 0 }, end: { line: node.endPosition.row, character: lines[node.endPosition.row].length } });
  let previous = detailNode.startPosition.row - 1;
  while (previous > 0 && lines[previous].trim() === '') previous--;
  const detailEnd = { line: detailNode.endPosition.row, character: lines[detailNode.endPosition.row].length };
  if (previous === listNode.endPosition.row) return [{ range: { start: whole(listNode).start, end: detailEnd }, newText: classText }];
  return [
    { range: whole(listNode), newText: classText },
    { range: { start: { line: previous, character: lines[previous].length }, end: detailEnd }, newText: '' },
  ];
}

/**
 * Every `Old.as_view(…)` of the workspace becomes the viewset's `as_view` with the old view's
 * methods, name and description (and the route's initkwargs after them), and a one-line `from views_module import Old` imports the
 * viewset instead; any other use of an old name (an alias, a test reading the class) is
 * refused: the old names no longer exist.
 */
function urlEdits(snapshot: WorkspaceSnapshot, file: string, sides: readonly Side[], className: string): Map<string, TextEdit[]> | string {
  const edits = new Map<string, TextEdit[]>();
  const add = (other: string, edit: TextEdit) => edits.set(other, [...(edits.get(other) ?? []), edit]);
  const viewsModule = moduleNameOf(file, snapshot);
  const oldNames = sides.map((side) => side.view.name);
  for (const other of snapshot.pythonFiles()) {
    const lines = snapshot.read(other)?.split('\n') ?? [];
    const fromPackage = packageOf(moduleNameOf(other, snapshot), path.basename(other) === '__init__.py');
    for (const [index, row] of lines.entries()) {
      const imported = /^(from\s+([\w.]+)\s+import\s+)([\w ,]+?)\s*$/.exec(row);
      if (imported && absoluteModule(imported[2], fromPackage) === viewsModule && oldNames.some((name) => new RegExp(`\\b${name}\\b`).test(imported[3]))) {
        const names = [...new Set(imported[3].split(',').map((name) => name.trim()).map((name) => (oldNames.includes(name) ? className : name)))];
        if (names.some((name) => /\s/.test(name))) return `${path.basename(other)}:${index + 1} imports from the views module under an alias`;
        add(other, { range: lineRange(index, 0, row.length), newText: `${imported[1]}${names.join(', ')}` });
        continue;
      }
      for (const side of sides) {
        if (other === file && side.node.startPosition.row === index) continue;
        for (const found of row.matchAll(new RegExp(`\\b${side.view.name}\\b`, 'g'))) {
          const call = asViewCall(row.slice(found.index), side.view.name);
          const place = `${path.basename(other)}:${index + 1}`;
          if (call === undefined) return `\`${side.view.name}\` is used otherwise than by \`as_view()\` in ${place}; the name would no longer exist`;
          if (typeof call.initkwargs === 'string') return `${place}: ${call.initkwargs}`;
          if (side.routeMethodNames && call.initkwargs.some((part) => /^http_method_names\s*=/.test(part))) return `${place} passes \`http_method_names\`, which the route's own would replace`;
          const initkwargs = call.initkwargs.length > 0 ? `, ${call.initkwargs.join(', ')}` : '';
          add(other, { range: lineRange(index, found.index, found.index + call.length), newText: `${className}.as_view(${initArguments(side)}${initkwargs})` });
        }
      }
    }
  }
  return edits;
}

/** What `ViewSetMixin.as_view` sets itself: an initkwarg of that name would clash or be overridden. */
const VIEWSET_INITKWARGS = new Set(['name', 'description', 'suffix', 'detail', 'basename', 'actions']);

/**
 * `Old.as_view(…)` at the start of `text`, on one line: its length and its initkwargs as written
 * (`queryset=Book.objects.none()`), which the viewset's `as_view` passes on the same; or why not.
 */
function asViewCall(text: string, name: string): { length: number; initkwargs: string[] | string } | undefined {
  const open = `${name}.as_view(`;
  if (!text.startsWith(open)) return undefined;
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = open.length;
  for (let at = open.length; at < text.length; at++) {
    const char = text[at];
    if (quote) {
      if (char === '\\') at++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && depth > 0) depth--;
    else if ((char === ',' || char === ')') && depth === 0) {
      const part = text.slice(start, at).trim();
      if (part) parts.push(part);
      start = at + 1;
      if (char === ')') return { length: at + 1, initkwargs: initkwargsOf(parts, name) };
    }
  }
  return { length: text.length, initkwargs: `\`${name}.as_view(\` continues on the next line` };
}

function initkwargsOf(parts: readonly string[], name: string): string[] | string {
  for (const part of parts) {
    const keyword = /^(\w+)\s*=(?!=)/.exec(part)?.[1];
    if (!keyword) return `\`${name}.as_view(…)\` passes \`${part}\`, not a keyword argument`;
    if (VIEWSET_INITKWARGS.has(keyword)) return `\`${name}.as_view(${keyword}=…)\` would clash with the \`${keyword}\` a viewset's \`as_view\` sets`;
  }
  return [...parts];
}

/** The route's mapping, and the name and description DRF showed for the old view. */
function initArguments(side: Side): string {
  const mapping = Object.entries(side.actions)
    .map(([method, action]) => `${JSON.stringify(method)}: ${JSON.stringify(action)}`)
    .join(', ');
  const description = side.body.docstring ? `, description=${side.body.docstring}` : '';
  const methods = side.routeMethodNames ? `, http_method_names=${pythonList(side.routeMethodNames)}` : '';
  return `{${mapping}}, name=${JSON.stringify(drfViewName(side.view.name))}${description}${methods}`;
}
