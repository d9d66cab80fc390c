/**
 * Debian's `django/contrib` as a workspace: Django's own apps read statically, their models
 * checked against Django's app registry, and the whole build timed.
 */
import { strict as assert } from 'node:assert';
import * as os from 'os';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import type { DjangoModelClass } from '../../../server/src/core/django/models';
import type { DjangoModuleFacts } from '../../../server/src/core/django/moduleFacts';
import { assembleProject, readModuleFacts, type DjangoProjectModel } from '../../../server/src/core/django/project';
import { djangoOracle, factsOfFiles, pythonFiles } from '../../helpers/django/djangoModel';
import { pythonWithDjango } from '../../helpers/django/djangoProject';

const DJANGO = '/usr/lib/python3/dist-packages/django';
const APPS = ['admin', 'auth', 'contenttypes', 'sessions', 'sites', 'flatpages', 'redirects', 'messages', 'staticfiles'].map((app) => `django.contrib.${app}`);
/** A settings module beside the contrib apps, so `settings.AUTH_USER_MODEL` has its default value. */
const SETTINGS = `INSTALLED_APPS = ${JSON.stringify(APPS)}\nSECRET_KEY = "x"\n`;

describe('Django project model: django/contrib', () => {
  let project: DjangoProjectModel;
  let modules: Map<string, DjangoModuleFacts>;
  const model = (label: string): DjangoModelClass => {
    const found = project.models.find((candidate) => candidate.label === label);
    assert.ok(found, label);
    return found;
  };
  const field = (label: string, name: string) => model(label).fields.find((candidate) => candidate.name === name)!;

  before(async function () {
    this.timeout(120_000);
    // django/__init__.py makes the contrib packages `django.contrib.*`.
    modules = await factsOfFiles([path.join(DJANGO, '__init__.py'), ...pythonFiles(path.join(DJANGO, 'contrib'))]);
    modules.set('contrib_settings.py', readModuleFacts(await loadPythonParser(), 'contrib_settings.py', SETTINGS));
    project = assembleProject(modules, { settingsModule: 'contrib_settings' });
  });

  it("reads auth's models: tables, inherited fields, many-to-many tables, Meta", () => {
    const user = model('auth.User');
    assert.equal(user.dbTable, 'auth_user');
    assert.equal(user.swappable, 'AUTH_USER_MODEL');
    assert.equal(user.abstract, false);
    assert.deepEqual(user.bases, ['django.contrib.auth.models.AbstractUser']);
    const groups = field('auth.User', 'groups');
    assert.deepEqual(
      [groups.relation?.kind, groups.relation?.to, groups.relation?.throughTable, groups.relation?.relatedName, groups.inheritedFrom],
      ['ManyToManyField', 'auth.Group', 'auth_user_groups', 'user_set', 'django.contrib.auth.models.PermissionsMixin'],
    );
    assert.equal(field('auth.User', 'password').inheritedFrom, 'django.contrib.auth.base_user.AbstractBaseUser');
    assert.deepEqual([field('auth.User', 'username').unique, field('auth.User', 'username').maxLength], [true, 150]);
    assert.deepEqual(user.managers.map((m) => [m.name, m.inheritedFrom]), [['objects', 'django.contrib.auth.models.AbstractUser']]);
    assert.equal(model('auth.AbstractUser').abstract, true);
    assert.equal(field('auth.Group', 'permissions').relation?.throughTable, 'auth_group_permissions');
    const permission = model('auth.Permission');
    assert.deepEqual(permission.meta.uniqueTogether, [['content_type', 'codename']]);
    assert.deepEqual(permission.meta.ordering, ['content_type__app_label', 'content_type__model', 'codename']);
    const contentType = field('auth.Permission', 'content_type');
    assert.deepEqual([contentType.column, contentType.relation?.to, contentType.relation?.onDelete], ['content_type_id', 'contenttypes.ContentType', 'CASCADE']);
  });

  it("reads the other apps' models", () => {
    assert.equal(model('contenttypes.ContentType').dbTable, 'django_content_type');
    const session = model('sessions.Session');
    assert.equal(session.dbTable, 'django_session');
    assert.deepEqual(session.fields.map((f) => [f.name, f.primaryKey]), [['session_key', true], ['session_data', false], ['expire_date', false]]);
    const logEntry = model('admin.LogEntry');
    assert.equal(logEntry.dbTable, 'django_admin_log');
    assert.equal(field('admin.LogEntry', 'user').relation?.to, 'auth.User', 'settings.AUTH_USER_MODEL, Django’s default');
    assert.deepEqual(model('sites.Site').meta.ordering, ['domain']);
    assert.equal(field('flatpages.FlatPage', 'sites').relation?.throughTable, 'django_flatpage_sites');
    assert.deepEqual(model('redirects.Redirect').meta.uniqueTogether, [['site', 'old_path']]);
    assert.ok(!project.models.some((m) => m.name === 'BaseGenericInlineFormSet'), "a forms module's model formset is no model");
  });

  it('reads the app configs, views, URL modules and migrations', () => {
    const admin = project.apps.find((app) => app.label === 'admin');
    assert.deepEqual([admin?.config, admin?.installed], ['django.contrib.admin.apps.AdminConfig', true], 'the config marked default = True');
    const login = project.urls.urls.find((url) => url.name === 'login');
    assert.ok(login?.view.kind === 'view' && login.view.asView);
    assert.equal(login.view.ref.kind === 'workspace' && login.view.ref.qualifiedName, 'django.contrib.auth.views.LoginView');
    assert.equal(project.urls.rootFrom, 'unincluded');
    const loginView = project.views.find((view) => view.qualifiedName === 'django.contrib.auth.views.LoginView');
    assert.equal(loginView?.framework, 'django');
    const admin0001 = project.migrations.find((m) => m.app === 'admin' && m.name === '0001_initial')!;
    assert.deepEqual(admin0001.dependencies, [{ app: 'auth', name: '__first__', swappable: 'AUTH_USER_MODEL' }, { app: 'contenttypes', name: '__first__' }]);
    const contentTypes0002 = project.migrations.find((m) => m.app === 'contenttypes' && m.name === '0002_remove_content_type_name')!;
    assert.deepEqual(contentTypes0002.operations.map((op) => [op.kind, op.model, op.field ?? '']), [
      ['AlterModelOptions', 'contenttype', ''],
      ['AlterField', 'contenttype', 'name'],
      ['RunPython', undefined, ''],
      ['RemoveField', 'contenttype', 'name'],
    ]);
    const auth0001 = project.migrations.find((m) => m.app === 'auth' && m.name === '0001_initial')!;
    assert.deepEqual(auth0001.operations.map((op) => op.model), ['Permission', 'Group', 'User']);
  });

  it('agrees with Django on the tables, columns and many-to-many tables of the installed apps', function () {
    this.timeout(120_000);
    const configure = `from django.conf import settings\nsettings.configure(INSTALLED_APPS=${JSON.stringify(APPS)}, SECRET_KEY='x', DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}})`;
    const oracle = djangoOracle(pythonWithDjango(), os.tmpdir(), configure);
    assert.equal(oracle.models.length, 9);
    for (const expected of oracle.models) {
      const ours = model(expected.label);
      assert.equal(ours.dbTable, expected.dbTable, expected.label);
      assert.deepEqual(ours.fields.filter((f) => f.column !== undefined).map((f) => [f.name, f.column, f.djangoClass]), expected.columns, expected.label);
      const m2m = ours.fields.filter((f) => f.relation?.kind === 'ManyToManyField').map((f) => [f.name, f.relation!.throughTable, f.relation!.to]);
      assert.deepEqual(m2m, expected.m2m, expected.label);
      assert.deepEqual(ours.meta.uniqueTogether, expected.uniqueTogether, expected.label);
      assert.deepEqual(ours.meta.ordering ?? [], expected.ordering, expected.label);
    }
  });

  it('assembles the whole of contrib from its facts in well under a second', () => {
    const started = performance.now();
    const again = assembleProject(modules, { settingsModule: 'contrib_settings' });
    const elapsed = performance.now() - started;
    assert.equal(again.models.length, project.models.length);
    assert.ok(elapsed < 1000, `assembling contrib took ${elapsed.toFixed(0)} ms`);
  });
});
