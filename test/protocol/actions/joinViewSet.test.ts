import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { applyWorkspaceEdit } from '../../helpers/workspace/applyWorkspaceEdit';
import { BOOKS_API } from '../../helpers/django/booksApi';

const API = `${BOOKS_API}#- books/urls.py
from django.urls import path
from . import views

urlpatterns = [
    path("books/", views.BookList.as_view(), name="book-list"),
    path("books/<int:pk>/", views.BookDetail.as_view(), name="book-detail"),
]
#- books/views.py
from rest_framework import generics
from .models import Book
from .serializers import BookSerializer


class BookList(generics.ListAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer


class BookDetail(generics.RetrieveAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer
`;

const isCrud = (d: Diagnostic) => d.code === 'hand-written-crud-view';

describe('Join into a ModelViewSet over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;

  before(async () => {
    root = writeWorkspace(API);
    client = await TestLspClient.start(root);
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('reports the pair on the list view with the detail view related, and joins them, URL conf included', async () => {
    const views = path.join(root, 'books/views.py');
    const diagnostics = await client.waitForDiagnostics(views, (d) => d.some(isCrud));
    const finding = diagnostics.find(isCrud)!;
    assert.equal(finding.range.start.line, 5);
    assert.deepEqual(finding.relatedInformation?.map((r) => r.location.range.start.line), [10]);
    const uri = URI.file(views).toString();
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding], only: ['refactor.rewrite'] } });
    const action = actions.find((candidate) => candidate.title === 'Join into a ModelViewSet')!;
    assert.ok(action, actions.map((a) => a.title).join(', '));
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', action);
    applyWorkspaceEdit(resolved.edit!);
    assert.equal(fs.readFileSync(views, 'utf8'), [
      'from rest_framework import mixins, viewsets',
      'from .models import Book',
      'from .serializers import BookSerializer',
      '',
      '',
      'class BookViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):',
      '    queryset = Book.objects.all()',
      '    serializer_class = BookSerializer',
      '',
    ].join('\n'));
    const urls = fs.readFileSync(path.join(root, 'books/urls.py'), 'utf8');
    assert.match(urls, /path\("books\/", views\.BookViewSet\.as_view\(\{"get": "list"\}, name="Book List"\), name="book-list"\)/);
    assert.match(urls, /path\("books\/<int:pk>\/", views\.BookViewSet\.as_view\(\{"get": "retrieve"\}, name="Book Detail"\), name="book-detail"\)/);
  });
});
