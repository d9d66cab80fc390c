/**
 * Runs the `hand-written-crud-view` rule and its conversion on an in-memory workspace (a map of
 * absolute paths to texts), the way the server does: each module's facts from its tree, the
 * project model from them, the findings, and each conversion planned on the workspace as the
 * previous ones left it (a pair of generic views reported by the rule is joined into a viewset).
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import { handWrittenCrudViews } from '../../../server/src/detectors/handWrittenCrudView';
import { refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { DISK_FILES } from '../../../server/src/fs/projectFiles';
import { projectSourcesOfTexts } from '../workspace/projectSources';
import { applyEdit, snapshotOf } from '../refactor/refactorFixture';
import { dedent } from '../workspace/workspaceFixture';

/** The rule's findings on the workspace. */
export async function crudFindings(files: ReadonlyMap<string, string>): Promise<Finding[]> {
  return handWrittenCrudViews(await projectSourcesOfTexts('/', files), DEFAULT_SETTINGS);
}

export interface Conversion {
  readonly view: string;
  readonly outcome: string;
}

/**
 * Converts every view the rule finds, one after another (each planned on the files the previous
 * conversions left); returns the files after and, per view, `applied: summary` or `refused: reason`.
 */
export async function convertAll(files: ReadonlyMap<string, string>): Promise<{ files: Map<string, string>; conversions: Conversion[] }> {
  const parser = await loadPythonParser();
  let current = new Map(files);
  const conversions: Conversion[] = [];
  const done = new Set<string>();
  for (;;) {
    // As `untangle fix`: a finding is tried once (a view refused as part of a pair is still tried alone).
    const finding = (await crudFindings(current)).find((candidate) => !done.has(`${candidate.path}:${candidate.message}`));
    if (!finding) return { files: current, conversions };
    done.add(`${finding.path}:${finding.message}`);
    // The finding's own refactoring: Convert to generic view, or Join into a ModelViewSet for a pair.
    const files = current;
    // Templates are read from the disk, as the workspace's snapshot reads files the map does not hold.
    const snapshot = { ...snapshotOf(files), read: (file: string) => files.get(file) ?? (file.endsWith('.py') ? undefined : DISK_FILES.read(file)) };
    const { result } = refactoringForFinding(parser, snapshot, finding, DEFAULT_SETTINGS);
    if (result.safe) current = applyEdit(current, result.edit);
    conversions.push({ view: viewOf(finding), outcome: result.safe ? `applied: ${result.summary}` : `refused: ${result.reason}` });
  }
}

/** The view a finding names: its file and the name its message starts with. */
function viewOf(finding: Finding): string {
  return `${finding.path}:${/^`([^`]+)`/.exec(finding.message)?.[1]}`;
}

/** `text` with `from` (which must be there) replaced by `to`: a fixture's variant. */
export function variant(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), from);
  return text.replace(from, to);
}

/** A DRF project under /ws (project `proj`, app `api`) with a `Book` model and its serializers. */
export const BOOK_API_PROJECT: Readonly<Record<string, string>> = {
  'proj/settings.py': `
    INSTALLED_APPS = ["rest_framework", "api"]
    ROOT_URLCONF = "proj.urls"
  `,
  'proj/urls.py': `
    from django.urls import include, path

    urlpatterns = [path("api/", include("api.urls"))]
  `,
  'api/models.py': `
    from django.db import models

    class Book(models.Model):
        title = models.CharField(max_length=100)
  `,
  'api/serializers.py': `
    from rest_framework import serializers
    from .models import Book

    class BookSerializer(serializers.ModelSerializer):
        class Meta:
            model = Book
            fields = ["id", "title"]

    class BookTitleSerializer(serializers.ModelSerializer):
        class Meta:
            model = Book
            fields = ["title"]
  `,
};

/** The Book API project with its URL conf `urls` and `api/views.py` made of the imports `head` and the `views` (each dedented). */
export function apiWorkspace(head: string, views: string, urls: string): Map<string, string> {
  const files: Record<string, string> = { ...BOOK_API_PROJECT, 'api/urls.py': urls, 'api/views.py': `${dedent(head)}\n\n${dedent(views)}` };
  const all = new Map(Object.entries(files).map(([file, text]) => [`/ws/${file}`, dedent(text)]));
  for (const dir of ['proj', 'api']) all.set(`/ws/${dir}/__init__.py`, '');
  return all;
}

/** The project around an app `shop` of plain Django pages: its settings, its URL conf including the app's, a base template. */
export const PAGES_PROJECT: Readonly<Record<string, string>> = {
  'proj/settings.py': `
    INSTALLED_APPS = ["shop"]
    ROOT_URLCONF = "proj.urls"
    TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}]
  `,
  'proj/urls.py': `
    from django.urls import include, path

    urlpatterns = [path("shop/", include("shop.urls"))]
  `,
  'shop/templates/base.html': '<main>{% block content %}{% endblock %}</main>\n',
};

/**
 * A Django project under /ws: the `base` files (project `proj`, app `shop`; dedented), and
 * `shop/views.py` made of the imports `head` and the `views`.
 */
export function viewsWorkspace(base: Readonly<Record<string, string>>, head: string, views: string): Map<string, string> {
  const files: Record<string, string> = { ...base, 'shop/views.py': `${dedent(head)}\n\n${dedent(views)}` };
  const all = new Map(Object.entries(files).map(([file, text]) => [`/ws/${file}`, dedent(text)]));
  for (const dir of ['proj', 'shop']) all.set(`/ws/${dir}/__init__.py`, '');
  return all;
}

/** A fixture project of `base` files whose views module opens with `head`: a workspace for some views, and them converted. */
export function viewsProject(base: Readonly<Record<string, string>>, head: string) {
  const workspace = (views: string): Map<string, string> => viewsWorkspace(base, head, views);
  return { workspace, converted: (views: string) => convertedViews(workspace(views)) };
}

/** The views module after converting every view the rule finds in `files`, and each outcome. */
export async function convertedViews(files: ReadonlyMap<string, string>): Promise<{ text: string; outcomes: string[]; files: Map<string, string> }> {
  const { files: after, conversions } = await convertAll(files);
  return { text: after.get('/ws/shop/views.py')!, outcomes: conversions.map((c) => c.outcome), files: after };
}

/** One test per `[what, views, reason]`: the view alone in its workspace is refused with the reason. */
export function itRefusesEach(refusals: readonly (readonly [string, string, RegExp])[], workspaceOf: (views: string) => Map<string, string>): void {
  for (const [what, views, reason] of refusals) {
    it(`refuses ${what}`, async () => {
      const { outcomes } = await convertedViews(workspaceOf(views));
      assert.equal(outcomes.length, 1, outcomes.join('\n'));
      assert.match(outcomes[0], /^refused: /);
      assert.match(outcomes[0], reason);
    });
  }
}
