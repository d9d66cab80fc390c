import { strict as assert } from 'node:assert';
import { groupFeatures } from '../../../server/src/core/features/featureGrouping';
import { outline } from '../../helpers/python/python';

describe('names a Django developer recognises (real misnamings, reduced)', () => {
  const named = async (source: string) => Object.fromEntries(groupFeatures(await outline(source)).map((g) => [g.name, { symbols: g.symbols, evidence: g.evidence }]));

  it('never names a group of other code after a helper taking `request`, nor after an HTTP method (simple-history’s models.py was split into get_models.py)', async () => {
    const groups = await named(`
      def _default_get_user(request, **kwargs):
          return request.user


      class HistoricalRecords:
          def contribute(self, cls):
              self.cls = cls
              self.fields = []
              self.manager = None
              self.user = _default_get_user
              self.name = cls.__name__
              return self


      class HistoricalChanges:
          def diff(self, old):
              changes = []
              for field in self.fields:
                  if getattr(self, field) != getattr(old, field):
                      changes.append(field)
              return changes


      class HistoricForeignKey:
          pass


      def to_historic(instance):
          return HistoricForeignKey(instance)
    `);
    assert.equal(Object.keys(groups).includes('get'), false, JSON.stringify(groups));
    assert.equal(Object.values(groups).some((g) => g.evidence === 'view-name' && g.symbols.includes('HistoricalRecords')), false, JSON.stringify(groups));
  });

  it('names views after the model they use and a view class after itself, not after a helper or a neighbour', async () => {
    const groups = await named(`
      from django.contrib.auth import authenticate, login as auth_login, logout as auth_logout
      from django.http import JsonResponse
      from django.shortcuts import redirect, render
      from django.views import View

      from .forms import LoginForm
      from .models import Check


      class BadRequest(Exception):
          pass


      def bad_request(message):
          return JsonResponse({"error": message}, status=400)


      def _logout_other_sessions(user):
          for session in user.session_set.exclude(key=user.current_session):
              session.delete()


      def _redirect_after_logout(request):
          request.session.flush()
          return redirect("index")


      class LoginView(View):
          def get(self, request):
              return render(request, "accounts/login.html", {"form": LoginForm()})

          def post(self, request):
              form = LoginForm(request.POST)
              if not form.is_valid():
                  return render(request, "accounts/login.html", {"form": form})
              user = authenticate(request, **form.cleaned_data)
              if user is None:
                  raise BadRequest("wrong password")
              auth_login(request, user)
              _logout_other_sessions(user)
              return redirect("checks")


      class LogoutView(View):
          def post(self, request):
              auth_logout(request)
              return _redirect_after_logout(request)


      def get_checks(request):
          if "tag" in request.GET and not request.GET["tag"]:
              return bad_request("empty tag")
          checks = Check.objects.filter(project=request.project)
          return JsonResponse({"checks": [check.to_dict() for check in checks]})


      def create_check(request):
          try:
              check = Check.objects.create(project=request.project, name=request.json["name"])
          except KeyError:
              return bad_request("missing name")
          return JsonResponse(check.to_dict(), status=201)
    `);
    assert.deepEqual(groups.check, { symbols: ['get_checks', 'create_check'], evidence: 'model' }, 'was bad_controllers.py');
    assert.deepEqual(groups.login, { symbols: ['LoginView'], evidence: 'view-name' }, 'was logout_controllers.py');
    assert.deepEqual(groups.logout.symbols, ['_logout_other_sessions', '_redirect_after_logout', 'LogoutView']);
    assert.equal(groups.bad.evidence, 'words', 'helpers named by their words only: the user should rename them');
  });

  it('names DRF views after the model of their queryset, not after the throttle they share', async () => {
    const groups = await named(`
      from rest_framework import generics
      from rest_framework.throttling import UserRateThrottle

      from .models import Check
      from .serializers import CheckSerializer


      class ConservativeRateThrottle(UserRateThrottle):
          rate = "10/minute"


      class CheckList(generics.ListAPIView):
          serializer_class = CheckSerializer
          throttle_classes = [ConservativeRateThrottle]

          def get_queryset(self):
              return Check.objects.filter(project__owner=self.request.user).order_by("name")


      class CheckDetail(generics.RetrieveAPIView):
          serializer_class = CheckSerializer
          throttle_classes = [ConservativeRateThrottle]

          def get_queryset(self):
              return Check.objects.filter(project__owner=self.request.user)
    `);
    assert.deepEqual(groups, { check: { symbols: ['ConservativeRateThrottle', 'CheckList', 'CheckDetail'], evidence: 'model' } }, 'was conservative_controllers.py');
  });

  it('names a models module’s groups after their models, a verb-named model too, never after a helper', async () => {
    const groups = await named(`
      from datetime import timedelta

      from django.db import models
      from django.utils import timezone

      STATUSES = (("up", "Up"), ("down", "Down"), ("new", "New"))
      DEFAULT_TIMEOUT = timedelta(days=1)


      def flip_status(status):
          return "down" if status == "up" else "up"


      class Project(models.Model):
          name = models.CharField(max_length=100)


      class Check(models.Model):
          project = models.ForeignKey(Project, on_delete=models.CASCADE)
          name = models.CharField(max_length=100)
          status = models.CharField(max_length=6, choices=STATUSES, default="new")
          timeout = models.DurationField(default=DEFAULT_TIMEOUT)
          last_ping = models.DateTimeField(null=True)

          def going_down_after(self):
              return self.last_ping + self.timeout

          def get_status(self):
              if self.last_ping and timezone.now() > self.going_down_after():
                  return "down"
              return self.status

          def toggle(self):
              self.status = flip_status(self.status)
              self.save()


      class Ping(models.Model):
          owner = models.ForeignKey(Check, on_delete=models.CASCADE)
          created = models.DateTimeField(default=timezone.now)


      class Flip(models.Model):
          owner = models.ForeignKey(Check, on_delete=models.CASCADE)
          old_status = models.CharField(max_length=6, choices=STATUSES)
          new_status = models.CharField(max_length=6, choices=STATUSES)

          def reverse(self):
              return flip_status(self.new_status)
    `);
    const home = Object.entries(groups).find(([, group]) => group.symbols.includes('Check'));
    assert.deepEqual(home?.[0], 'check', 'the central Check model was in flip_models.py');
    assert.equal(home?.[1].evidence, 'model');
    for (const [name, group] of Object.entries(groups)) {
      if (name !== '_common') assert.equal(group.evidence, 'model', `${name} is named after a model`);
    }
  });

  it('names a Markdown extension after Markdown, and a models module holding one after its model', async () => {
    const extension = `
      import markdown
      from markdown.extensions import Extension


      class EscapeHtml(Extension):
          def extendMarkdown(self, md):
              md.preprocessors.deregister("html_block")
              md.inlinePatterns.deregister("html")


      def render_markdown(text):
          return markdown.markdown(text, extensions=[EscapeHtml()])
    `;
    assert.deepEqual(await named(extension), { markdown: { symbols: ['EscapeHtml', 'render_markdown'], evidence: 'words' } });
    const groups = await named(`
      ${extension.trim()}


      from django.db import models


      class Post(models.Model):
          title = models.CharField(max_length=200)
          body = models.TextField()

          def body_html(self):
              return render_markdown(self.body)


      class Comment(models.Model):
          post = models.ForeignKey(Post, on_delete=models.CASCADE)
          text = models.TextField()

          def text_html(self):
              return render_markdown(self.text)
    `);
    assert.equal(groups.escape, undefined, 'was escape_models.py');
    assert.deepEqual(groups.post, { symbols: ['EscapeHtml', 'render_markdown', 'Post', 'Comment'], evidence: 'model' });
  });

  it('names the group holding the base class other groups extend `base`, not after a few of its subclasses (django-filter’s Filter went to date_filters.py)', async () => {
    const groups = await named(`
      from django import forms


      class Filter:
          field_class = forms.Field

          def __init__(self, field_name=None, lookup_expr="exact"):
              self.field_name = field_name
              self.lookup_expr = lookup_expr

          def filter(self, qs, value):
              return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": value})


      class CharFilter(Filter):
          field_class = forms.CharField


      class DateFilter(Filter):
          field_class = forms.DateField


      class DateTimeFilter(Filter):
          field_class = forms.DateTimeField


      class DateRangeFilter(Filter):
          def filter(self, qs, value):
              return qs.filter(**{f"{self.field_name}__range": value})


      class OrderingFilter(Filter):
          def get_ordering_value(self, param):
              descending = param.startswith("-")
              param = param[1:] if descending else param
              return f"-{param}" if descending else param

          def filter(self, qs, value):
              return qs.order_by(*[self.get_ordering_value(param) for param in value])


      class OrderingWidget(forms.Select):
          def ordering_choices(self):
              return [("-created", "newest"), ("created", "oldest")]


      class TimeFilter(Filter):
          field_class = forms.TimeField

          def time_range(self, start, end):
              return (start, end)


      class TimeRangeFilter(TimeFilter):
          def filter(self, qs, value):
              return qs.filter(**{f"{self.field_name}__range": self.time_range(*value)})
    `);
    const base = Object.entries(groups).find(([, group]) => group.symbols.includes('Filter'));
    assert.equal(base?.[0], 'base', JSON.stringify(groups));
  });

  it('names subclasses of an intermediate base of the module after what that base adds (healthchecks’ HTTP transports went to ops_transports.py, after OpsGenie and VictorOps)', async () => {
    const groups = await named(`
      class Transport:
          def __init__(self, channel):
              self.channel = channel

          def notify(self, check):
              raise NotImplementedError()


      class Email(Transport):
          def notify(self, check):
              headers = {"X-Status-Url": check.status_url}
              send_email(self.channel.email_value, check, headers)
              return None


      class HttpTransport(Transport):
          def post(self, url, **kwargs):
              response = requests.post(url, timeout=10, **kwargs)
              if response.status_code not in (200, 201, 202, 204):
                  return "Received status code %d" % response.status_code
              return None

      class OpsGenie(HttpTransport):
          def notify(self, check):
              payload = {"text": "opsgenie", "check": check.code}
              return self.post(self.channel.value, json=payload)

      class VictorOps(HttpTransport):
          def notify(self, check):
              payload = {"text": "victorops", "check": check.code}
              return self.post(self.channel.value, json=payload)

      class Sms(HttpTransport):
          def notify(self, check):
              payload = {"text": "sms", "check": check.code}
              return self.post(self.channel.value, json=payload)

      class WhatsApp(HttpTransport):
          def notify(self, check):
              payload = {"text": "whatsapp", "check": check.code}
              return self.post(self.channel.value, json=payload)

      class Slack(HttpTransport):
          def notify(self, check):
              payload = {"text": "slack", "check": check.code}
              return self.post(self.channel.value, json=payload)

      class Discord(HttpTransport):
          def notify(self, check):
              payload = {"text": "discord", "check": check.code}
              return self.post(self.channel.value, json=payload)
    `);
    const http = Object.entries(groups).find(([, group]) => group.symbols.includes('Sms'));
    assert.equal(http?.[0], 'http', JSON.stringify(groups));
  });
});
