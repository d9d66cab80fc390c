import { strict as assert } from 'node:assert';
import type { ResolvedUrl } from '../../../server/src/core/django/urls/urlTree';
import { isUnknown } from '../../../server/src/core/django/values';
import { projectOf } from '../../helpers/django/djangoModel';

const SITE = {
  'site/settings.py': 'INSTALLED_APPS = ["blog"]\nROOT_URLCONF = "site.urls"\n',
  'site/urls.py': `
    from django.conf import settings
    from django.conf.urls.static import static
    from django.urls import include, path, re_path
    from blog import urls as blog_urls

    extra = [path("health/", include([path("db/", db_health, name="db")]))]

    urlpatterns = [
        path("blog/", include(blog_urls, namespace="news")),
        re_path(r"^legacy/(?P<year>[0-9]{4})/", include("blog.legacy_urls")),
        path("accounts/", include("django.contrib.auth.urls")),
        path("", include((extra, "ops"), namespace="ops")),
    ] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
  `,
  'blog/models.py': 'from django.db import models\n\nclass Post(models.Model):\n    title = models.CharField(max_length=9)\n',
  'blog/views.py': `
    from rest_framework import viewsets
    from .models import Post

    def index(request):
        pass

    def detail(request, pk):
        pass

    def archive(request, year):
        pass

    class PostViewSet(viewsets.ReadOnlyModelViewSet):
        queryset = Post.objects.all()
        lookup_field = "slug"
        lookup_value_regex = "[-a-z]+"
  `,
  'blog/api.py': `
    from rest_framework import routers
    from .views import PostViewSet

    router = routers.SimpleRouter(trailing_slash=False)
    router.register(r"posts", PostViewSet)
  `,
  'blog/urls.py': `
    from django.urls import path
    from . import views
    from .api import router

    app_name = "blog"
    urlpatterns = [
        path("", views.index, name="index"),
    ]
    urlpatterns += [path("<int:pk>/", views.detail, name="detail")]
    urlpatterns.append(path("api/", include(router.urls)))
  `,
  'blog/legacy_urls.py': `
    from django.conf.urls import url
    urlpatterns = [url(r"^archive/$", "blog.views.archive", name="archive")]
  `,
};

function url(urls: readonly ResolvedUrl[], fullName: string): ResolvedUrl {
  const found = urls.find((candidate) => candidate.fullName === fullName);
  assert.ok(found, `no URL named ${fullName} among ${urls.map((u) => String(u.fullName)).join(', ')}`);
  return found;
}

describe('Django project model: URLs', () => {
  it('resolves include chains into full routes and namespaced names', async () => {
    const { urls, urlConfs, views } = await projectOf(SITE);
    assert.equal(urls.rootFrom, 'ROOT_URLCONF');
    assert.deepEqual(urls.roots, ['site/urls.py']);
    const index = url(urls.urls, 'news:index');
    assert.equal(index.route, 'blog/');
    assert.equal(index.view.kind === 'view' && index.view.ref.kind === 'workspace' && index.view.ref.qualifiedName, 'blog.views.index');
    assert.deepEqual(index.includedFrom, ['site/urls.py']);
    assert.equal(index.urlconf, 'blog/urls.py');
    assert.equal(url(urls.urls, 'news:detail').route, 'blog/<int:pk>/', 'a pattern added with +=');
    const archive = url(urls.urls, 'archive');
    assert.equal(archive.route, 'legacy/(?P<year>[0-9]{4})/archive/', 'regex parts joined without their anchors');
    assert.equal(archive.regex, true);
    assert.equal(archive.view.kind === 'view' && archive.view.ref.kind === 'workspace' && archive.view.ref.name, 'archive', 'a dotted view string');
    assert.equal(url(urls.urls, 'ops:db').route, 'health/db/', 'an inline include list with its app name');
    assert.deepEqual(urls.outside.map((o) => [o.route, o.target]), [['accounts/', 'django.contrib.auth.urls']]);
    assert.deepEqual(urls.unknown.map((u) => u.source), ['static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)']);
    assert.deepEqual(urlConfs.map((conf) => [conf.module, conf.appName ?? '']), [
      ['site.urls', ''],
      ['blog.api', ''],
      ['blog.urls', 'blog'],
      ['blog.legacy_urls', ''],
    ]);
    assert.deepEqual(
      views.filter((v) => v.kind === 'function').map((v) => v.name),
      ['index', 'detail', 'archive'],
      'routed functions are views, with no decorator',
    );
  });

  it('expands router registrations: basename from the queryset, lookup, trailing slash, imported router', async () => {
    const { urls, urlConfs } = await projectOf(SITE);
    const api = urlConfs.find((conf) => conf.module === 'blog.api')!;
    assert.deepEqual(api.routers.map((r) => [r.name, r.kind, r.trailingSlash, r.registrations.length]), [['router', 'SimpleRouter', '', 1]]);
    const list = url(urls.urls, 'news:post-list');
    assert.equal(list.route, 'blog/api/posts');
    assert.deepEqual(list.view.kind === 'viewset' && list.view.actions, { get: 'list' }, 'a read-only viewset has no create');
    const detail = url(urls.urls, 'news:post-detail');
    assert.equal(detail.route, 'blog/api/posts/(?P<slug>[-a-z]+)');
    assert.equal(detail.urlconf, 'blog/api.py');
    assert.ok(!urls.urls.some((u) => u.fullName === 'news:api-root'), 'a SimpleRouter has no API root');
  });

  it('keeps what it cannot read as unknown: a basename without queryset, a computed route', async () => {
    const { urls } = await projectOf({
      'app/views.py': 'from rest_framework import viewsets\n\nclass ThingViewSet(viewsets.ViewSet):\n    def list(self, request):\n        pass\n',
      'app/urls.py': `
        from django.urls import path
        from rest_framework.routers import DefaultRouter
        from .views import ThingViewSet
        PREFIX = "v" + "1/"
        router = DefaultRouter()
        router.register("things", ThingViewSet)
        urlpatterns = router.urls
        urlpatterns += [path(PREFIX, handler), path(make_route(), handler)]
      `,
    });
    assert.equal(urls.rootFrom, 'unincluded');
    const [list, root, prefixed, computed] = urls.urls;
    assert.equal(list.route, 'things/');
    assert.ok(isUnknown(list.name), 'DRF needs a basename when the viewset has no queryset');
    assert.deepEqual(list.view.kind === 'viewset' && list.view.actions, { get: 'list' }, 'a ViewSet routes only the actions it defines');
    assert.equal(urls.urls.filter((u) => u.route === 'things/(?P<pk>[^/.]+)/').length, 0, 'no detail route without a detail action');
    assert.deepEqual([root.route, root.name], ['', 'api-root']);
    assert.equal(prefixed.route, 'v1/', 'a constant route is read through');
    assert.ok(isUnknown(computed.route));
  });
});
