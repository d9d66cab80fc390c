import { strict as assert } from 'node:assert';
import { lexPython } from '../../../server/src/core/python/pythonLexer';
import { functionNameFor } from '../../../server/src/refactor/duplicates/extractedNames';
import { valueNameCandidates } from '../../../server/src/refactor/duplicates/valueNames';

/** The names proposed for the literal `literal` where it stands in `code`. */
function namesFor(code: string, literal: string, parametersOf?: (callee: string) => readonly string[] | undefined): string[] {
  const tokens = lexPython(code);
  const i = tokens.findIndex((t) => code.slice(t.start, t.end) === literal);
  return valueNameCandidates(code, tokens, i, parametersOf);
}

describe('names of a parameter for a literal that differs between copies', () => {
  it('says what the code says the value is, and key for a key of something unnamed (never `text` then)', () => {
    assert.deepEqual(namesFor('order.save(status="paid")', '"paid"'), ['status']);
    assert.deepEqual(namesFor('qty = line["qty"]', '"qty"'), ['line_key']);
    assert.deepEqual(namesFor('extra_data = response.json()["users"][0]', '"users"'), ['key']);
    assert.deepEqual(namesFor('params = {"app_id": self.consumer_key, "scope": scope}', '"app_id"'), ['key']);
    assert.deepEqual(namesFor('return prefix + "done"', '"done"'), ['text']);
  });

  it('names a value passed to a well-known call as that call names its parameter (allauth’s `build_ret(data, get)`, `compute_url(kwargs, other_reverse)`)', () => {
    assert.deepEqual(namesFor('if email and data.get("email_verified"):', '"email_verified"'), ['key']);
    assert.deepEqual(namesFor('url = reverse("openid_login")', '"openid_login"'), ['viewname']);
    assert.deepEqual(namesFor('return render(request, "shop/cart.html", ctx)', '"shop/cart.html"'), ['template_name']);
  });

  it('names a value passed to a function of the module by that function\'s parameter at its position', () => {
    const signatures = (callee: string) => ({ _not_support_combined_queries: ['operation_name'], notify: ['user', 'subject', 'body'] })[callee];
    assert.deepEqual(namesFor('self._not_support_combined_queries("defer")', '"defer"', signatures), ['operation_name']);
    assert.deepEqual(namesFor('notify(user, "Hi", body)', '"Hi"', signatures), ['subject']);
    assert.deepEqual(namesFor('notify(*users, "Hi")', '"Hi"', signatures), ['notify'], 'after a `*` the position is unknown');
  });

  it('names a template file after the dict key or keyword its call is under (healthchecks’ pager payload took `other_tmpl`, `second_tmpl`)', () => {
    assert.deepEqual(namesFor('payload = {"title": tmpl("pagertree_title.html", check=check), "n": 1}', '"pagertree_title.html"'), ['title_template']);
    assert.deepEqual(namesFor('send(subject=tmpl("subject.txt"))', '"subject.txt"'), ['subject_template']);
    assert.deepEqual(namesFor('text = tmpl("sms_message.html", check=check)', '"sms_message.html"'), ['template_name']);
  });

  it('names a value compared with an attribute after it, and one compared with an attribute of self `expected_…` (self.kind may be the `kind` parameter)', () => {
    assert.deepEqual(namesFor('if order.state == "open":', '"open"'), ['state']);
    assert.deepEqual(namesFor('assert self.kind == "sms"', '"sms"'), ['expected_kind']);
    assert.deepEqual(namesFor('if "sms" != self.kind:', '"sms"'), ['expected_kind']);
  });
});

/** The name of a function extracted from `block`, which returns `returns`. */
function functionFor(block: string, returns: string[]): string {
  return functionNameFor(block, { parameters: [], returns, writes: returns, fromSource: [] }, 'shop', () => true);
}

describe('the name of an extracted function that returns one value', () => {
  it('takes the verb of the call that produces it: what the block does, not `compute_`', () => {
    assert.equal(functionFor('doc = render_to_string("a.html", context)\ndoc = doc.strip()\ndoc = render_markdown(doc)', ['doc']), 'render_doc');
    assert.equal(functionFor('order = get_object_or_404(Order, pk=pk)', ['order']), 'get_order');
    assert.equal(functionFor('data = self.client.fetch(url)', ['data']), 'fetch_data');
    assert.equal(functionFor('assert kind == "whatsapp"\ndoc = json.loads(value)', ['doc']), 'parse_doc', 'healthchecks’ whatsapp settings were compute_doc');
    assert.equal(functionFor('if "HTTP_X_API_KEY" in request.META:\n    api_key = request.META["HTTP_X_API_KEY"]\nelse:\n    api_key = str(request.json.get("api_key", ""))', ['api_key']), 'get_api_key', 'healthchecks’ API key lookup was compute_api_key');
    assert.equal(functionFor('api_key = request.META["HTTP_X_API_KEY"]', ['api_key']), 'get_api_key');
  });

  it('names a list under a vague name after what is appended to it, and a reversed URL built (allauth’s build_ret, compute_url)', () => {
    assert.equal(functionFor('ret = []\nemail = data.get("email")\nif email and data.get(key):\n    ret.append(EmailAddress(email=email, verified=True))', ['ret']), 'build_email_addresses');
    assert.equal(functionFor('try:\n    data = response.json()\nexcept ValueError:\n    raise OAuth2Error(template % response.text)', ['data']), 'parse_data', 'was compute_data');
    assert.equal(functionFor('url = reverse(viewname)\nif kwargs:\n    url += "?" + urlencode(kwargs)', ['url']), 'build_url');
  });

  it('builds a dict or list literal', () => {
    assert.equal(functionFor('params = {\n    "client_id": key,\n    "scope": scope,\n}', ['params']), 'build_params');
    assert.equal(functionFor('names = [n.title() for n in raw]', ['names']), 'build_names');
  });

  it('keeps compute_ when the call says nothing, or when the verb would repeat the name', () => {
    assert.equal(functionFor('total = sum(prices)\ntotal = round(total, 2)', ['total']), 'compute_total');
    assert.equal(functionFor('count = count_rows(table)', ['count']), 'compute_count');
    assert.equal(functionFor('total = 0\nfor p in prices:\n    total += p', ['total']), 'compute_total');
    assert.equal(functionFor('a = get_a()\nb = get_b()', ['a', 'b']), 'compute_a_and_b');
  });

  it('names a queryset it returns after its model, not after a one-letter variable (healthchecks’ project filter was compute_q)', () => {
    const block = 'q = model.objects\nif not request.user.is_superuser:\n    project_ids = request.profile.projects().values("id")\n    q = q.filter(project_id__in=project_ids)';
    assert.equal(functionFor(block, ['q']), 'get_queryset');
    assert.equal(functionFor('qs = Check.objects.filter(project=project)\nqs = qs.order_by("created")', ['qs']), 'get_check_queryset');
    assert.equal(functionFor('checks = Check.objects.filter(project=project)', ['checks']), 'compute_checks', 'a name that says what it holds stays');
  });
});

/** The name of a function extracted from `block` with what it returns, as each copy names it. */
function nameFor(block: string, returnedByCopy: string[][], writes: string[] = returnedByCopy[0]): string {
  return functionNameFor(block, { parameters: [], returns: returnedByCopy[0], writes, fromSource: [] }, 'shop', () => true, { returnedByCopy });
}

describe('the name of an extracted function, from what its code does', () => {
  it('names a block returning nothing after the call it ends with, never `compute_` (Django’s ModelAdmin success messages were `_compute_msg`)', () => {
    const block = 'msg = format_html(\n    value,\n    **msg_dict\n)\nself.message_user(request, msg, messages.SUCCESS)';
    assert.equal(nameFor(block, [[]], ['msg']), 'message_user_success');
    assert.equal(nameFor('msg = format_html(value)\nself.message_user(request, msg)', [[]], ['msg']), 'message_user');
    assert.doesNotMatch(nameFor('total = a + b\nlog_total(total)', [[]], ['total']), /^compute_/);
  });

  it('names a vague value after the call producing it, checked when the block raises first (Django’s QuerySet defer/select_related were `_compute_obj`)', () => {
    const block = 'self._not_support_combined_queries(method_name)\nif self._fields is not None:\n    raise TypeError(message)\n\nobj = self._chain()';
    assert.equal(nameFor(block, [['obj'], ['clone']]), 'checked_chain', 'the copies call it `obj` and `clone`');
    assert.equal(nameFor('obj = self._chain()\nobj.query.clear()', [['obj']]), 'chain');
    assert.equal(nameFor('data = {}\nsignal_uid = "t-%s" % id(request)\nexception_uid = "e-%s" % id(request)', [['data', 'signal_uid', 'exception_uid']]), 'compute_signal_uid_and_exception_uid', 'Django’s test Client: `data` says nothing');
  });

  it('names a value the copies name differently by the words they share', () => {
    assert.equal(nameFor('old_fields = set(a)\nold_fields -= skip', [['old_fields'], ['new_fields']]), 'compute_fields');
    assert.equal(nameFor('old_fields = set(a)\nold_fields -= skip', [['old_fields'], ['added']]), 'compute_old_fields', 'nothing shared: the first copy\'s name');
  });
});
