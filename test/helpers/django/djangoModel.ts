/**
 * Builds the Django project model of inline fixtures and real folders for the tests, with the
 * real parser; and reads Django's own view of a project (its app registry, its URL resolver)
 * with Debian's Django, as the oracle the static model is checked against.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import type { DjangoModuleFacts } from '../../../server/src/core/django/moduleFacts';
import { assembleProject, readModuleFacts, type AssemblyOptions, type DjangoProjectModel } from '../../../server/src/core/django/project';
import { dedent } from '../workspace/workspaceFixture';

/** The facts of inline modules (`{ "shop/models.py": "…" }`), an empty `__init__.py` added to every folder that lacks one. */
export async function factsOf(files: Record<string, string>): Promise<Map<string, DjangoModuleFacts>> {
  const parser = await loadPythonParser();
  const all = new Map(Object.entries(files).map(([file, text]) => [file, dedent(text)]));
  for (const file of [...all.keys()]) {
    for (let dir = path.dirname(file); dir !== '.' && dir !== '/'; dir = path.dirname(dir)) {
      if (!all.has(`${dir}/__init__.py`)) all.set(`${dir}/__init__.py`, '');
    }
  }
  return new Map([...all].map(([file, text]) => [file, readModuleFacts(parser, file, text)]));
}

/** The project model of inline modules. */
export async function projectOf(files: Record<string, string>, options?: AssemblyOptions): Promise<DjangoProjectModel> {
  return assembleProject(await factsOf(files), options);
}

/** Every `.py` file below `root`, `__pycache__` left out. */
export function pythonFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__pycache__') walk(full);
      } else if (entry.name.endsWith('.py')) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

/** The facts of files on disk, keyed by their path. */
export async function factsOfFiles(files: readonly string[]): Promise<Map<string, DjangoModuleFacts>> {
  const parser = await loadPythonParser();
  return new Map(files.map((file) => [file, readModuleFacts(parser, file, fs.readFileSync(file, 'utf8'))]));
}

/** A model as Django's `_meta` describes it. */
export interface OracleModel {
  readonly label: string;
  readonly dbTable: string;
  /** Concrete local fields: name, column, class. */
  readonly columns: [string, string, string][];
  /** Many-to-many fields: name, through table, target label. */
  readonly m2m: [string, string, string][];
  readonly uniqueTogether: string[][];
  readonly ordering: string[];
}

/** A URL as Django's resolver has it: the joined pattern strings and the namespaced name. */
export interface OracleUrl {
  readonly route: string;
  readonly name: string | null;
}

const DUMP = `
import json, django
from django.apps import apps
from django.urls import get_resolver, URLPattern, URLResolver

def models():
    out = []
    for m in apps.get_models():
        o = m._meta
        out.append({'label': o.label, 'dbTable': o.db_table,
            'columns': [[f.name, f.column, type(f).__name__] for f in o.local_fields],
            'm2m': [[f.name, f.remote_field.through._meta.db_table, f.remote_field.model._meta.label] for f in o.local_many_to_many],
            'uniqueTogether': [list(x) for x in o.unique_together], 'ordering': list(o.ordering)})
    return out

def strip(part):
    return part[1:] if part.startswith('^') else part

def urls(patterns, prefix, namespaces):
    out = []
    for p in patterns:
        route = prefix + strip(str(p.pattern)).rstrip('$')
        if isinstance(p, URLResolver):
            ns = namespaces + [p.namespace] if p.namespace else namespaces
            out += urls(p.url_patterns, route, ns)
        else:
            out.append({'route': route, 'name': ':'.join(namespaces + [p.name]) if p.name else None})
    return out
`;

/** Django's models (of the installed apps) and URLs, for the settings `configure` sets up in `cwd`. */
export function djangoOracle(python: string, cwd: string, configure: string): { models: OracleModel[]; urls: OracleUrl[] } {
  const script = `${DUMP}\n${configure}\ndjango.setup()\nprint(json.dumps({'models': models(), 'urls': urls(get_resolver().url_patterns, '', []) if getattr(django.conf.settings, 'ROOT_URLCONF', None) else []}))`;
  const run = spawnSync(python, ['-c', script], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (run.status !== 0) throw new Error(`the Django oracle failed:\n${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout);
}
