import { strict as assert } from 'node:assert';
import { isUnknown } from '../../../server/src/core/django/values';
import { projectOf } from '../../helpers/django/djangoModel';

describe('Django project model: settings', () => {
  it('finds the settings module manage.py names and reads its values as data', async () => {
    const { settings } = await projectOf({
      'manage.py': `
        import os
        def main():
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")
      `,
      'site_project/settings.py': `
        import os
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent.parent
        SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
        DEBUG = True
        INSTALLED_APPS = ["django.contrib.auth", "shop.apps.ShopConfig"]
        MIDDLEWARE = ("django.middleware.security.SecurityMiddleware",)
        DATABASES = {
            "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"},
            "replica": {"ENGINE": os.environ["REPLICA_ENGINE"]},
        }
        REST_FRAMEWORK = {
            "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
            "PAGE_SIZE": 20,
            "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
        }
        SESSION_COOKIE_AGE = 60 * 60 * 24
        ROOT_URLCONF = "site_project.urls"
        AUTH_USER_MODEL = "accounts.User"
        _private = 1
      `,
      'site_project/other_settings.py': 'INSTALLED_APPS = ["other"]\n',
    });
    assert.ok(settings);
    assert.equal(settings.module, 'site_project.settings');
    assert.equal(settings.foundBy, 'DJANGO_SETTINGS_MODULE');
    assert.deepEqual(settings.installedApps, ['django.contrib.auth', 'shop.apps.ShopConfig']);
    assert.deepEqual(settings.middleware, ['django.middleware.security.SecurityMiddleware'], 'a tuple is a list');
    assert.equal(settings.databases && !isUnknown(settings.databases) && settings.databases.length, 2);
    const [primary, replica] = settings.databases as { alias: string; engine: unknown }[];
    assert.deepEqual(primary, { alias: 'default', engine: 'django.db.backends.postgresql' });
    assert.ok(isUnknown(replica.engine), 'an environment lookup is unknown, never a guess');
    assert.ok(isUnknown(settings.values.SECRET_KEY));
    assert.match((settings.values.SECRET_KEY as { source: string }).source, /os\.environ\.get/);
    assert.ok(isUnknown(settings.values.BASE_DIR));
    assert.deepEqual(settings.restFramework, {
      DEFAULT_PAGINATION_CLASS: 'rest_framework.pagination.PageNumberPagination',
      PAGE_SIZE: 20,
      DEFAULT_FILTER_BACKENDS: ['django_filters.rest_framework.DjangoFilterBackend'],
    });
    assert.equal(settings.values.SESSION_COOKIE_AGE, 86400);
    assert.equal(settings.rootUrlconf, 'site_project.urls');
    assert.equal(settings.authUserModel, 'accounts.User');
    assert.equal(settings.logging, false);
    assert.equal(settings.values._private, undefined, 'only upper-case names are settings');
  });

  it('follows split settings: star imports, +=, append, spread lists and imported names', async () => {
    const { settings } = await projectOf({
      'config/settings/base.py': `
        DJANGO_APPS = ["django.contrib.auth", "django.contrib.contenttypes"]
        LOCAL_APPS = ["shop"]
        INSTALLED_APPS = [*DJANGO_APPS, *LOCAL_APPS]
        MIDDLEWARE = ["a.Middleware"]
        LOGGING = {"version": 1, "handlers": {"console": {"class": "logging.StreamHandler"}}}
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
      `,
      'config/settings/apps.py': 'EXTRA_APPS = ["debug_toolbar"]\n',
      'config/settings/dev.py': `
        from .base import *
        from .apps import EXTRA_APPS
        INSTALLED_APPS += EXTRA_APPS
        MIDDLEWARE.append("debug_toolbar.middleware.DebugToolbarMiddleware")
        MIDDLEWARE.insert(0, "first.Middleware")
        DATABASES["default"]["NAME"] = "dev.sqlite3"
        try:
            from .local import *
        except ImportError:
            pass
      `,
      'config/settings/local.py': 'DEBUG = True\n',
      'config/settings/prod.py': 'from .base import *\nDEBUG = False\n',
    });
    assert.ok(settings);
    assert.equal(settings.foundBy, 'INSTALLED_APPS');
    assert.equal(settings.module, 'config.settings.dev', 'the first of the modules built on base.py, sorted');
    assert.deepEqual(settings.alternatives, ['config/settings/prod.py']);
    assert.deepEqual(settings.installedApps, ['django.contrib.auth', 'django.contrib.contenttypes', 'shop', 'debug_toolbar']);
    assert.deepEqual(settings.middleware, ['first.Middleware', 'a.Middleware', 'debug_toolbar.middleware.DebugToolbarMiddleware']);
    assert.equal(settings.logging, true);
    assert.deepEqual(settings.values.LOGGING, { version: 1, handlers: { console: { class: 'logging.StreamHandler' } } });
    assert.ok(isUnknown(settings.databases), 'a subscript assignment changes DATABASES in a way not followed');
    assert.ok(isUnknown(settings.values.DEBUG), 'what an optional star import sets is unknown');
    assert.match((settings.values.DEBUG as { source: string }).source, /conditional/);
  });

  it('marks values set in if/try blocks or built by calls as unknown', async () => {
    const { settings } = await projectOf({
      'proj/settings.py': `
        import os
        INSTALLED_APPS = ["a"]
        if os.environ.get("DEBUG"):
            INSTALLED_APPS += ["debug_toolbar"]
        MIDDLEWARE = list(BASE_MIDDLEWARE)
        CACHES = env.cache()
      `,
    });
    assert.ok(settings);
    assert.ok(isUnknown(settings.installedApps));
    assert.ok(isUnknown(settings.middleware));
    assert.ok(isUnknown(settings.values.CACHES));
    assert.equal(settings.restFramework, undefined, 'no REST_FRAMEWORK: DRF defaults apply');
  });

  it('takes a settings module given by the caller, and has none when nothing looks like settings', async () => {
    const files = { 'a/conf.py': 'INSTALLED_APPS = ["x"]\n', 'b/conf.py': 'INSTALLED_APPS = ["y"]\n' };
    assert.equal((await projectOf(files, { settingsModule: 'b.conf' })).settings?.module, 'b.conf');
    assert.equal((await projectOf({ 'a/util.py': 'X = 1\n' })).settings, undefined);
  });
});
