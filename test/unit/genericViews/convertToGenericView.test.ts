import { strict as assert } from 'node:assert';
import { convertAll, crudFindings } from '../../helpers/django/crudViews';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const BASE: Record<string, string> = {
  'proj/settings.py': `
    INSTALLED_APPS = ["rest_framework", "api"]
    ROOT_URLCONF = "proj.urls"
    REST_FRAMEWORK = {
        "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
        "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    }
  `,
  'proj/urls.py': `
    from django.urls import include, path

    urlpatterns = [path("api/", include("api.urls"))]
  `,
  'api/models.py': `
    from django.db import models

    class Book(models.Model):
        title = models.CharField(max_length=100)
        slug = models.SlugField(unique=True)
  `,
  'api/serializers.py': `
    from rest_framework import serializers
    from .models import Book

    class BookSerializer(serializers.ModelSerializer):
        class Meta:
            model = Book
            fields = ["id", "title", "slug"]

    class BookTitleSerializer(serializers.ModelSerializer):
        class Meta:
            model = Book
            fields = ["title"]
  `,
};

const URLS = `
  from django.urls import path
  from . import views

  urlpatterns = [
      path("books/", views.BookList.as_view(), name="book-list"),
      path("books/<int:book_id>/", views.book_detail, name="book-detail"),
  ]
`;

const HEAD = `
  from django.shortcuts import get_object_or_404
  from rest_framework import status
  from rest_framework.decorators import api_view, permission_classes
  from rest_framework.permissions import IsAuthenticated
  from rest_framework.response import Response
  from rest_framework.views import APIView
  from .models import Book
  from .serializers import BookSerializer, BookTitleSerializer
`;

/** The workspace with `views` (after `head`) and `urls` as api/views.py and api/urls.py. */
function workspace(views: string, urls = URLS, head = HEAD): Map<string, string> {
  const files: Record<string, string> = { ...BASE, 'api/urls.py': urls, 'api/views.py': `${dedent(head)}\n\n${dedent(views)}` };
  const all = new Map(Object.entries(files).map(([file, text]) => [`/ws/${file}`, dedent(text)]));
  for (const dir of ['proj', 'api']) all.set(`/ws/${dir}/__init__.py`, '');
  return all;
}

const LIST = `
  class BookList(APIView):
      permission_classes = [IsAuthenticated]

      def get(self, request):
          books = Book.objects.order_by("title")
          serializer = BookSerializer(books, many=True)
          return Response(serializer.data)

      def post(self, request):
          serializer = BookSerializer(data=request.data)
          if serializer.is_valid():
              serializer.save(owner=request.user)
              return Response(serializer.data, status=status.HTTP_201_CREATED)
          return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
`;

const DETAIL = `
  @api_view(["GET", "PUT", "DELETE"])
  @permission_classes([IsAuthenticated])
  def book_detail(request, book_id):
      """One book."""
      book = get_object_or_404(Book, pk=book_id)
      if request.method == "GET":
          return Response(BookSerializer(book).data)
      elif request.method == "PUT":
          serializer = BookSerializer(book, data=request.data)
          serializer.is_valid(raise_exception=True)
          serializer.save()
          return Response(serializer.data)
      else:
          book.delete()
          return Response(status=status.HTTP_204_NO_CONTENT)
`;

const TWO_LOOKUPS = `
  class BookDetail(APIView):
      def get(self, request, book_id):
          book = get_object_or_404(Book, pk=book_id)
          return Response(BookSerializer(book).data)

      def delete(self, request, book_id):
          book = get_object_or_404(Book.objects.filter(title=""), pk=book_id)
          book.delete()
          return Response(status=204)
`;

async function convertedViews(views: string, urls?: string): Promise<{ text: string; outcomes: string[] }> {
  const { files, conversions } = await convertAll(workspace(views, urls));
  return { text: files.get('/ws/api/views.py')!, outcomes: conversions.map((c) => c.outcome) };
}

describe('hand-written-crud-view', () => {
  it('names the generic class each view matches and what it must set', async () => {
    const findings = await crudFindings(workspace(`${LIST}\n\n${DETAIL.replace('else:', 'elif request.method == "DELETE":')}`));
    assert.deepEqual(findings.map((f) => [f.stage, f.severity, f.message]), [
      ['hard', 'information', '`BookList` lists and creates `api.Book` by hand through `BookSerializer`: it is a `ListCreateAPIView` with `perform_create`'],
      ['hard', 'information', '`book_detail` retrieves, updates and deletes `api.Book` by hand through `BookSerializer`: it is a `RetrieveUpdateDestroyAPIView` with `http_method_names` GET, PUT, DELETE, OPTIONS, `lookup_url_kwarg = "book_id"`'],
    ]);
  });

  it('reports no view doing something else than CRUD', async () => {
    const findings = await crudFindings(workspace(`
      class BookList(APIView):
          def get(self, request):
              return Response({"count": Book.objects.count()})

          def post(self, request):
              serializer = BookSerializer(data=request.data)
              serializer.is_valid(raise_exception=True)
              serializer.save()
              return Response(serializer.data, status=201)
    `));
    assert.deepEqual(findings, []);
  });
});

describe('Convert to generic view', () => {
  it('turns an APIView into ListCreateAPIView, neutralising the project\'s pagination and filters and keeping the save\'s side effect', async () => {
    const { text, outcomes } = await convertedViews(LIST, URLS.replace(/^.*book-detail.*\n/m, ''));
    assert.deepEqual(outcomes, ['applied: `BookList` is now a `ListCreateAPIView` in views.py']);
    assert.match(text, /^from rest_framework import generics$/m);
    assert.ok(text.endsWith(dedent(`
      class BookList(generics.ListCreateAPIView):
          permission_classes = [IsAuthenticated]

          serializer_class = BookSerializer
          queryset = Book.objects.order_by("title")
          pagination_class = None
          filter_backends = []

          def perform_create(self, serializer):
              serializer.save(owner=self.request.user)
    `)), text);
  });

  it('turns an @api_view function into a class bound to its name, with its methods, policies and lookup', async () => {
    const { text, outcomes } = await convertedViews(DETAIL, URLS.replace(/^.*book-list.*\n/m, ''));
    assert.deepEqual(outcomes, ['applied: `book_detail` is now a `RetrieveUpdateDestroyAPIView` in views.py']);
    assert.doesNotMatch(text, /api_view|get_object_or_404|import Response/);
    assert.ok(text.endsWith(dedent(`
      class BookDetail(generics.RetrieveUpdateDestroyAPIView):
          """One book."""

          permission_classes = [IsAuthenticated]
          serializer_class = BookSerializer
          queryset = Book.objects.all()
          lookup_url_kwarg = "book_id"
          http_method_names = ["get", "put", "delete", "options"]
          filter_backends = []


      book_detail = BookDetail.as_view()
    `)), text);
  });

  const refusals: [string, string, string?][] = [
    [DETAIL.replace('IsAuthenticated])', 'DjangoObjectPermissions])'), 'object permissions would now be checked: `DjangoObjectPermissions` may define `has_object_permission`'],
    [DETAIL, '`api/books/<str:book_id>/` takes any text as `book_id`: a malformed one answers 500 now, 404 from a generic view', URLS.replace('<int:book_id>', '<str:book_id>')],
    [DETAIL.replace('return Response(status=status.HTTP_204_NO_CONTENT)', 'return Response({"deleted": book_id}, status=status.HTTP_204_NO_CONTENT)'), 'the delete answers a body; DestroyModelMixin answers none'],
    [DETAIL.replace('BookSerializer(book).data', 'BookTitleSerializer(book).data'), 'the handlers use several serializers (`BookTitleSerializer`, `BookSerializer`); a generic view has one'],
    [DETAIL.replace('return Response(serializer.data)', 'return Response(serializer.data, status=202)'), 'PUT answers 202, not the generic 200'],
    [DETAIL.replace('@api_view', '@audited\n  @api_view'), '`@audited` has no generic-view equivalent here'],
    [DETAIL.replace('data=request.data)', 'data=request.data, partial=True)'), "PUT makes a partial update; the generic view's PUT makes a full one"],
    [TWO_LOOKUPS, 'the handlers look the object up differently; a generic view has one lookup', URLS.replace('views.book_detail', 'views.BookDetail.as_view()')],
  ];
  for (const [views, reason, urls] of refusals) {
    it(`refuses: ${reason}`, async () => {
      const { outcomes, text } = await convertedViews(views, urls);
      assert.ok(outcomes.includes(`refused: ${reason}`), outcomes.join('\n'));
      assert.ok(text.includes(dedent(views).trim().split('\n')[0]), 'the view is left as it was');
    });
  }

  it('refuses when the project answers invalid data through its own EXCEPTION_HANDLER', async () => {
    const files = workspace(DETAIL, URLS.replace(/^.*book-list.*\n/m, ''));
    files.set('/ws/proj/settings.py', files.get('/ws/proj/settings.py')!.replace('REST_FRAMEWORK = {', 'REST_FRAMEWORK = {\n    "EXCEPTION_HANDLER": "proj.errors.handler",'));
    const { conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ["refused: invalid data would now be answered by the project's `EXCEPTION_HANDLER`"]);
  });
});

describe("Convert to generic view: the create's `Location` header", () => {
  /** Outcomes of converting the list view when `BookSerializer` takes all of Book's fields, after `edits`. */
  async function outcomes(...edits: [file: string, from: string, to: string][]): Promise<string[]> {
    const files = workspace(LIST, URLS.replace(/^.*book-detail.*\n/m, ''));
    const all: [string, string, string][] = [['api/serializers.py', 'fields = ["id", "title", "slug"]', 'fields = "__all__"'], ...edits];
    for (const [file, from, to] of all) {
      const text = files.get(`/ws/${file}`)!;
      assert.ok(text.includes(from), `${file} has ${from}`);
      files.set(`/ws/${file}`, text.replace(from, to));
    }
    const { conversions } = await convertAll(files);
    return conversions.map((c) => c.outcome);
  }
  const refused = (field: string, why: string) => [`refused: the create would answer a \`Location\` header if \`BookSerializer\`'s data has a \`${field}\` (${why})`];

  it('converts a ModelSerializer taking all the fields of a model that has no `url`', async () => {
    assert.deepEqual(await outcomes(), ['applied: `BookList` is now a `ListCreateAPIView` in views.py']);
  });

  it('refuses when the model, a concrete parent or the serializer has a `url`, or a method may add one', async () => {
    assert.deepEqual(await outcomes(['api/models.py', '    slug', '    url = models.URLField()\n    slug']), refused('url', 'its model has one'));
    assert.deepEqual(await outcomes(['api/models.py', 'class Book(models.Model):', 'class Item(models.Model):\n    url = models.URLField()\n\nclass Book(Item):']), refused('url', 'its model has one'));
    assert.deepEqual(await outcomes(['api/serializers.py', '    class Meta:\n        model = Book\n        fields = "__all__"', '    url = serializers.CharField(source="slug")\n\n    class Meta:\n        model = Book\n        fields = "__all__"']), refused('url', 'it declares it'));
    const method = '    def to_representation(self, instance):\n        return {"url": "/"}\n\n    class Meta:\n        model = Book\n        fields = "__all__"';
    assert.deepEqual(await outcomes(['api/serializers.py', '    class Meta:\n        model = Book\n        fields = "__all__"', method]), refused('url', 'its fields are not listed, and it builds on more than `ModelSerializer`'));
  });

  it("reads the field DRF takes the `Location` from in the project's `URL_FIELD_NAME`", async () => {
    assert.deepEqual(await outcomes(['proj/settings.py', 'REST_FRAMEWORK = {', 'REST_FRAMEWORK = {\n    "URL_FIELD_NAME": "slug",']), refused('slug', 'its model has one'));
  });
});

describe('Convert to generic view: a missing object answered with an empty 404', () => {
  const LOOKUP = 'book = get_object_or_404(Book, pk=book_id)';
  const EMPTY_404 = 'try:\n          book = Book.objects.get(pk=book_id)\n      except Book.DoesNotExist:\n          return Response(status=status.HTTP_404_NOT_FOUND)';
  const detail = DETAIL.replace(LOOKUP, EMPTY_404);
  const detailUrls = URLS.replace(/^.*book-list.*\n/m, '');

  it('keeps the empty 404 with a handle_exception answering the lookup\'s Http404 so, importing Http404', async () => {
    const { text, outcomes } = await convertedViews(detail, detailUrls);
    assert.deepEqual(outcomes, ['applied: `book_detail` is now a `RetrieveUpdateDestroyAPIView` in views.py']);
    assert.match(text, /^from django\.http import Http404$/m);
    // The class a lookup raising Http404 gives, with the override after its attributes.
    const raising = (await convertedViews(DETAIL, detailUrls)).text;
    const override = dedent(`
      def handle_exception(self, exc):
          # A missing object is answered with an empty 404, as the hand-written view did.
          if isinstance(exc, Http404):
              return Response(status=status.HTTP_404_NOT_FOUND)
          return super().handle_exception(exc)
    `).trim().replace(/^/gm, '    ');
    const classOf = (module: string) => module.slice(module.indexOf('class BookDetail'));
    assert.equal(classOf(text), classOf(raising).replace('    filter_backends = []\n', `    filter_backends = []\n\n${override}\n`));
  });

  it('imports Http404 where isort would, before rest_framework, in a module importing nothing from Django', async () => {
    const { files, conversions } = await convertAll(workspace(detail, detailUrls, HEAD.replace(/^.*django\.shortcuts.*\n/m, '')));
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `book_detail` is now a `RetrieveUpdateDestroyAPIView` in views.py']);
    const text = files.get('/ws/api/views.py')!;
    assert.ok(text.startsWith('from django.http import Http404\nfrom rest_framework import generics, status\n'), text.slice(0, 200));
  });

  it("is not joined with its list into a viewset, whose handle_exception would empty the list's 404s too", async () => {
    const list = LIST.replace('Book.objects.order_by("title")', 'Book.objects.all()');
    const pairs = async (views: string) => (await crudFindings(workspace(views))).filter((f) => /together they are one viewset/.test(f.message)).length;
    assert.equal(await pairs(`${list}\n\n${DETAIL}`), 1, 'the pair with a detail raising Http404');
    assert.equal(await pairs(`${list}\n\n${detail}`), 0);
  });

  it("refuses when the class has its own handle_exception, or the module's Http404 is not Django's", async () => {
    const own = `
      class BookDetail(APIView):
          def get(self, request, book_id):
              ${EMPTY_404.replace(/\n {6}/g, '\n              ')}
              return Response(BookSerializer(book).data)

          def handle_exception(self, exc):
              return super().handle_exception(exc)
    `;
    const classUrls = detailUrls.replace('views.book_detail', 'views.BookDetail.as_view()');
    assert.deepEqual((await convertedViews(own, classUrls)).outcomes, ['refused: a missing object is answered with an empty 404, which a `handle_exception` override would keep, and the class defines its own']);
    const otherHttp404 = `from rest_framework.exceptions import NotFound as Http404\n\n${dedent(detail)}`;
    assert.deepEqual((await convertedViews(otherHttp404, detailUrls)).outcomes, ["refused: the module binds `Http404` to something else than Django's, which the override keeping the empty 404 needs"]);
  });
});
