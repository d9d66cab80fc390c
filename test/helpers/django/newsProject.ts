/**
 * A Django project of one app, `news`, with its first migration, as an inline fixture
 * (`#- path` headers) for the tests of the safe field rename: manage.py names the settings, the
 * settings install the app, and `models` is the app's models.py.
 */
export function newsProject(models: string, extraFiles = ''): string {
  return `
#- manage.py
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_settings")
#- site_settings.py
INSTALLED_APPS = ["news"]
#- news/__init__.py
#- news/models.py
${models.trim()}
#- news/migrations/__init__.py
#- news/migrations/0001_initial.py
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
${extraFiles}`;
}
