/**
 * Convert to generic view: a hand-written CRUD view becomes the DRF generic view it matches,
 * answering every request as before (genericRefusals.ts lists what would change, and refuses).
 *
 *     @api_view(["GET", "POST"])                      class CategoryList(generics.ListCreateAPIView):
 *     def category_list(request):                         serializer_class = CategorySerializer
 *         if request.method == "GET":                     http_method_names = ["get", "post", "options"]
 *             categories = Category.objects.all()
 *             if request.query_params.get("top"):         def get_queryset(self):
 *                 categories = categories.filter(…)           categories = Category.objects.all()
 *             serializer = CategorySerializer(               if self.request.query_params.get("top"):
 *                 categories, many=True)                         categories = categories.filter(…)
 *             return Response(serializer.data)               return categories
 *         elif request.method == "POST":
 *             …                                       category_list = CategoryList.as_view()
 *
 * A function view keeps its name (bound to the class's `as_view()`), so URL confs, `reverse()`
 * and imports keep working; an APIView keeps its name, attributes and helpers, its handlers
 * replaced by the generic view's attributes and overrides.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { crudModuleFacts, type CrudCandidate } from '../../core/django/crud/crudHandlers';
import { djangoModuleFacts, type DjangoModuleFacts } from '../../core/django/moduleFacts';
import { assembleProject, type DjangoProjectModel } from '../../core/django/project';
import { crudViewMatch, type CrudViewMatch } from '../../core/django/crud/crudViewMatch';
import { mergedAtSameStart, refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import { unusedImportEdits } from '../unusedImports';
import { genericMembers } from './genericViewText';
import { drfImport, fromImport, lineRange as line } from './drfImports';
import { convertToDjangoView, plainViewAt } from './convertToDjangoView';

export interface GenericViewRequest {
  readonly file: string;
  /** A line of the view's definition (the finding's). */
  readonly line: number;
}

export const GENERIC_VIEW_TITLE = 'Convert to generic view';

/** Where Django's `Http404` is imported from. */
const DJANGO_HTTP = /^django\.http(\.response)?$/;

/** Names a conversion may leave unused in the module. */
const HANDWRITTEN_NAMES = ['api_view', 'APIView', 'Response', 'status', 'get_object_or_404', 'Http404', 'permission_classes', 'authentication_classes', 'throttle_classes', 'renderer_classes', 'parser_classes'];

/** The view at the request's line and its match, planned on the snapshot's project. */
export function readCrudView(parser: PythonParser, snapshot: WorkspaceSnapshot, request: GenericViewRequest): { found: CrudViewMatch; project: DjangoProjectModel; text: string } | string {
  const text = snapshot.read(request.file);
  if (text === undefined) return `${path.basename(request.file)} cannot be read`;
  const project = projectOf(parser, snapshot);
  const tree = parser.parse(text);
  let candidate: CrudCandidate | undefined;
  try {
    candidate = crudModuleFacts(request.file, tree.rootNode).candidates.find((c) => c.range.start.line <= request.line && request.line <= c.range.end.line);
  } finally {
    tree.delete();
  }
  const found = candidate && crudViewMatch(project, request.file, candidate);
  return found ? { found, project, text } : 'no hand-written CRUD view here';
}

/** Plans the conversion of the view at the request's line. */
export function convertToGenericView(parser: PythonParser, snapshot: WorkspaceSnapshot, request: GenericViewRequest): { title: string; result: RefactorResult } {
  // A plain Django view becomes a CreateView, UpdateView, ListView or DetailView.
  const source = snapshot.read(request.file);
  const plainView = source === undefined ? undefined : plainViewAt(parser, source, request.line);
  if (plainView) return { title: GENERIC_VIEW_TITLE, result: convertToDjangoView(parser, snapshot, request.file, source!, plainView) };
  const read = readCrudView(parser, snapshot, request);
  if (typeof read === 'string') return { title: GENERIC_VIEW_TITLE, result: refuse(read) };
  const { found, project, text } = read;
  const title = GENERIC_VIEW_TITLE;
  if (found.refusal) return { title, result: refuse(found.refusal) };
  if (!found.match.genericClass) return { title, result: refuse(`no generic class has exactly these operations: write \`GenericAPIView\` with ${found.match.mixins.join(', ')}`) };
  const facts = moduleFacts(parser, text, request.file);
  const bound = new Set(facts.names);
  const imported = new Set(facts.imports.map((binding) => binding.localName));
  const emptyNotFound = found.match.lookup?.missing === 'bare404';
  const http404 = facts.imports.find((binding) => binding.localName === 'Http404');
  if (emptyNotFound && (http404 ? !DJANGO_HTTP.test(http404.module) : bound.has('Http404'))) {
    return { title, result: refuse("the module binds `Http404` to something else than Django's, which the override keeping the empty 404 needs") };
  }
  const members = genericMembers(found.match, { project, statusName: (code) => (imported.has('status') ? `status.${STATUS_NAMES[code] ?? code}` : String(code)) });
  const generic = `generics.${found.match.genericClass}`;
  const lines = text.split('\n');
  let edits: TextEdit[];
  if (found.candidate.kind === 'function') {
    const className = pascalCase(found.candidate.name);
    if (bound.has(className)) return { title, result: refuse(`the module already binds \`${className}\``) };
    edits = [{ range: found.candidate.range, newText: functionReplacement(found, className, generic, members) }];
  } else {
    edits = classEdits(lines, found, generic, members);
  }
  const unused = unusedImportEdits(parser, snapshot, request.file, text, edits, HANDWRITTEN_NAMES.filter((name) => imported.has(name)));
  const imports = [
    ...(imported.has('generics') ? [] : [drfImport(parser, text, unused, ['generics']).edit]),
    ...(emptyNotFound && !http404 ? [fromImport(parser, text, unused, 'django.http', ['Http404']).edit] : []),
  ];
  edits.push(...mergedAtSameStart([...imports, ...unused]));
  const summary = `\`${found.view.name}\` is now a \`${found.match.genericClass}\` in ${path.basename(request.file)}`;
  return { title, result: checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [], edits: new Map([[request.file, edits]]) }, summary }) };
}

/** The class replacing a function view, and the function's name bound to its view. */
function functionReplacement(found: CrudViewMatch, className: string, generic: string, members: readonly string[]): string {
  const docstring = found.candidate.docstring ? [`    ${found.candidate.docstring}`, ''] : [];
  const policies = found.view.decorators
    .map((decorator) => /^(permission_classes|authentication_classes|throttle_classes|renderer_classes|parser_classes)\((.*)\)$/s.exec(decorator))
    .filter((policy): policy is RegExpExecArray => policy !== null)
    .map((policy) => `    ${policy[1]} = ${policy[2]}`);
  return [`class ${className}(${generic}):`, ...docstring, ...policies, ...members, '', '', `${found.candidate.name} = ${className}.as_view()`].join('\n');
}

/** An APIView's base replaced, and its handlers and lookup helper by the generic view's members where the first of them was. */
function classEdits(lines: readonly string[], found: CrudViewMatch, generic: string, members: readonly string[]): TextEdit[] {
  const header = found.candidate.range.start.line;
  const headerEnd = lines.findIndex((line, index) => index >= header && /:\s*(#.*)?$/.test(line));
  const edits: TextEdit[] = [];
  for (let row = header; row <= headerEnd; row++) {
    const at = /\bAPIView\b/.exec(lines[row]);
    if (at && /^\s*class\b|^\s/.test(lines[row])) {
      const before = lines[row].slice(0, at.index).replace(/[\w.]*$/, '');
      const start = before.length;
      edits.push({ range: line(row, start, at.index + 'APIView'.length), newText: generic });
      break;
    }
  }
  const removed = [...found.candidate.handlers.map((handler) => handler.range), ...(found.candidate.lookupHelper ? [found.candidate.lookupHelper] : [])];
  removed.sort((a, b) => a.start.line - b.start.line);
  removed.forEach((range, index) => {
    // A handler (or the lookup helper) goes from the end of the code line before it, blank lines and all; the first leaves the generic members in its place.
    let previous = range.start.line - 1;
    while (previous > header && lines[previous].trim() === '') previous--;
    const written = previous === headerEnd ? [...members].filter((member, at) => at > 0 || member !== '') : ['', ...members];
    edits.push({
      range: { start: { line: previous, character: lines[previous].length }, end: { line: range.end.line, character: lines[range.end.line].length } },
      newText: index === 0 ? `\n${written.join('\n')}` : '',
    });
  });
  return edits;
}

export function pascalCase(name: string): string {
  return name.split('_').filter(Boolean).map((part) => part[0].toUpperCase() + part.slice(1)).join('');
}

const STATUS_NAMES: Readonly<Record<number, string>> = { 200: 'HTTP_200_OK', 201: 'HTTP_201_CREATED', 202: 'HTTP_202_ACCEPTED', 404: 'HTTP_404_NOT_FOUND' };

function moduleFacts(parser: PythonParser, text: string, file: string): DjangoModuleFacts {
  const tree = parser.parse(text);
  try {
    return djangoModuleFacts(file, tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** The snapshot's Django project model, which the matches and refusals read. */
export function projectOf(parser: PythonParser, snapshot: WorkspaceSnapshot): DjangoProjectModel {
  return assembleProject(projectFacts(parser, snapshot));
}

/** Every Python module's Django facts. */
function projectFacts(parser: PythonParser, snapshot: WorkspaceSnapshot): Map<string, DjangoModuleFacts> {
  const facts = new Map<string, DjangoModuleFacts>();
  for (const file of snapshot.pythonFiles()) {
    const text = snapshot.read(file);
    if (text !== undefined) facts.set(file, moduleFacts(parser, text, file));
  }
  return facts;
}
