/** Project sources of in-memory workspaces for the observability tests, parsed with the real parser. */
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import type { ProjectSources } from '../../../server/src/detectors/projectDetector';
import { projectSourcesOf } from '../../../server/src/refactor/queries/projectSources';
import { DISK_FILES } from '../../../server/src/fs/projectFiles';
import { detectObservability } from '../../../server/src/detectors/observability';
import { ROOT } from '../../helpers/refactor/refactorFixture';

/** The sources the project detectors see of `files` (absolute paths), rooted at `root`; files beside the code come from the map, else from the disk. */
export async function sourcesOf(files: ReadonlyMap<string, string>, root = ROOT): Promise<ProjectSources> {
  const modules = new Map([...files].filter(([file]) => file.endsWith('.py')));
  return projectSourcesOf(await loadPythonParser(), root, modules, { read: (file) => files.get(file) ?? DISK_FILES.read(file), list: DISK_FILES.list });
}

/** The rule's findings on `files`. */
export async function observabilityFindings(files: ReadonlyMap<string, string>, root = ROOT): Promise<Finding[]> {
  return detectObservability(await sourcesOf(files, root), DEFAULT_SETTINGS);
}

/** A small project: manage.py naming the settings, an app, the root URLs. */
export const SMALL_PROJECT = `
  #- manage.py
  import os

  from django.core.management import execute_from_command_line

  os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")
  #- site_conf/__init__.py
  #- site_conf/settings.py
  """Settings."""
  from pathlib import Path

  BASE_DIR = Path(__file__).resolve().parent.parent
  INSTALLED_APPS = [
      "django.contrib.contenttypes",
      "orders.apps.OrdersConfig",
  ]
  MIDDLEWARE = [
      "django.middleware.common.CommonMiddleware",
  ]
  ROOT_URLCONF = "site_conf.urls"
  DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
  CACHES = {"default": {"BACKEND": 'django.core.cache.backends.locmem.LocMemCache'}}
  #- site_conf/urls.py
  from django.urls import path

  from orders import views

  urlpatterns = [path("orders/", views.orders)]
  #- orders/__init__.py
  #- orders/apps.py
  from django.apps import AppConfig


  class OrdersConfig(AppConfig):
      name = "orders"
  #- orders/views.py
  from django.http import JsonResponse


  def orders(request):
      return JsonResponse({"orders": []})
`;
