/**
 * The query rules over the protocol: the server publishes an n-plus-one diagnostic (monitoring
 * stage, linked to its rule page, the queryset as related information) and a missing-index one
 * (database stage) with every call site; the n-plus-one quick fix resolves to the edit adding
 * `select_related` (also for a template's loop, whose reads are related information), and the missing-index one to a new migration file plus the `Meta` edit.
 * An include the rule cannot follow inside a template's loop over rows is noted in the template, with no code action.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { applyWorkspaceEdit } from '../../helpers/workspace/applyWorkspaceEdit';
import { DESK_APP } from '../../helpers/django/deskApp';

const DESK = `
#- proj/__init__.py
#- proj/settings.py
INSTALLED_APPS = ["desk"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "desk"}}
#- desk/migrations/0001_initial.py
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
${DESK_APP}#- desk/views.py
from django.views.generic import ListView

from .models import Ticket


class TicketList(ListView):
    queryset = Ticket.objects.all()


class TicketBoard(ListView):
    queryset = Ticket.objects.all()
    template_name = "desk/board.html"
#- desk/templates/desk/ticket_list.html
<ul>{% for ticket in object_list %}<li>{{ ticket.subject }} ({{ ticket.agent.name }})</li>{% endfor %}</ul>
#- desk/templates/desk/board.html
<ul>
{% for ticket in object_list %}{% include row_template %}{% endfor %}
</ul>
`;

describe('the query rules over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;

  before(async () => {
    root = writeWorkspace(DESK);
    client = await TestLspClient.start(root);
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  async function resolve(file: string, diagnostic: Diagnostic): Promise<CodeAction> {
    const uri = URI.file(file).toString();
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const action = actions.find((candidate) => !/^Silence/.test(candidate.title));
    assert.ok(action, `no fix among ${actions.map((a) => a.title).join(', ')}`);
    return client.connection.sendRequest('codeAction/resolve', action);
  }

  it('publishes an n-plus-one diagnostic whose quick fix adds select_related', async () => {
    const reports = path.join(root, 'desk/reports.py');
    const [diagnostic] = await client.waitForDiagnostics(reports, (d) => d.some((x) => x.code === 'n-plus-one'));
    assert.equal(diagnostic.code, 'n-plus-one');
    assert.deepEqual(diagnostic.data, { stage: 'monitoring' });
    assert.match(diagnostic.codeDescription!.href, /n-plus-one\.md$/);
    assert.match(String(diagnostic.message), /^This comprehension reads ticket\.agent\.name of each Ticket row/);
    assert.equal(diagnostic.relatedInformation![0].message, 'the Ticket queryset is built here');
    const resolved = await resolve(reports, diagnostic);
    assert.equal(resolved.title, 'Load the related rows with the queryset');
    applyWorkspaceEdit(resolved.edit!);
    assert.match(fs.readFileSync(reports, 'utf8'), /for ticket in Ticket\.objects\.select_related\("agent"\)\.filter\(status="open"\)\]/);
  });

  it('publishes the n-plus-one of a template loop at the view\'s queryset, related to the template, with the fix there', async () => {
    const views = path.join(root, 'desk/views.py');
    const [diagnostic] = await client.waitForDiagnostics(views, (d) => d.some((x) => x.code === 'n-plus-one'));
    assert.equal(diagnostic.message, 'TicketList renders desk/ticket_list.html, which reads ticket.agent.name in a {% for %} over object_list: one query per row. Add select_related("agent") to the queryset.');
    const template = diagnostic.relatedInformation!.find((place) => place.location.uri.endsWith('.html'))!;
    const html = path.join(root, 'desk/templates/desk/ticket_list.html');
    const at = { line: 0, character: fs.readFileSync(html, 'utf8').indexOf('ticket.agent.name') };
    assert.deepEqual([template.location.uri, template.location.range.start, template.message], [URI.file(html).toString(), at, 'ticket.agent.name']);
    applyWorkspaceEdit((await resolve(views, diagnostic)).edit!);
    assert.match(fs.readFileSync(views, 'utf8'), /queryset = Ticket\.objects\.select_related\("agent"\)\.all\(\)/);
  });

  it('notes in the template an include it cannot follow inside a loop over a view\'s rows, at information, with no code action', async () => {
    const board = path.join(root, 'desk/templates/desk/board.html');
    const [note] = await client.waitForDiagnostics(board, (d) => d.some((x) => x.code === 'n-plus-one'));
    assert.equal(note.severity, DiagnosticSeverity.Information);
    assert.deepEqual(note.range.start, { line: 1, character: '{% for ticket in object_list %}'.length });
    assert.match(String(note.message), /^\{% include row_template %\} inside \{% for ticket in object_list %\} is not followed: its name is known only when rendering/);
    assert.deepEqual(note.relatedInformation!.map((place) => [path.basename(URI.parse(place.location.uri).fsPath), place.message]), [['views.py', 'TicketBoard renders it over object_list, built here']]);
    const uri = URI.file(board).toString();
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: note.range, context: { diagnostics: [note] } });
    assert.deepEqual(actions.map((action) => action.title), []);
  });

  it('publishes a missing-index diagnostic whose quick fix creates the migration', async () => {
    const models = path.join(root, 'desk/models.py');
    const [diagnostic] = await client.waitForDiagnostics(models, (d) => d.some((x) => x.code === 'missing-index'));
    assert.deepEqual(diagnostic.data, { stage: 'database' });
    assert.equal(diagnostic.relatedInformation!.length, 2);
    const resolved = await resolve(models, diagnostic);
    assert.equal(resolved.title, 'Add a database index (new migration)');
    applyWorkspaceEdit(resolved.edit!);
    const migration = fs.readFileSync(path.join(root, 'desk/migrations/0002_ticket_status_idx.py'), 'utf8');
    assert.match(migration, /dependencies = \[\n {8}\("desk", "0001_initial"\),\n {4}\]/);
    assert.match(migration, /AddIndexConcurrently\(\n {12}model_name="ticket",/);
    assert.match(fs.readFileSync(models, 'utf8'), /class Meta:\n {8}indexes = \[models\.Index\(fields=\["status"\], name="ticket_status_idx"\)\]\n$/);
  });
});
