import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../helpers/lspClient';
import { removeWorkspace, writeWorkspace } from '../helpers/workspaceFixture';
import { applyWorkspaceEdit } from '../helpers/applyWorkspaceEdit';
import { BOOKS_API } from '../helpers/booksApi';

const API = `${BOOKS_API}#- books/urls.py
from django.urls import path
from . import views

urlpatterns = [path("books/", views.book_list, name="book-list")]
#- books/views.py
from rest_framework.decorators import api_view
from rest_framework.response import Response
from .models import Book
from .serializers import BookSerializer


@api_view(["GET"])
def book_list(request):
    return Response(BookSerializer(Book.objects.order_by("title"), many=True).data)
`;

const isCrud = (d: Diagnostic) => d.code === 'hand-written-crud-view';

describe('Convert to generic view over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;
  let views: string;

  before(async () => {
    root = writeWorkspace(API);
    views = path.join(root, 'books/views.py');
    client = await TestLspClient.start(root);
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('reports the view as the hard stage\'s, links the rule page, and rewrites it into a ListAPIView bound to its name', async () => {
    const diagnostics = await client.waitForDiagnostics(views, (d) => d.some(isCrud));
    const finding = diagnostics.find(isCrud)!;
    assert.equal(finding.message, '`book_list` lists `books.Book` by hand through `BookSerializer`: it is a `ListAPIView` with `http_method_names` GET, OPTIONS');
    assert.deepEqual(finding.data, { stage: 'hard' });
    assert.match(finding.codeDescription!.href, /hand-written-crud-view\.md$/);
    const uri = URI.file(views).toString();
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding], only: ['refactor.rewrite'] } });
    const action = actions.find((candidate) => candidate.title === 'Convert to generic view')!;
    assert.ok(action, actions.map((a) => a.title).join(', '));
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', action);
    applyWorkspaceEdit(resolved.edit!);
    const after = fs.readFileSync(views, 'utf8');
    assert.match(after, /^class BookList\(generics\.ListAPIView\):\n {4}serializer_class = BookSerializer\n {4}queryset = Book\.objects\.order_by\("title"\)\n {4}http_method_names = \["get", "options"\]\n\n\nbook_list = BookList\.as_view\(\)\n$/m);
    assert.doesNotMatch(after, /api_view|Response/);
    assert.equal(spawnSync('python3', ['-m', 'py_compile', views]).status, 0);
  });
});
