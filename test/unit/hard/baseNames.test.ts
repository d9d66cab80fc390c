import { strict as assert } from 'node:assert';
import { baseClassName, type NamedMember } from '../../../server/src/refactor/hard/baseNames';

const field = (name: string): NamedMember => ({ name, isField: true, text: `${name} = models.Field()` });
const option = (name: string, text: string): NamedMember => ({ name, isField: false, text });
const free = () => true;

describe('the name of the class a pull-up creates', () => {
  it('says what the members are about when every field is a known theme', () => {
    assert.equal(baseClassName('model', ['Ticket', 'Question'], [field('created_at'), field('updated_at'), option('is_recent', 'def is_recent(self): ...')], free), 'TimestampedModel');
    assert.equal(baseClassName('serializer', ['A', 'B'], [field('line1'), field('city'), field('postcode')], free), 'PostalAddressSerializer');
    assert.equal(baseClassName('model', ['A', 'B'], [field('reason'), field('created_at')], free), 'ReasonCreatedAtModel', 'a field off the theme: named after the members');
  });

  it('without fields, after the theme half the members name in their strings, not in their code', () => {
    const admin = [option('date_hierarchy', 'date_hierarchy = "created_at"'), option('readonly_fields', 'readonly_fields = ["created_at"]'), option('list_per_page', 'list_per_page = 50')];
    assert.equal(baseClassName('admin', ['TicketAdmin', 'QuestionAdmin'], admin, free), 'TimestampedAdmin');
    const machine = [option('advance', 'def advance(self):\n    self.state = self.country'), option('reset', 'def reset(self):\n    self.state = None')];
    assert.equal(baseClassName('class', ['Job', 'Task'], machine, free), 'AdvanceResetMixin');
  });

  it('else after the words all the class names start or end with, kind words aside', () => {
    const methods = [option('get_queryset', ''), option('perform_create', '')];
    assert.equal(baseClassName('view', ['CustomerOrdersView', 'CustomerCartView'], methods, free), 'CustomerMixin');
    assert.equal(baseClassName('view', ['OrderListView', 'ReviewListView'], methods, free), 'ListMixin');
    assert.equal(baseClassName('view', ['ReturnViewSet', 'TicketViewSet'], methods, free), 'QuerysetCreateMixin', 'else after the members');
  });

  it('never takes a name the module uses', () => {
    const taken = new Set(['TimestampedModel', 'TimestampedModel2']);
    assert.equal(baseClassName('model', ['A', 'B'], [field('created_at'), field('updated_at')], (name) => !taken.has(name)), 'TimestampedModel3');
  });
});
