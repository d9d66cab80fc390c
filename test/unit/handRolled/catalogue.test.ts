import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../server/src/core/config/settings';
import { HAND_ROLLED_ENTRIES, entryPage, type HandRolledEntry } from '../../../server/src/core/handRolled/catalogue';
import type { Finding } from '../../../server/src/core/model/finding';
import { detectHandRolled } from '../../../server/src/detectors/handRolled';
import { findingToDiagnostic } from '../../../server/src/lsp/diagnostics';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { detectIn } from './projectSources';

/** For each entry, a project holding the pattern and one holding its look-alike that is not. */
const CASES: Record<HandRolledEntry, { positive: string; negative: string; says: RegExp }> = {
  'retry-loop': {
    positive: `
      #- billing/gateway.py
      import time
      import requests

      def charge(payload):
          for attempt in range(3):
              try:
                  return requests.post("https://pay.example", json=payload, timeout=5)
              except requests.ConnectionError:
                  if attempt == 2:
                      raise
                  time.sleep(2)
    `,
    negative: `
      #- billing/gateway.py
      import time

      def poll(job):
          # Polling is no retry: nothing is caught.
          while not job.done():
              time.sleep(1)

      def work(queue):
          # A worker loop is no retry either: it never leaves on success.
          while True:
              try:
                  queue.process_next()
              except Exception:
                  time.sleep(5)
    `,
    says: /3 attempts, 2 s apart, on requests\.ConnectionError\): use tenacity `@retry`/,
  },
  'query-filtering': {
    positive: `
      #- api/views.py
      from rest_framework.views import APIView
      from rest_framework.response import Response
      from .models import Book

      class BookList(APIView):
          def get(self, request):
              books = Book.objects.all()
              author = request.query_params.get("author")
              if author:
                  books = books.filter(author__name=author)
              return Response([b.title for b in books.filter(year=request.query_params.get("year"))])
    `,
    negative: `
      #- api/views.py
      from rest_framework.views import APIView
      from rest_framework.response import Response
      from .models import Book

      class BookList(APIView):
          def get(self, request, shelf):
              return Response([b.title for b in Book.objects.filter(shelf=shelf, owner=request.user)])
    `,
    says: /`get` filters by `author`, `year`\): use a django-filter `FilterSet`/,
  },
  'slice-pagination': {
    positive: `
      #- shop/views.py
      from django.http import JsonResponse
      from .models import Product

      def products(request):
          page = int(request.GET.get("page", 1))
          size = 20
          start = (page - 1) * size
          items = Product.objects.order_by("id")[start:start + size]
          return JsonResponse({"items": [p.name for p in items]})
    `,
    negative: `
      #- shop/views.py
      from django.http import JsonResponse
      from .models import Product

      def latest(request):
          return JsonResponse({"items": [p.name for p in Product.objects.order_by("-id")[:5]]})
    `,
    says: /a slice bounded by the query parameter `page`\): use Django's `Paginator` or DRF pagination/,
  },
  'json-body-validation': {
    positive: `
      #- shop/views.py
      import json
      from django.http import JsonResponse

      def create_review(request):
          data = json.loads(request.body)
          if "rating" not in data or not data.get("text"):
              return JsonResponse({"error": "rating and text are required"}, status=400)
          return JsonResponse({"ok": True}, status=201)
    `,
    negative: `
      #- shop/views.py
      import json
      from django.http import JsonResponse

      def echo(request):
          return JsonResponse(json.loads(request.body))
    `,
    says: /`create_review` checks `rating`, `text` by hand\): use a DRF serializer \(or a Django form\)/,
  },
  'requests-timeout': {
    positive: `
      #- shop/shipping.py
      import requests

      def rates(parcel):
          return requests.get("https://ship.example/rates", params=parcel).json()
    `,
    negative: `
      #- shop/shipping.py
      import requests

      def rates(parcel, **options):
          requests.get("https://ship.example/rates", params=parcel, **options)
          return requests.get("https://ship.example/rates", params=parcel, timeout=(3, 10)).json()
    `,
    says: /`requests\.get\(…\)`\): use an explicit `timeout=`/,
  },
  timestamps: {
    positive: `
      #- proj/settings.py
      INSTALLED_APPS = ["blog"]
      #- blog/models.py
      from django.db import models

      class Post(models.Model):
          title = models.CharField(max_length=100)
          created_at = models.DateTimeField(auto_now_add=True)
          updated_at = models.DateTimeField(auto_now=True)
    `,
    negative: `
      #- proj/settings.py
      INSTALLED_APPS = ["blog"]
      #- blog/models.py
      from django.db import models

      class Post(models.Model):
          published = models.DateTimeField(auto_now_add=True)

      class Draft:
          created = models.DateTimeField(auto_now_add=True)
          modified = models.DateTimeField(auto_now=True)
    `,
    says: /`Post\.created_at` and `updated_at`\): use django-model-utils `TimeStampedModel`/,
  },
  'environ-settings': {
    positive: `
      #- proj/settings.py
      import os
      INSTALLED_APPS = []
      DEBUG = os.environ.get("DEBUG", "False").lower() == "true"
      ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")
      SECRET_KEY = os.environ["SECRET_KEY"]
    `,
    negative: `
      #- proj/settings.py
      import os
      INSTALLED_APPS = []
      SECRET_KEY = os.environ["SECRET_KEY"]
      #- proj/tools.py
      import os
      PORT = int(os.environ.get("PORT", "8000"))
    `,
    says: /`DEBUG` as a boolean, `ALLOWED_HOSTS` as a list\): use django-environ/,
  },
  'cors-headers': {
    positive: `
      #- api/middleware.py
      class AllowAll:
          def __init__(self, get_response):
              self.get_response = get_response

          def __call__(self, request):
              response = self.get_response(request)
              response["Access-Control-Allow-Origin"] = "*"
              response["Access-Control-Allow-Headers"] = "Content-Type"
              return response
    `,
    negative: `
      #- api/tests.py
      from django.test import TestCase

      class CorsTest(TestCase):
          def test_header(self):
              response = self.client.get("/")
              self.assertEqual(response["Access-Control-Allow-Origin"], "*")
    `,
    says: /`Access-Control-Allow-Origin`, `Access-Control-Allow-Headers`\): use django-cors-headers/,
  },
};

const findingsOf = (fixture: string, settings = DEFAULT_SETTINGS): Promise<Finding[]> => detectIn(detectHandRolled, fixture, settings);

describe('hand-rolled: the catalogue', () => {
  for (const entry of HAND_ROLLED_ENTRIES) {
    it(`${entry}: the pattern is reported, with its page and the library`, async () => {
      const findings = await findingsOf(CASES[entry].positive);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assert.equal(findings[0].page, `hand-rolled-${entry}`);
      assert.equal(findings[0].stage, 'hard');
      assert.match(findings[0].message, CASES[entry].says);
      assert.match(findings[0].message, /is not a dependency yet \(no dependency file found\)/);
    });
    it(`${entry}: its look-alike is not`, async () => {
      assert.deepEqual((await findingsOf(CASES[entry].negative)).map((f) => f.message), []);
    });
  }

  it('says when the library is a dependency already, and which file declares it', async () => {
    const [finding] = await findingsOf(`${dedent(CASES['cors-headers'].positive)}\n#- requirements/base.txt\nDjango>=4\ndjango_cors_headers==4.0 # pinned\n#- requirements.txt\n-r requirements/base.txt\n`);
    assert.match(finding.message, /django-cors-headers is a dependency already \(requirements\.txt, requirements\/base\.txt\)\.$/);
  });

  it('a convertible retry loop says the action converts it; one that is not says why', async () => {
    const [convertible] = await findingsOf(`${dedent(CASES['retry-loop'].positive)}\n#- requirements.txt\ntenacity\n`);
    assert.match(convertible.message, /tenacity is a dependency already \(requirements\.txt\); the code action converts it\.$/);
    const [other] = await findingsOf(`
      #- jobs.py
      import time

      def send(message, attempts=5):
          for attempt in range(attempts):
              try:
                  return message.send()
              except OSError as error:
                  print(error)
                  time.sleep(attempt * 2)
    `);
    assert.match(other.message, /\(one attempt per item of `range\(attempts\)`, sleeping between attempts, on OSError\)/);
    assert.match(other.message, /not converted automatically: the loop is not `for attempt in range\(n\)` with a literal n\.$/);
  });

  it('an ignored entry and a disabled rule report nothing; timestamps are a hint whatever the severity', async () => {
    const ignoring = settingsSchema.parse({ handRolled: { ignore: ['requests-timeout'] } });
    assert.deepEqual(await findingsOf(CASES['requests-timeout'].positive, ignoring), []);
    assert.deepEqual(await findingsOf(CASES['cors-headers'].positive, settingsSchema.parse({ handRolled: { enabled: false } })), []);
    const [hint] = await findingsOf(CASES.timestamps.positive, settingsSchema.parse({ handRolled: { severity: 'error' } }));
    assert.equal(hint.severity, 'hint');
    const [error] = await findingsOf(CASES['cors-headers'].positive, settingsSchema.parse({ handRolled: { severity: 'error' } }));
    assert.equal(error.severity, 'error');
  });

  it("links each finding to its entry's page, and every entry has one listed on the rule's index", async () => {
    const rules = path.join(__dirname, '../../../../docs/rules');
    const index = fs.readFileSync(path.join(rules, 'hand-rolled.md'), 'utf8');
    for (const entry of HAND_ROLLED_ENTRIES) {
      assert.ok(fs.existsSync(path.join(rules, `${entryPage(entry)}.md`)), `docs/rules/${entryPage(entry)}.md`);
      assert.ok(index.includes(`(${entryPage(entry)}.md)`), `hand-rolled.md links ${entry}`);
    }
    const [finding] = await findingsOf(CASES['retry-loop'].positive);
    assert.match(findingToDiagnostic(finding).codeDescription?.href ?? '', /\/docs\/rules\/hand-rolled-retry-loop\.md$/);
  });
});
