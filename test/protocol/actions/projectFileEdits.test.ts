/**
 * Files the project rules read besides modules, edited, over the protocol. A template: the
 * n-plus-one rule follows a view into it, so typing `{{ ticket.agent.name }}` in the open
 * template (unsaved) reports the view's queryset, closing it unsaved withdraws that, and saving
 * it on disk (a watched-file event) reports it again; run with templates tokenized for the
 * duplicate rule (the index holds them) and without (only the project rules read them). (A
 * Procfile written on disk: makeObservable.test.ts.)
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { DESK_APP } from '../../helpers/django/deskApp';

const PLAIN = '<ul>{% for ticket in object_list %}<li>{{ ticket.subject }}</li>{% endfor %}</ul>\n';
const READS_AGENT = '<ul>{% for ticket in object_list %}<li>{{ ticket.subject }} ({{ ticket.agent.name }})</li>{% endfor %}</ul>\n';

const DESK = `
#- proj/__init__.py
#- proj/settings.py
INSTALLED_APPS = ["desk"]
${DESK_APP}#- desk/views.py
from django.views.generic import ListView

from .models import Ticket


class TicketList(ListView):
    queryset = Ticket.objects.all()
#- desk/templates/desk/ticket_list.html
${PLAIN}`;

const reportsAgent = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === 'n-plus-one' && /ticket\.agent\.name/.test(String(d.message)));

for (const languages of [['python', 'django-template'], ['python']]) {
  describe(`edits to a template re-check the views rendering it (duplicate languages: ${languages.join(', ')})`, function () {
    this.timeout(30_000);
    let root: string;
    let client: TestLspClient;
    let views: string;
    let template: string;

    before(async () => {
      root = writeWorkspace(DESK);
      views = path.join(root, 'desk/views.py');
      template = path.join(root, 'desk/templates/desk/ticket_list.html');
      client = await TestLspClient.start(root, { settings: { duplicateBlock: { languages } } });
      // The comprehension's N+1 in reports.py shows the project rules have run.
      await client.waitForDiagnostics(path.join(root, 'desk/reports.py'), (d) => d.some((x) => x.code === 'n-plus-one'));
    });

    after(async () => {
      await client.stop();
      removeWorkspace(root);
    });

    it('reports the view once the open template reads a relation per row (unsaved)', async () => {
      assert.ok(!reportsAgent(client.diagnostics.get(URI.file(views).toString()) ?? []));
      client.open(template, PLAIN, 'django-html');
      client.change(template, READS_AGENT);
      const [found] = await client.waitForDiagnostics(views, (d) => reportsAgent(d));
      assert.match(String(found.message), /^TicketList renders desk\/ticket_list\.html, which reads ticket\.agent\.name/);
      assert.equal(fs.readFileSync(template, 'utf8'), PLAIN);
    });

    it('withdraws it when the template closes unsaved (the disk is the truth again)', async () => {
      client.close(template);
      await client.waitForDiagnostics(views, (d) => !reportsAgent(d));
    });

    it('reports it again when the template changes on disk', async () => {
      fs.writeFileSync(template, READS_AGENT);
      client.filesChanged([{ file: template, type: 2 }]);
      await client.waitForDiagnostics(views, (d) => reportsAgent(d));
    });
  });
}
