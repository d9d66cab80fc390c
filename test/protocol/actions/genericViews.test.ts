import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
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

/** A server over the workspace `files`, and `books/views.py`'s hand-written view finding converted through the protocol. */
function overWorkspace(files: string) {
  const session = { root: '', views: '', client: undefined as unknown as TestLspClient };
  before(async () => {
    session.root = writeWorkspace(files);
    session.views = path.join(session.root, 'books/views.py');
    session.client = await TestLspClient.start(session.root);
  });
  after(async () => {
    await session.client.stop();
    removeWorkspace(session.root);
  });
  /** The finding, and the views module once its Convert to generic view is applied. */
  const convert = async (): Promise<{ finding: Diagnostic; after: string }> => {
    const diagnostics = await session.client.waitForDiagnostics(session.views, (d) => d.some(isCrud));
    const finding = diagnostics.find(isCrud)!;
    const uri = URI.file(session.views).toString();
    const actions: CodeAction[] = await session.client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding], only: ['refactor.rewrite'] } });
    const action = actions.find((candidate) => candidate.title === 'Convert to generic view')!;
    assert.ok(action, actions.map((a) => a.title).join(', '));
    const resolved: CodeAction = await session.client.connection.sendRequest('codeAction/resolve', action);
    applyWorkspaceEdit(resolved.edit!);
    return { finding, after: fs.readFileSync(session.views, 'utf8') };
  };
  return { session, convert };
}

describe('Convert to generic view over the protocol', function () {
  this.timeout(30_000);
  const { session, convert } = overWorkspace(API);

  it('reports the view as the hard stage\'s, links the rule page, and rewrites it into a ListAPIView bound to its name', async () => {
    const { finding, after } = await convert();
    assert.equal(finding.message, '`book_list` lists `books.Book` by hand through `BookSerializer`: it is a `ListAPIView` with `http_method_names` GET, OPTIONS');
    assert.deepEqual(finding.data, { stage: 'hard' });
    assert.match(finding.codeDescription!.href, /hand-written-crud-view\.md$/);
    assert.match(after, /^class BookList\(generics\.ListAPIView\):\n {4}serializer_class = BookSerializer\n {4}queryset = Book\.objects\.order_by\("title"\)\n {4}http_method_names = \["get", "options"\]\n\n\nbook_list = BookList\.as_view\(\)\n$/m);
    assert.doesNotMatch(after, /api_view|Response/);
    assert.equal(spawnSync('python3', ['-m', 'py_compile', session.views]).status, 0);
  });
});

const PAGES = `${BOOKS_API}#- books/forms.py
from django import forms
from .models import Book


class BookForm(forms.ModelForm):
    class Meta:
        model = Book
        fields = ["title"]
#- books/templates/books/book_form.html
<form method="post">{% csrf_token %}{{ form }}</form>
#- books/urls.py
from django.urls import path
from . import views

urlpatterns = [path("books/new/", views.book_new, name="book-new")]
#- books/views.py
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from .forms import BookForm


@login_required
@require_http_methods(["GET", "POST"])
def book_new(request):
    if request.method == "POST":
        form = BookForm(request.POST)
        if form.is_valid():
            form.save()
            return redirect("book-new")
    else:
        form = BookForm()
    return render(request, "books/book_form.html", {"form": form})
`;

describe('Convert to generic view over the protocol: a plain Django form view', function () {
  this.timeout(30_000);
  const { session, convert } = overWorkspace(PAGES);

  it('reports the view, having read its template, and rewrites it into a CreateView whose LoginRequiredMixin its decorator becomes', async () => {
    const { finding, after } = await convert();
    assert.equal(finding.message, '`book_new` creates `books.Book` by hand through `BookForm`: it is a `CreateView` with `http_method_names`, `template_name` and `success_url`, with `LoginRequiredMixin` for its `@login_required`');
    assert.match(after, /^class BookNew\(LoginRequiredMixin, CreateView\):\n {4}form_class = BookForm\n {4}template_name = "books\/book_form\.html"\n {4}success_url = reverse_lazy\("book-new"\)\n {4}http_method_names = \["get", "post"\]\n\n\nbook_new = BookNew\.as_view\(\)\n$/m);
    assert.doesNotMatch(after, /render|redirect|require_http_methods|login_required/);
    assert.equal(spawnSync('python3', ['-m', 'py_compile', session.views]).status, 0);
  });
});
