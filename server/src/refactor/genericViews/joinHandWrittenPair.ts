/**
 * Join into a viewset in one step: a list view and a detail view still written by hand (an
 * `@api_view` function or an `APIView`) are converted to their generic views first (Convert to
 * generic view), then joined (Join into a ModelViewSet), each step planned on the files the one
 * before leaves and proven by its own checks; the user gets one edit doing all three.
 *
 *     @api_view(["GET", "POST"])                   class BookViewSet(viewsets.ModelViewSet):
 *     def book_list(request): …                        queryset = Book.objects.all()
 *                                                      serializer_class = BookSerializer
 *     @api_view(["GET", "PUT", "PATCH", "DELETE"])     http_method_names = [...]
 *     def book_detail(request, pk): …
 *                                                  book_list = BookViewSet.as_view({"get": "list", "post": "create"}, name="Book List")
 *                                                  book_detail = BookViewSet.as_view({"get": "retrieve", …}, name="Book Detail")
 *
 * A function view's name stays bound to its route's view, so URL confs and `reverse()` keep
 * working; an APIView's `as_view()` calls are rewritten by the join. A pair of generic views
 * is joined as it is.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { checkedEdit } from '../editCheck';
import { EditChain, refuse, type RefactorResult, type WorkspaceSnapshot } from '../domainEdit';
import { convertToGenericView, pascalCase, readCrudView } from './convertToGenericView';
import { JOIN_VIEWSET_TITLE, joinIntoViewSet, type JoinViewSetRequest } from './joinIntoViewSet';

/** Plans the join of the two views at the request's lines, converting those written by hand first. */
export function joinPair(parser: PythonParser, snapshot: WorkspaceSnapshot, request: JoinViewSetRequest): { title: string; result: RefactorResult } {
  const title = JOIN_VIEWSET_TITLE;
  // The class each view is (or becomes): a converted function is named in PascalCase.
  const sides = [request.listLine, request.detailLine].map((line) => {
    const read = readCrudView(parser, snapshot, { file: request.file, line });
    if (typeof read === 'string') return undefined;
    return { name: read.found.view.name, className: read.found.candidate.kind === 'function' ? pascalCase(read.found.view.name) : read.found.view.name };
  });
  if (sides.every((side) => side === undefined)) return joinIntoViewSet(parser, snapshot, request);
  const chain = new EditChain(snapshot);
  const converted: string[] = [];
  for (const side of sides) {
    if (!side) continue;
    const line = definitionLine(chain.snapshot.read(request.file), side.name);
    if (line === undefined) return { title, result: refuse(`\`${side.name}\` is no longer found in ${path.basename(request.file)}`) };
    const { result } = convertToGenericView(parser, chain.snapshot, { file: request.file, line });
    if (!result.safe) return { title, result: refuse(`\`${side.name}\` cannot be converted to a generic view first: ${result.reason}`) };
    chain.add(result.edit);
    converted.push(side.name);
  }
  const text = chain.snapshot.read(request.file);
  const [listLine, detailLine] = sides.map((side, index) => definitionLine(text, side?.className ?? nameAt(snapshot, request, index)));
  if (listLine === undefined || detailLine === undefined) return { title, result: refuse('the converted views are not classes of the module') };
  const joined = joinIntoViewSet(parser, chain.snapshot, { file: request.file, listLine, detailLine });
  if (!joined.result.safe) return { title, result: refuse(`converted to generic views, ${joined.result.reason}`) };
  chain.add(joined.result.edit);
  const summary = `${converted.map((name) => `\`${name}\``).join(' and ')} converted to generic views; ${joined.result.summary}`;
  return { title, result: checkedEdit(parser, snapshot, { safe: true, edit: chain.edit(), summary }) };
}

/** The line of the top-level `class name` or `def name` in the text. */
function definitionLine(text: string | undefined, name: string | undefined): number | undefined {
  if (text === undefined || name === undefined) return undefined;
  const found = text.split('\n').findIndex((line) => new RegExp(`^(class|def)\\s+${name}\\b`).test(line));
  return found < 0 ? undefined : found;
}

/** The name of the class defined at the request's list (0) or detail (1) line, a generic view not converted. */
function nameAt(snapshot: WorkspaceSnapshot, request: JoinViewSetRequest, index: number): string | undefined {
  const lines = snapshot.read(request.file)?.split('\n') ?? [];
  for (let row = index === 0 ? request.listLine : request.detailLine; row >= 0; row--) {
    const name = /^class\s+(\w+)/.exec(lines[row] ?? '')?.[1];
    if (name) return name;
  }
  return undefined;
}
