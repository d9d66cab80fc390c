/**
 * The n-plus-one rule's template fixtures: a shop app's models, URLs routing its function views,
 * and the findings (or the workspace after the first finding's code action) of inline modules
 * and templates.
 */
import { strict as assert } from 'node:assert';
import * as path from 'path';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { nPlusOnes } from '../../../server/src/detectors/nPlusOne';
import { refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { projectSourcesOf } from '../../../server/src/refactor/queries/projectSources';
import { applyEdit, ROOT, snapshotOf } from '../refactor/refactorFixture';
import { workspaceOf } from './querySources';

const SETTINGS = `INSTALLED_APPS = ["shop"]`;

export const MODELS = `
  from django.db import models

  class Customer(models.Model):
      name = models.CharField(max_length=80)

  class Product(models.Model):
      name = models.CharField(max_length=80)

  class Order(models.Model):
      customer = models.ForeignKey(Customer, related_name="orders", on_delete=models.CASCADE)
      total = models.IntegerField()

  class Item(models.Model):
      order = models.ForeignKey(Order, related_name="items", on_delete=models.CASCADE)
      product = models.ForeignKey(Product, on_delete=models.CASCADE)
`;

/** Each order's customer, read in a loop over `orders`. */
/**
 * MODELS with orders on a custom manager (`objects = OrderManager()`, with `recent`) and a queryset
 * class used as another (`shop = OrderQuerySet.as_manager()`, with `paid` and `loaded`), each class
 * with the methods a test adds (source lines indented as class members, a blank line before each).
 */
export function modelsWithManagers(querySetMethods = '', managerMethods = ''): string {
  const managers = `
  class OrderQuerySet(models.QuerySet):
      def paid(self):
          return self.filter(total__gt=0)

      def loaded(self):
          return self.select_related("customer")
${querySetMethods}
  class OrderManager(models.Manager):
      def recent(self):
          return self.get_queryset().order_by("-pk")
${managerMethods}`;
  return MODELS.replace('\n  class Customer', `${managers}\n  class Customer`).replace(
    '      total = models.IntegerField()\n',
    '      total = models.IntegerField()\n      objects = OrderManager()\n      shop = OrderQuerySet.as_manager()\n',
  );
}

export const ROWS_TEMPLATE = '{% for order in orders %}{{ order.customer.name }}{% endfor %}';

export const ORDERS_TEMPLATE = `
  {% for order in orders %}
    <li>{{ order.customer.name|default:"-" }} {{ order.total }} {{ order.customer_id }}
    {% for item in order.items.all %}{{ item.product.name }}{% endfor %}</li>
  {% endfor %}
`;

/** Routes to the function views of the fixtures (a function is a view when a URL routes to it). */
const URLS = `
  from django.urls import path
  from . import views

  urlpatterns = [
      path("orders/", views.orders),
      path("totals/", views.totals),
      path("receipt/<int:pk>/", views.receipt),
      path("invoice/<int:pk>/", views.invoice),
  ]
`;

/** The workspace with its templates: modules are parsed, every file is readable. */
export function workspace(files: Record<string, string>): Map<string, string> {
  return workspaceOf({ 'proj/settings.py': SETTINGS, 'shop/models.py': MODELS, 'shop/urls.py': URLS, ...files });
}

export async function found(files: Map<string, string>, settings: Settings = DEFAULT_SETTINGS) {
  const python = new Map([...files].filter(([file]) => file.endsWith('.py')));
  const sources = projectSourcesOf(await loadPythonParser(), ROOT, python, { read: (file) => files.get(file), list: () => [] });
  return nPlusOnes(sources, settings);
}

/** `file:line message`, the related template places, and the fixed line. */
export async function findings(files: Record<string, string>) {
  const all = workspace(files);
  return (await found(all)).map(({ finding, fix }) => {
    const line = fix && all.get(fix.path)!.split('\n')[fix.at.line];
    return {
      at: `${path.relative(ROOT, finding.path)}:${finding.range.start.line + 1}`,
      message: finding.message,
      template: finding.related.filter((place) => place.path.endsWith('.html')).map((place) => `${path.relative(ROOT, place.path)}:${place.range.start.line + 1} ${place.message}`),
      // A fix that inserts a line shows that line.
      fix: fix && line !== undefined && (fix.text.endsWith('\n') ? fix.text : line.slice(0, fix.at.character) + fix.text + line.slice(fix.at.character)).trim(),
    };
  });
}

/** The workspace after the code action of the first finding. */
export async function afterAction(files: Record<string, string>): Promise<Map<string, string>> {
  const all = workspace(files);
  const [first] = await found(all);
  assert.ok(first, 'no finding');
  const { result } = refactoringForFinding(await loadPythonParser(), snapshotOf(all), first.finding, DEFAULT_SETTINGS);
  assert.ok(result.safe, result.safe ? '' : result.reason);
  return applyEdit(all, result.edit);
}

