import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { crudModuleFacts, type CrudModuleFacts } from '../../../server/src/core/django/crud/crudHandlers';
import { isCrudModuleFacts } from '../../../server/src/analysis/cache/storedCrudFacts';
import { convertAll } from '../../helpers/django/crudViews';
import { dedent } from '../../helpers/workspace/workspaceFixture';

async function factsOf(source: string): Promise<CrudModuleFacts> {
  const parser = await loadPythonParser();
  const tree = parser.parse(dedent(source));
  try {
    return crudModuleFacts('views.py', tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** DRF tutorial part 3's detail view, with its `get_object` helper. */
const SNIPPET_DETAIL = `
  class SnippetDetail(APIView):
      """Retrieve, update or delete a snippet instance."""

      def get_object(self, pk):
          try:
              return Snippet.objects.get(pk=pk)
          except Snippet.DoesNotExist:
              raise Http404

      def get(self, request, pk, format=None):
          snippet = self.get_object(pk)
          serializer = SnippetSerializer(snippet)
          return Response(serializer.data)

      def put(self, request, pk, format=None):
          snippet = self.get_object(pk)
          serializer = SnippetSerializer(snippet, data=request.data)
          if serializer.is_valid():
              serializer.save(previous_title=snippet.title)
              return Response(serializer.data)
          return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)

      def delete(self, request, pk, format=None):
          snippet = self.get_object(pk)
          snippet.delete()
          return Response(status=status.HTTP_204_NO_CONTENT)
`;

describe('the CRUD handlers of a module', () => {
  it('are plain data: each method\'s operation, the lookup helper, the code to move rewritten for its new method', async () => {
    const facts = await factsOf(SNIPPET_DETAIL);
    assert.deepEqual(structuredClone(facts), facts, 'no tree nodes nor functions: it crosses the worker boundary');
    assert.ok(isCrudModuleFacts(JSON.parse(JSON.stringify(facts))), 'the analysis cache takes it back');
    assert.equal(isCrudModuleFacts({ candidates: [{ ...facts.candidates[0], handlers: [{ method: 'GET', range: facts.candidates[0].range, shape: { kind: 'list' } }] }] }), false);
    const [candidate] = facts.candidates;
    assert.deepEqual([candidate.kind, candidate.name, candidate.otherMethods, candidate.lookupHelper?.start.line], ['class', 'SnippetDetail', [], 3]);
    assert.deepEqual(candidate.handlers.map((h) => [h.method, h.shape.kind]), [['GET', 'retrieve'], ['PUT', 'update'], ['DELETE', 'destroy']]);
    const update = candidate.handlers[1].shape;
    assert.ok(update.kind === 'update');
    assert.deepEqual([update.lookup.field, update.lookup.urlKwarg, update.lookup.source.text, update.lookup.missing, update.partial], ['pk', 'pk', 'Snippet.objects', 'http404', false]);
    assert.equal(update.perform?.text, 'serializer.save(previous_title=serializer.instance.title)');
  });

  it('splits a function view at its method chain, the else branch serving the methods left', async () => {
    const facts = await factsOf(`
      @api_view(["GET", "DELETE"])
      def snippet_detail(request, pk):
          snippet = get_object_or_404(Snippet, pk=pk)
          if request.method == "GET":
              return Response(SnippetSerializer(snippet).data)
          else:
              snippet.delete()
              return Response(status=204)

      def helper(request):
          return Response({"ok": True})
    `);
    assert.deepEqual(facts.candidates.map((c) => [c.name, c.handlers.map((h) => `${h.method} ${h.shape.kind}`)]), [['snippet_detail', ['GET retrieve', 'ELSE destroy']]]);
  });

  it('says what does not fit', async () => {
    const facts = await factsOf(`
      class Stats(APIView):
          def get(self, request):
              serializer = StatSerializer(Stat.objects.all(), many=True)
              return Response(serializer.data)

          def post(self, request):
              serializer = StatSerializer(data=request.data)
              if serializer.is_valid():
                  serializer.save()
                  return Response(serializer.data, status=201)
              return Response({"error": "bad"}, status=400)
    `);
    assert.deepEqual(facts.candidates[0].handlers.map((h) => (h.shape.kind === 'other' ? h.shape.reason : h.shape.kind)), ['list', 'invalid data is not answered as `Response(serializer.errors, status=400)`']);
  });
});

describe('Convert to generic view on the DRF tutorial', () => {
  const files = (views: string) =>
    new Map(
      Object.entries({
        'tut/settings.py': 'INSTALLED_APPS = ["rest_framework", "snippets"]\nROOT_URLCONF = "tut.urls"\n',
        'tut/urls.py': 'from django.urls import include, path\n\nurlpatterns = [path("", include("snippets.urls"))]\n',
        'snippets/models.py': 'from django.db import models\n\n\nclass Snippet(models.Model):\n    title = models.CharField(max_length=100)\n    previous_title = models.CharField(max_length=100)\n',
        'snippets/serializers.py': 'from rest_framework import serializers\nfrom .models import Snippet\n\n\nclass SnippetSerializer(serializers.ModelSerializer):\n    class Meta:\n        model = Snippet\n        fields = ["id", "title"]\n',
        'snippets/urls.py': 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("snippets/<int:pk>/", views.SnippetDetail.as_view())]\n',
        'snippets/views.py': `from django.http import Http404\nfrom rest_framework import status\nfrom rest_framework.response import Response\nfrom rest_framework.views import APIView\nfrom .models import Snippet\nfrom .serializers import SnippetSerializer\n\n\n${dedent(views)}`,
        'tut/__init__.py': '',
        'snippets/__init__.py': '',
      }).map(([file, text]) => [`/ws/${file}`, text]),
    );

  it('replaces the handlers and the get_object helper by the generic view\'s attributes', async () => {
    const { files: after, conversions } = await convertAll(files(SNIPPET_DETAIL));
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `SnippetDetail` is now a `RetrieveUpdateDestroyAPIView` in views.py']);
    assert.equal(after.get('/ws/snippets/views.py'), dedent(`
      from rest_framework import generics
      from .models import Snippet
      from .serializers import SnippetSerializer


      class SnippetDetail(generics.RetrieveUpdateDestroyAPIView):
          """Retrieve, update or delete a snippet instance."""

          serializer_class = SnippetSerializer
          queryset = Snippet.objects.all()
          http_method_names = ["get", "put", "delete", "head", "options"]

          def perform_update(self, serializer):
              serializer.save(previous_title=serializer.instance.title)
    `).trimStart());
  });

  it('refuses a class whose unused perform_update the generic view would start calling', async () => {
    const views = SNIPPET_DETAIL.replace('    def get_object', '    def perform_update(self, serializer):\n          serializer.save(owner=self.request.user)\n\n      def get_object');
    const { conversions } = await convertAll(files(views));
    assert.deepEqual(conversions.map((c) => c.outcome), ['refused: the class defines `perform_update`, which the generic view would call']);
  });
});
