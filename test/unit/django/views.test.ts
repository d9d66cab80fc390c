import { strict as assert } from 'node:assert';
import type { DjangoView } from '../../../server/src/core/django/views';
import { isUnknown } from '../../../server/src/core/django/values';
import { projectOf } from '../../helpers/django/djangoModel';

const API = {
  'proj/settings.py': `
    INSTALLED_APPS = ["api"]
    REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}
  `,
  'api/models.py': `
    from django.db import models

    class Book(models.Model):
        title = models.CharField(max_length=100)

    class Shelf(models.Model):
        books = models.ManyToManyField(Book)
  `,
  'api/serializers.py': `
    from rest_framework import serializers
    from .models import Book, Shelf

    class BookSerializer(serializers.ModelSerializer):
        label = serializers.SerializerMethodField()
        class Meta:
            model = Book
            fields = "__all__"
            read_only_fields = ["title"]

    class DetailedBookSerializer(BookSerializer):
        extra = serializers.CharField(source="title.upper", read_only=True)

    class ShelfSerializer(serializers.HyperlinkedModelSerializer):
        books = BookSerializer(many=True, read_only=True)
        class Meta:
            model = Shelf
            exclude = ["id"]
            depth = 1

    class LoginSerializer(serializers.Serializer):
        username = serializers.CharField()
  `,
  'api/views.py': `
    from django.contrib.auth.decorators import login_required, permission_required
    from django.contrib.auth.mixins import LoginRequiredMixin
    from django.views.generic import ListView, TemplateView
    from rest_framework import generics, mixins, permissions, viewsets
    from rest_framework.decorators import action, api_view, permission_classes
    from .models import Book
    from .serializers import BookSerializer, ShelfSerializer

    class BaseAPI(generics.GenericAPIView):
        permission_classes = [permissions.IsAdminUser]
        pagination_class = None

    class BookList(BaseAPI, generics.ListCreateAPIView):
        queryset = Book.objects.filter(title__isnull=False).order_by("title")
        serializer_class = BookSerializer
        lookup_field = "title"

    class BookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
        serializer_class = BookSerializer
        def get_queryset(self):
            return Book.objects.all()
        @action(detail=False, methods=["post"], url_path="bulk-import")
        def bulk(self, request):
            pass

    class ShelfViewSet(viewsets.ModelViewSet):
        serializer_class = ShelfSerializer
        def destroy(self, request, pk=None):
            pass

    class Odd(SomeThirdPartyViewSet):
        pass

    class BookPage(ListView):
        model = Book
        def get(self, request):
            pass

    class Secret(LoginRequiredMixin, TemplateView):
        template_name = "secret.html"

    class SecretMixin(LoginRequiredMixin):
        pass

    @api_view(["GET", "post"])
    @permission_classes([permissions.AllowAny])
    def ping(request):
        pass

    @login_required
    def dashboard(request):
        pass

    @permission_required(("api.view_book", "api.change_book"), "/in/", raise_exception=True)
    def shelves(request):
        pass

    @permission_required(PERM, raise_exception=STRICT)
    def stock(request):
        pass

    def helper(request):
        pass
  `,
};

function view(views: readonly DjangoView[], name: string): DjangoView {
  const found = views.find((candidate) => candidate.name === name);
  assert.ok(found, `no view ${name} among ${views.map((v) => v.name).join(', ')}`);
  return found;
}

describe('Django project model: serializers and views', () => {
  it('reads serializers: base, Meta model and fields, declared and nested fields', async () => {
    const { serializers } = await projectOf(API);
    const byName = new Map(serializers.map((s) => [s.name, s]));
    assert.deepEqual([...byName.keys()], ['BookSerializer', 'DetailedBookSerializer', 'ShelfSerializer', 'LoginSerializer']);
    const book = byName.get('BookSerializer')!;
    assert.equal(book.base, 'ModelSerializer');
    assert.equal(book.model, 'api.Book');
    assert.equal(book.fields, '__all__');
    assert.deepEqual(book.readOnlyFields, ['title']);
    assert.deepEqual(book.declaredFields.map((f) => [f.name, f.fieldClass, f.readOnly]), [['label', 'SerializerMethodField', true]]);
    const detailed = byName.get('DetailedBookSerializer')!;
    assert.equal(detailed.model, 'api.Book', 'Meta found on the base, as Python finds it');
    assert.deepEqual(detailed.declaredFields.map((f) => [f.name, f.inheritedFrom ?? '', f.source ?? '']), [
      ['label', 'api.serializers.BookSerializer', ''],
      ['extra', '', 'title.upper'],
    ], "the base's fields first, as DRF orders them");
    const shelf = byName.get('ShelfSerializer')!;
    assert.equal(shelf.base, 'HyperlinkedModelSerializer');
    assert.deepEqual([shelf.exclude, shelf.depth, shelf.fields], [['id'], 1, undefined]);
    assert.deepEqual(shelf.declaredFields.map((f) => [f.name, f.serializer, f.many]), [['books', 'api.serializers.BookSerializer', true]]);
    assert.equal(byName.get('LoginSerializer')!.base, 'Serializer');
    assert.equal(byName.get('LoginSerializer')!.model, undefined);
  });

  it('reads class views: bases, attributes along the MRO, policies and their origin', async () => {
    const { views } = await projectOf(API);
    const list = view(views, 'BookList');
    assert.equal(list.framework, 'drf');
    assert.equal(list.viewset, false);
    assert.ok(list.frameworkBases.includes('rest_framework.generics.ListCreateAPIView'));
    assert.equal(list.model, 'api.Book');
    assert.equal(list.modelFrom, 'queryset');
    assert.match(list.queryset ?? '', /^Book\.objects\.filter\(/);
    assert.equal(list.serializer, 'api.serializers.BookSerializer');
    assert.deepEqual(list.permissionClasses, { value: ['rest_framework.permissions.IsAdminUser'], from: 'view' }, 'inherited from BaseAPI');
    assert.deepEqual(list.paginationClass, { value: null, from: 'view' });
    assert.deepEqual(list.authenticationClasses, {
      value: ['rest_framework.authentication.SessionAuthentication', 'rest_framework.authentication.BasicAuthentication'],
      from: 'default',
    });
    assert.deepEqual(list.filterBackends, { value: [], from: 'default' });
    assert.equal(list.lookupField, 'title');

    const books = view(views, 'BookViewSet');
    assert.equal(books.viewset, true);
    assert.deepEqual(books.viewsetActions, ['list', 'retrieve'], 'from the mixins');
    assert.equal(books.model, 'api.Book');
    assert.equal(books.modelFrom, 'serializer', 'get_queryset is code: the model comes from the serializer');
    assert.deepEqual(books.permissionClasses, { value: ['rest_framework.permissions.IsAuthenticated'], from: 'settings' });
    assert.deepEqual(books.handlers, ['get_queryset']);
    assert.deepEqual(books.actions, [{ name: 'bulk', detail: false, methods: ['post'], urlPath: 'bulk-import', urlName: 'bulk' }]);

    assert.deepEqual(view(views, 'ShelfViewSet').viewsetActions, ['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy']);
    assert.ok(isUnknown(view(views, 'Odd').viewsetActions), 'a base from elsewhere may add actions');

    const page = view(views, 'BookPage');
    assert.equal(page.framework, 'django');
    assert.equal(page.model, 'api.Book');
    assert.equal(page.modelFrom, 'model');
    assert.equal(page.permissionClasses, undefined, 'DRF policies are for DRF views');
    assert.deepEqual(page.handlers, ['get']);
    assert.equal(view(views, 'Secret').loginRequired, true);
    assert.ok(!views.some((v) => v.name === 'SecretMixin'), 'a mixin alone is no view');
  });

  it('takes decorated functions as views, with their methods and policies', async () => {
    const { views } = await projectOf(API);
    const ping = view(views, 'ping');
    assert.equal(ping.kind, 'function');
    assert.equal(ping.framework, 'drf');
    assert.deepEqual(ping.httpMethods, ['GET', 'POST']);
    assert.deepEqual(ping.permissionClasses, { value: ['rest_framework.permissions.AllowAny'], from: 'view' });
    assert.deepEqual(ping.authenticationClasses?.from, 'default');
    const dashboard = view(views, 'dashboard');
    assert.equal(dashboard.loginRequired, true);
    assert.equal(dashboard.framework, 'django');
    assert.equal(dashboard.permissionRequired, undefined);
    assert.deepEqual(view(views, 'shelves').permissionRequired, { permissions: ['api.view_book', 'api.change_book'], loginUrl: '/in/', raiseException: true });
    const stock = view(views, 'stock').permissionRequired!;
    assert.ok(isUnknown(stock.permissions) && stock.loginUrl === null && isUnknown(stock.raiseException), 'names are not literals');
    assert.ok(!views.some((v) => v.name === 'helper'), 'a function no URL routes and no decorator marks is no view');
  });
});
