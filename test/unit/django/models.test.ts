import { strict as assert } from 'node:assert';
import type { DjangoModelClass } from '../../../server/src/core/django/models';
import type { ModelField } from '../../../server/src/core/django/modelFields';
import { isUnknown } from '../../../server/src/core/django/values';
import { projectOf } from '../../helpers/django/djangoModel';

const SETTINGS = `
  INSTALLED_APPS = ["django.contrib.auth", "catalog.apps.CatalogConfig", "orders"]
  DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
`;

const CATALOG = {
  'proj/settings.py': SETTINGS,
  'catalog/apps.py': `
    from django.apps import AppConfig
    class CatalogConfig(AppConfig):
        name = "catalog"
        label = "shopcat"
        default_auto_field = "django.db.models.AutoField"
  `,
  'catalog/models.py': `
    from django.db import models
    from django.conf import settings

    KINDS = [("a", "A"), ("b", "B")]

    class Stamped(models.Model):
        created = models.DateTimeField(auto_now_add=True, db_index=True)
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="%(app_label)s_%(class)s_owned")

        class Meta:
            abstract = True
            ordering = ["-created"]
            indexes = [models.Index(fields=["created"], name="%(app_label)s_%(class)s_created")]

    class Category(Stamped):
        name = models.CharField(max_length=80, unique=True)
        parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="children")
        kind = models.CharField(max_length=1, choices=KINDS, default="a")

    class Product(Stamped):
        category = models.ForeignKey(Category, on_delete=models.PROTECT, db_column="cat")
        sku = models.CharField("SKU", max_length=40)
        tags = models.ManyToManyField("Tag", blank=True)
        created = None

        objects = models.Manager()

        class Meta(Stamped.Meta):
            db_table = "catalog_items"
            unique_together = ("category", "sku")
            index_together = [["sku", "category"]]
            constraints = [
                models.UniqueConstraint(fields=["sku"], name="unique_sku", condition=models.Q(active=True)),
                models.CheckConstraint(check=models.Q(price__gte=0), name="price_positive"),
            ]

    class Tag(models.Model):
        slug = models.SlugField(primary_key=True)

    class FeaturedProduct(Product):
        rank = models.IntegerField()

    class CheapProduct(Product):
        class Meta:
            proxy = True
  `,
  'orders/models.py': `
    from django.db import models
    from catalog.models import Product

    class Order(models.Model):
        product = models.ForeignKey(Product, on_delete=models.CASCADE)
        shop_product = models.OneToOneField("shopcat.product", on_delete=models.CASCADE, related_name="+")
        user = models.ForeignKey("auth.User", on_delete=models.CASCADE)
  `,
};

function model(models: readonly DjangoModelClass[], label: string): DjangoModelClass {
  const found = models.find((candidate) => candidate.label === label);
  assert.ok(found, `no model ${label} among ${models.map((m) => m.label).join(', ')}`);
  return found;
}

function field(owner: DjangoModelClass, name: string): ModelField {
  const found = owner.fields.find((candidate) => candidate.name === name);
  assert.ok(found, `${owner.label} has no field ${name}: ${owner.fields.map((f) => f.name).join(', ')}`);
  return found;
}

describe('Django project model: models', () => {
  it('reads app labels, tables, fields, columns and relations', async () => {
    const { models } = await projectOf(CATALOG);
    const category = model(models, 'shopcat.Category');
    assert.equal(category.appLabel, 'shopcat', 'the AppConfig label wins over the package name');
    assert.equal(category.dbTable, 'shopcat_category');
    assert.deepEqual(category.fields.map((f) => f.name), ['id', 'created', 'owner', 'name', 'parent', 'kind'], 'pk, then abstract fields, then own');
    assert.equal(field(category, 'id').fieldClass, 'AutoField', "the app config's default_auto_field");
    assert.equal(field(category, 'id').implicit, 'pk');
    assert.equal(field(category, 'parent').relation?.to, 'shopcat.Category', '"self" is the model');
    assert.equal(field(category, 'parent').column, 'parent_id');
    assert.equal(field(category, 'parent').dbIndex, true, 'a foreign key is indexed');
    assert.equal(field(category, 'name').unique, true);
    assert.equal(field(category, 'name').maxLength, 80);
    assert.deepEqual(field(category, 'kind').choices, [['a', 'A'], ['b', 'B']], 'choices read through the module constant');
    assert.equal(field(category, 'kind').hasDefault, true);
    assert.equal(field(category, 'created').inheritedFrom, 'catalog.models.Stamped');
    assert.equal(field(category, 'created').dbIndex, true);
    const owner = field(category, 'owner');
    assert.equal(owner.relation?.to, 'auth.User', 'settings.AUTH_USER_MODEL, not set: Django’s default');
    assert.equal(owner.relation?.swappable, 'AUTH_USER_MODEL');
    assert.equal(owner.relation?.onDelete, 'SET_NULL', 'on_delete given by position');
    assert.equal(owner.relation?.relatedName, 'shopcat_category_owned', '%(app_label)s and %(class)s filled in');
    assert.equal(owner.null, true);
    assert.deepEqual(category.meta.ordering, ['-created'], 'Meta inherited from the abstract base');
    assert.deepEqual(category.meta.indexes, [{ kind: 'Index', name: 'shopcat_category_created', fields: ['created'], condition: false, others: [] }]);
  });

  it('reads Meta options, Meta inheritance, removed fields and managers', async () => {
    const { models } = await projectOf(CATALOG);
    const product = model(models, 'shopcat.Product');
    assert.equal(product.dbTable, 'catalog_items');
    assert.equal(product.dbTableExplicit, true);
    assert.ok(!product.fields.some((f) => f.name === 'created'), '`created = None` removes the inherited field');
    assert.equal(field(product, 'category').column, 'cat', 'db_column');
    assert.equal(field(product, 'category').relation?.to, 'shopcat.Category', 'a class reference');
    assert.equal(field(product, 'sku').maxLength, 40, 'a verbose name given by position is no option');
    const tags = field(product, 'tags');
    assert.equal(tags.column, undefined, 'a many-to-many field has no column');
    assert.equal(tags.relation?.to, 'shopcat.Tag', 'a bare model name is in the same app');
    assert.equal(tags.relation?.throughTable, 'catalog_items_tags');
    assert.deepEqual(product.meta.uniqueTogether, [['category', 'sku']], 'one tuple is one group');
    assert.deepEqual(product.meta.indexTogether, [['sku', 'category']]);
    assert.deepEqual(product.meta.ordering, ['-created'], 'class Meta(Stamped.Meta) inherits ordering');
    assert.deepEqual(product.meta.constraints, [
      { kind: 'UniqueConstraint', name: 'unique_sku', fields: ['sku'], condition: true, others: [] },
      { kind: 'CheckConstraint', name: 'price_positive', fields: undefined, condition: true, others: [], check: 'models.Q(price__gte=0)' },
    ]);
    assert.deepEqual(product.managers, [{ name: 'objects', written: 'models.Manager()', inheritedFrom: undefined }]);
    const tag = model(models, 'shopcat.Tag');
    assert.deepEqual(tag.fields.map((f) => [f.name, f.primaryKey]), [['slug', true]], 'no automatic pk beside an explicit one');
    const stamped = model(models, 'shopcat.Stamped');
    assert.equal(stamped.abstract, true);
    assert.equal(stamped.dbTable, undefined);
  });

  it('models multi-table and proxy inheritance', async () => {
    const { models } = await projectOf(CATALOG);
    const featured = model(models, 'shopcat.FeaturedProduct');
    assert.deepEqual(featured.parents, ['shopcat.Product']);
    assert.equal(featured.abstract, false, 'abstract is not inherited through Meta');
    assert.deepEqual(featured.fields.map((f) => [f.name, f.column, f.primaryKey]), [
      ['product_ptr', 'product_ptr_id', true],
      ['rank', 'rank', false],
    ]);
    assert.deepEqual(featured.meta.ordering, ['-created'], 'a multi-table child takes its parent’s ordering');
    const cheap = model(models, 'shopcat.CheapProduct');
    assert.equal(cheap.proxy, true);
    assert.equal(cheap.dbTable, 'catalog_items', "a proxy uses its concrete model's table");
    assert.deepEqual(cheap.fields.map((f) => f.name), model(models, 'shopcat.Product').fields.map((f) => f.name));
  });

  it('resolves relations across apps, case-insensitively, and keeps unknown ones unknown', async () => {
    const { models } = await projectOf(CATALOG);
    const order = model(models, 'orders.Order');
    assert.equal(order.dbTable, 'orders_order', 'an installed app without config: labelled after its module');
    assert.equal(field(order, 'id').fieldClass, 'BigAutoField', 'DEFAULT_AUTO_FIELD of the settings');
    assert.equal(field(order, 'product').relation?.to, 'shopcat.Product', 'a class imported from another app');
    assert.equal(field(order, 'shop_product').relation?.to, 'shopcat.Product', 'labels compare case-insensitively');
    assert.equal(field(order, 'shop_product').unique, true, 'one-to-one is unique');
    assert.equal(field(order, 'shop_product').relation?.relatedName, '+');
    assert.equal(field(order, 'user').relation?.to, 'auth.User', 'a model outside the workspace keeps its label');

    const { models: unsettled } = await projectOf({
      'blog/models.py': `
        from django.db import models
        from django.conf import settings
        from django.contrib.auth.models import AbstractUser
        from .fields import MoneyField

        class Author(AbstractUser):
            bio = models.TextField()

        class Post(models.Model):
            author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
            target = models.ForeignKey(get_model(), on_delete=models.CASCADE)
            price = MoneyField(max_digits=8)
            title = models.CharField(max_length=LIMIT)
      `,
      'blog/fields.py': 'from django.db import models\n\nclass MoneyField(models.DecimalField):\n    pass\n',
    });
    const post = model(unsettled, 'blog.Post');
    assert.ok(isUnknown(field(post, 'author').relation?.to), 'no settings module: AUTH_USER_MODEL is not known');
    assert.ok(isUnknown(field(post, 'target').relation?.to));
    assert.deepEqual([field(post, 'price').fieldClass, field(post, 'price').djangoClass], ['MoneyField', 'DecimalField'], 'a custom field class');
    assert.ok(isUnknown(field(post, 'title').maxLength));
    const author = model(unsettled, 'blog.Author');
    assert.deepEqual(author.unknownBases, ['django.contrib.auth.models.AbstractUser'], 'fields of a base outside the workspace are not known');
  });

  it('reads Meta.app_label and managers built from querysets', async () => {
    const { models } = await projectOf({
      'legacy/models/__init__.py': 'from .people import Person\n',
      'legacy/models/people.py': `
        from django.db import models

        class PersonQuerySet(models.QuerySet):
            pass

        class Person(models.Model):
            name = models.CharField(max_length=10)
            people = PersonQuerySet.as_manager()
            custom = models.Manager.from_queryset(PersonQuerySet)()

            class Meta:
                app_label = "crm"
                managed = False
      `,
    });
    const person = model(models, 'crm.Person');
    assert.equal(person.dbTable, 'crm_person');
    assert.equal(person.managed, false);
    assert.deepEqual(person.managers.map((m) => m.name), ['people', 'custom']);
    assert.equal(models.length, 1, 'a QuerySet is no model');
  });
});
