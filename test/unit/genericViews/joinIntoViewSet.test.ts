import { strict as assert } from 'node:assert';
import { apiWorkspace, convertAll, crudFindings } from '../../helpers/django/crudViews';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { snapshotOf } from '../../helpers/refactor/refactorFixture';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { joinIntoViewSet } from '../../../server/src/refactor/genericViews/joinIntoViewSet';

const URLS = `
  from django.urls import path
  from . import views

  urlpatterns = [
      path("books/", views.BookList.as_view(), name="book-list"),
      path("books/<int:pk>/", views.BookDetail.as_view(), name="book-detail"),
  ]
`;

const HEAD = `
  import logging

  from rest_framework import generics
  from rest_framework.permissions import IsAuthenticated
  from .models import Book
  from .serializers import BookSerializer, BookTitleSerializer

  logger = logging.getLogger(__name__)
`;

const LIST = `
  class BookList(generics.ListCreateAPIView):
      """Every book; a new book."""

      queryset = Book.objects.order_by("title")
      serializer_class = BookSerializer
      permission_classes = [IsAuthenticated]

      def perform_create(self, serializer):
          # Who added it, for the audit log.
          book = serializer.save()
          logger.info("book %s added", book.pk)
`;

const DETAIL = `
  class BookDetail(generics.RetrieveUpdateDestroyAPIView):
      queryset = Book.objects.order_by("title")
      serializer_class = BookSerializer
      permission_classes = [IsAuthenticated]
`;

function workspace(views: string, urls = URLS): Map<string, string> {
  return apiWorkspace(HEAD, views, urls);
}

function lineOf(files: ReadonlyMap<string, string>, className: string): number {
  return files.get('/ws/api/views.py')!.split('\n').findIndex((row) => row.startsWith(`class ${className}`));
}

async function joined(views: string, urls?: string, extra: Record<string, string> = {}): Promise<{ views: string; urls: string; outcomes: string[] }> {
  const files = workspace(views, urls);
  for (const [file, text] of Object.entries(extra)) files.set(`/ws/${file}`, dedent(text));
  const { files: after, conversions } = await convertAll(files);
  return { views: after.get('/ws/api/views.py')!, urls: after.get('/ws/api/urls.py')!, outcomes: conversions.map((c) => c.outcome) };
}

describe('Join into a ModelViewSet', () => {
  it('reports a list and a detail generic view of one model as one viewset, on the list view with the detail as related place', async () => {
    const findings = await crudFindings(workspace(`${LIST}\n\n${DETAIL}`));
    assert.deepEqual(findings.map((f) => [f.message, f.related.map((r) => r.range.start.line)]), [
      ['`BookList` and `BookDetail` lists, creates, retrieves, updates and deletes `api.Book` through `api.serializers.BookSerializer` with the same queryset and policies: together they are one viewset (`viewsets.ModelViewSet`)', [24]],
    ]);
  });

  it('joins them into a ModelViewSet, keeping paths, names, methods and per-request code', async () => {
    const { views, urls, outcomes } = await joined(`${LIST}\n\n${DETAIL}`);
    assert.deepEqual(outcomes, ['applied: `BookList` and `BookDetail` are now `BookViewSet` (ModelViewSet) in views.py']);
    assert.equal(views, dedent(`
      import logging

      from rest_framework import viewsets
      from rest_framework.permissions import IsAuthenticated
      from .models import Book
      from .serializers import BookSerializer, BookTitleSerializer

      logger = logging.getLogger(__name__)


      class BookViewSet(viewsets.ModelViewSet):
          queryset = Book.objects.order_by("title")
          serializer_class = BookSerializer
          permission_classes = [IsAuthenticated]

          def perform_create(self, serializer):
              # Who added it, for the audit log.
              book = serializer.save()
              logger.info("book %s added", book.pk)
    `));
    assert.match(urls, /path\("books\/", views\.BookViewSet\.as_view\(\{"get": "list", "post": "create"\}, name="Book List", description="""Every book; a new book."""\), name="book-list"\)/);
    assert.match(urls, /path\("books\/<int:pk>\/", views\.BookViewSet\.as_view\(\{"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"\}, name="Book Detail"\), name="book-detail"\)/);
  });

  it('maps only the methods each view answered, on the precise mixins when not every action existed', async () => {
    const detail = dedent(DETAIL).replace('RetrieveUpdateDestroyAPIView', 'RetrieveUpdateAPIView').replace('serializer_class = BookSerializer', 'serializer_class = BookSerializer\n    http_method_names = ["get", "put", "head", "options"]');
    const { views, urls } = await joined(`${dedent(LIST).replace('ListCreateAPIView', 'ListAPIView').replace(/\n\s+def perform_create[\s\S]*$/, '\n')}\n\n${detail}`);
    assert.match(views, /class BookViewSet\(mixins\.RetrieveModelMixin, mixins\.UpdateModelMixin, mixins\.ListModelMixin, viewsets\.GenericViewSet\):/);
    assert.match(views, /^from rest_framework import mixins, viewsets$/m);
    assert.doesNotMatch(views, /http_method_names/, 'the routes\' mappings limit the methods; HEAD and OPTIONS are answered on both');
    assert.match(urls, /as_view\(\{"get": "list"\}, name="Book List"/);
    assert.match(urls, /as_view\(\{"get": "retrieve", "put": "update"\}, name="Book Detail"\)/);
  });

  it('keeps OPTIONS answered by one view only on that view\'s routes, each route passing its own http_method_names', async () => {
    const detail = dedent(DETAIL).replace('permission_classes = [IsAuthenticated]', 'permission_classes = [IsAuthenticated]\n    http_method_names = ["get", "put", "delete", "head"]');
    const { views, urls, outcomes } = await joined(`${LIST}\n\n${detail}`);
    assert.deepEqual(outcomes, ['applied: `BookList` and `BookDetail` are now `BookViewSet` (ModelViewSet) in views.py']);
    assert.doesNotMatch(views, /^ {4}http_method_names/m, 'no class-wide list: the routes differ on OPTIONS');
    assert.match(urls, /as_view\(\{"get": "list", "post": "create"\}, name="Book List", description=""".*"""\), name="book-list"/, 'the list answered every method: DRF\'s default');
    assert.match(urls, /as_view\(\{"get": "retrieve", "put": "update", "delete": "destroy"\}, name="Book Detail", http_method_names=\["get", "put", "delete", "head"\]\)/, urls);
  });

  it('joins a detail view written before the list view, keeping the comments above the members', async () => {
    const list = dedent(LIST).replace('    serializer_class = BookSerializer', '    # The same serializer reads and writes.\n\n    # (ids included)\n    serializer_class = BookSerializer');
    const detail = dedent(DETAIL).replace('    serializer_class = BookSerializer', '    # The same serializer reads and writes.\n\n    # (ids included)\n    serializer_class = BookSerializer');
    const { views, outcomes } = await joined(`${detail}\n\n${list}`);
    assert.deepEqual(outcomes, ['applied: `BookList` and `BookDetail` are now `BookViewSet` (ModelViewSet) in views.py']);
    assert.match(views, /logger = logging\.getLogger\(__name__\)\n\n\nclass BookViewSet\(viewsets\.ModelViewSet\):\n {4}queryset = Book\.objects\.order_by\("title"\)\n {4}# The same serializer reads and writes\.\n\n {4}# \(ids included\)\n {4}serializer_class = BookSerializer\n/);
    assert.doesNotMatch(views, /BookDetail|BookList/);
  });

  const refusals: [string, string, string][] = [
    ['different serializers', dedent(DETAIL).replace('serializer_class = BookSerializer', 'serializer_class = BookTitleSerializer'), 'set `serializer_class` differently'],
    ['a get_queryset on one only', `${dedent(DETAIL)}\n    def get_queryset(self):\n        return Book.objects.filter(title="x")\n`, 'only `BookDetail` sets `get_queryset`'],
    ['an overridden handler', `${dedent(DETAIL)}\n    def get(self, request, *args, **kwargs):\n        return super().get(request, *args, **kwargs)\n`, 'defines `get`; a viewset routes each method to an action'],
    ['a pagination class on the detail view only', `${dedent(DETAIL)}    pagination_class = None\n`, 'only `BookDetail` sets `pagination_class`'],
    ['http_method_names out of DRF\'s order', dedent(DETAIL).replace('permission_classes = [IsAuthenticated]', 'permission_classes = [IsAuthenticated]\n    http_method_names = ["put", "get", "head", "options"]'), 'is not in DRF.s order'],
    ['a statement that is no member', `${dedent(DETAIL)}    if True:\n        renderer_classes = []\n`, 'which is neither an attribute nor a method'],
  ];
  // Pairs whose model facts differ (serializer, get_queryset) are not even reported; the join refuses them all.
  const unreported = new Set(['different serializers', 'a get_queryset on one only']);
  for (const [name, detail, reason] of refusals) {
    it(`refuses ${name}`, async () => {
      const files = workspace(`${dedent(LIST)}\n\n${detail}`);
      const { result } = joinIntoViewSet(await loadPythonParser(), snapshotOf(files), { file: '/ws/api/views.py', listLine: lineOf(files, 'BookList'), detailLine: lineOf(files, 'BookDetail') });
      assert.equal(result.safe, false);
      if (!result.safe) assert.match(result.reason, new RegExp(reason.replace(/[`()[\]]/g, '.')), result.reason);
      assert.equal((await crudFindings(files)).length, unreported.has(name) ? 0 : 1);
    });
  }

  it('refuses when an old name is used otherwise than by as_view()', async () => {
    const { outcomes } = await joined(`${LIST}\n\n${DETAIL}`, undefined, { 'api/tests.py': 'from .views import BookList\n\nMETHODS = BookList.http_method_names\n' });
    assert.deepEqual(outcomes, ['refused: `BookList` is used otherwise than by `as_view()` in tests.py:3; the name would no longer exist']);
  });

  it('passes a route\'s initkwargs on to the viewset\'s as_view, and refuses those a viewset sets itself', async () => {
    const urls = (list: string) => `
      from django.urls import path
      from . import views

      urlpatterns = [
          path("books/", views.BookList.as_view(${list}), name="book-list"),
          path("books/<int:pk>/", views.BookDetail.as_view(), name="book-detail"),
      ]
    `;
    const kept = await joined(`${LIST}\n\n${DETAIL}`, urls('pagination_class=None, throttle_classes=[]'));
    assert.deepEqual(kept.outcomes, ['applied: `BookList` and `BookDetail` are now `BookViewSet` (ModelViewSet) in views.py']);
    assert.match(kept.urls, /path\("books\/", views\.BookViewSet\.as_view\(\{"get": "list", "post": "create"\}, name="Book List", description=""".*""", pagination_class=None, throttle_classes=\[\]\), name="book-list"\)/);
    const clash = await joined(`${LIST}\n\n${DETAIL}`, urls('name="Books"'));
    assert.deepEqual(clash.outcomes, ['refused: urls.py:5: `BookList.as_view(name=…)` would clash with the `name` a viewset\'s `as_view` sets']);
    const positional = await joined(`${LIST}\n\n${DETAIL}`, urls('**OPTIONS'));
    assert.match(positional.outcomes[0], /passes `\*\*OPTIONS`, not a keyword argument$/);
  });

  it('imports the viewset where a URL conf imported the old views by name', async () => {
    const urls = `
      from django.urls import path
      from .views import BookDetail, BookList

      urlpatterns = [
          path("books/", BookList.as_view(), name="book-list"),
          path("books/<int:pk>/", BookDetail.as_view(), name="book-detail"),
      ]
    `;
    const { urls: after, outcomes } = await joined(`${LIST}\n\n${DETAIL}`, urls);
    assert.deepEqual(outcomes, ['applied: `BookList` and `BookDetail` are now `BookViewSet` (ModelViewSet) in views.py']);
    assert.match(after, /^from \.views import BookViewSet$/m);
    assert.match(after, /path\("books\/", BookViewSet\.as_view\(\{"get": "list", "post": "create"\}, name="Book List"/);
    assert.match(after, /path\("books\/<int:pk>\/", BookViewSet\.as_view\(\{"get": "retrieve"/);
  });
});
