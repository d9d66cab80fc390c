import { strict as assert } from 'node:assert';
import { apiWorkspace, convertAll, crudFindings } from '../../helpers/django/crudViews';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const FUNCTION_URLS = `
  from django.urls import path
  from . import views

  urlpatterns = [
      path("books/", views.book_list, name="book-list"),
      path("books/<int:pk>/", views.book_detail, name="book-detail"),
  ]
`;

const CLASS_URLS = FUNCTION_URLS.replace('views.book_list', 'views.BookList.as_view()').replace('views.book_detail', 'views.BookDetail.as_view()');

const HEAD = `
  from django.shortcuts import get_object_or_404
  from rest_framework import status
  from rest_framework.decorators import api_view
  from rest_framework.response import Response
  from rest_framework.views import APIView
  from .models import Book
  from .serializers import BookSerializer
`;

const FUNCTIONS = `
  @api_view(["GET", "POST"])
  def book_list(request):
      """Every book; a new book."""
      if request.method == "GET":
          serializer = BookSerializer(Book.objects.all(), many=True)
          return Response(serializer.data)
      elif request.method == "POST":
          serializer = BookSerializer(data=request.data)
          serializer.is_valid(raise_exception=True)
          serializer.save()
          return Response(serializer.data, status=status.HTTP_201_CREATED)


  @api_view(["GET", "PUT", "DELETE"])
  def book_detail(request, pk):
      book = get_object_or_404(Book, pk=pk)
      if request.method == "GET":
          return Response(BookSerializer(book).data)
      elif request.method == "PUT":
          serializer = BookSerializer(book, data=request.data)
          serializer.is_valid(raise_exception=True)
          serializer.save()
          return Response(serializer.data)
      elif request.method == "DELETE":
          book.delete()
          return Response(status=status.HTTP_204_NO_CONTENT)
`;

const CLASSES = `
  class BookList(APIView):
      def get(self, request):
          return Response(BookSerializer(Book.objects.all(), many=True).data)

      def post(self, request):
          serializer = BookSerializer(data=request.data)
          serializer.is_valid(raise_exception=True)
          serializer.save()
          return Response(serializer.data, status=status.HTTP_201_CREATED)


  class BookDetail(APIView):
      def get(self, request, pk):
          book = get_object_or_404(Book, pk=pk)
          return Response(BookSerializer(book).data)

      def patch(self, request, pk):
          book = get_object_or_404(Book, pk=pk)
          serializer = BookSerializer(book, data=request.data, partial=True)
          serializer.is_valid(raise_exception=True)
          serializer.save()
          return Response(serializer.data)
`;

function workspace(views: string, urls: string): Map<string, string> {
  return apiWorkspace(HEAD, views, urls);
}

describe('Join a hand-written pair into a viewset in one step', () => {
  it('reports a hand-written list view and detail view of one model as one viewset, before each view alone', async () => {
    const findings = await crudFindings(workspace(FUNCTIONS, FUNCTION_URLS));
    assert.deepEqual(
      findings.map((f) => f.message.replace(/:.*/, '')),
      ['`book_list` and `book_detail` lists, creates, retrieves, updates and deletes `api.Book` by hand through `BookSerializer` with the same queryset and policies', '`book_list` lists and creates `api.Book` by hand through `BookSerializer`', '`book_detail` retrieves, updates and deletes `api.Book` by hand through `BookSerializer`'],
    );
    assert.match(findings[0].message, /: converted to generic views, together they are one viewset \(`viewsets\.ModelViewSet`\)$/);
    assert.equal(findings[0].related.length, 1);
  });

  it('converts two @api_view functions and joins them; their names stay bound to the routes\' views', async () => {
    const files = workspace(FUNCTIONS, FUNCTION_URLS);
    const { files: after, conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `book_list` and `book_detail` converted to generic views; `BookList` and `BookDetail` are now `BookViewSet` (ModelViewSet) in views.py']);
    const views = after.get('/ws/api/views.py')!;
    // The docstring describes the list route only: it goes to that route's `description`.
    assert.match(views, /^class BookViewSet\(viewsets\.ModelViewSet\):\n {4}serializer_class = BookSerializer\n {4}queryset = Book\.objects\.all\(\)\n {4}http_method_names = \["get", "post", "put", "delete", "options"\]\n/m, views);
    assert.match(views, /^book_list = BookViewSet\.as_view\(\{"get": "list", "post": "create"\}, name="Book List", description="""Every book; a new book."""\)$/m, views);
    assert.match(views, /^book_detail = BookViewSet\.as_view\(\{"get": "retrieve", "put": "update", "delete": "destroy"\}, name="Book Detail"\)$/m, views);
    assert.doesNotMatch(views, /api_view|APIView|get_object_or_404|Response|\bstatus\b|generics/, 'the imports the views no longer need are gone');
    assert.equal(after.get('/ws/api/urls.py'), files.get('/ws/api/urls.py'), 'the URL conf routes to the same names');
  });

  it('converts two APIViews and joins them on the precise mixins, rewriting their as_view() routes', async () => {
    const { files: after, conversions } = await convertAll(workspace(CLASSES, CLASS_URLS));
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `BookList` and `BookDetail` converted to generic views; `BookList` and `BookDetail` are now `BookViewSet` (CreateModelMixin, RetrieveModelMixin, UpdateModelMixin, ListModelMixin, GenericViewSet) in views.py']);
    const urls = after.get('/ws/api/urls.py')!;
    assert.match(urls, /path\("books\/", views\.BookViewSet\.as_view\(\{"get": "list", "post": "create"\}, name="Book List"\), name="book-list"\)/);
    assert.match(urls, /path\("books\/<int:pk>\/", views\.BookViewSet\.as_view\(\{"get": "retrieve", "patch": "partial_update"\}, name="Book Detail"\), name="book-detail"\)/);
    assert.doesNotMatch(after.get('/ws/api/views.py')!, /BookList|BookDetail|APIView/);
  });

  it('pairs an @api_view list with an APIView detail; each route keeps its own HEAD and OPTIONS', async () => {
    // The list function answers no HEAD (`@api_view` lists only its methods), the detail class does.
    const views = `${FUNCTIONS.slice(0, FUNCTIONS.indexOf('  @api_view(["GET", "PUT", "DELETE"])'))}${CLASSES.slice(CLASSES.indexOf('  class BookDetail'))}`;
    const files = workspace(views, FUNCTION_URLS.replace('views.book_detail', 'views.BookDetail.as_view()'));
    const findings = await crudFindings(files);
    assert.match(findings[0].message, /^`book_list` and `BookDetail` lists, creates, retrieves and updates `api\.Book` by hand/);
    const { files: after, conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `book_list` and `BookDetail` converted to generic views; `BookList` and `BookDetail` are now `BookViewSet` (CreateModelMixin, RetrieveModelMixin, UpdateModelMixin, ListModelMixin, GenericViewSet) in views.py']);
    const text = after.get('/ws/api/views.py')!;
    assert.doesNotMatch(text, /^ {4}http_method_names/m, 'no class-wide list: the routes differ on HEAD');
    assert.match(text, /^book_list = BookViewSet\.as_view\(\{"get": "list", "post": "create"\}, name="Book List", description=""".*""", http_method_names=\["get", "post", "options"\]\)$/m, text);
    assert.match(after.get('/ws/api/urls.py')!, /path\("books\/<int:pk>\/", views\.BookViewSet\.as_view\(\{"get": "retrieve", "patch": "partial_update"\}, name="Book Detail", http_method_names=\["get", "patch", "head", "options"\]\), name="book-detail"\)/);
  });

  it('pairs an APIView list with an @api_view detail the same way', async () => {
    const views = `${CLASSES.slice(0, CLASSES.indexOf('  class BookDetail'))}${FUNCTIONS.slice(FUNCTIONS.indexOf('  @api_view(["GET", "PUT", "DELETE"])'))}`;
    const { files: after, conversions } = await convertAll(workspace(views, FUNCTION_URLS.replace('views.book_list', 'views.BookList.as_view()')));
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `BookList` and `book_detail` converted to generic views; `BookList` and `BookDetail` are now `BookViewSet` (ModelViewSet) in views.py']);
    assert.match(after.get('/ws/api/views.py')!, /^book_detail = BookViewSet\.as_view\(\{"get": "retrieve", "put": "update", "delete": "destroy"\}, name="Book Detail", http_method_names=\["get", "put", "delete", "options"\]\)$/m);
    assert.match(after.get('/ws/api/urls.py')!, /views\.BookViewSet\.as_view\(\{"get": "list", "post": "create"\}, name="Book List"\), name="book-list"/);
  });

  it('refuses a mixed pair whose route passes its own http_method_names, which the route\'s would replace', async () => {
    const views = `${FUNCTIONS.slice(0, FUNCTIONS.indexOf('  @api_view(["GET", "PUT", "DELETE"])'))}${CLASSES.slice(CLASSES.indexOf('  class BookDetail'))}`;
    const { conversions } = await convertAll(workspace(views, FUNCTION_URLS.replace('views.book_detail', 'views.BookDetail.as_view(http_method_names=["get"])')));
    assert.match(conversions[0].outcome, /^refused: converted to generic views, urls\.py:\d+ passes `http_method_names`, which the route's own would replace$/);
  });

  it('does not pair views whose converted querysets or policies would differ', async () => {
    const filtered = FUNCTIONS.replace('BookSerializer(Book.objects.all(), many=True)', 'BookSerializer(Book.objects.filter(title__startswith="A"), many=True)');
    const guarded = FUNCTIONS.replace('  @api_view(["GET", "PUT", "DELETE"])', '  @api_view(["GET", "PUT", "DELETE"])\n  @permission_classes([IsAdminUser])');
    for (const views of [filtered, guarded]) {
      const head = views === guarded ? 'from rest_framework.decorators import permission_classes\nfrom rest_framework.permissions import IsAdminUser\n' : '';
      const findings = await crudFindings(workspace(`${head}${dedent(views)}`, FUNCTION_URLS));
      assert.deepEqual(findings.map((f) => f.related.length), [0, 0], findings.map((f) => f.message).join('\n'));
    }
  });

  it('refuses the pair, saying which step fails, when the joined viewset would answer otherwise', async () => {
    // The list view's throttles would now apply to the detail routes too.
    const files = workspace(CLASSES.replace('  class BookList(APIView):\n', '  class BookList(APIView):\n      throttle_classes = []\n\n'), CLASS_URLS);
    const findings = await crudFindings(files);
    assert.equal(findings[0].related.length, 1, 'the views are reported as a pair');
    const { conversions } = await convertAll(files);
    assert.deepEqual(conversions[0].outcome, 'refused: converted to generic views, only `BookList` sets `throttle_classes`, which `BookDetail`\'s routes would now use');
  });
});
