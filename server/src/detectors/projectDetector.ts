/**
 * The contract of a detector that needs the whole Django project (the database, monitoring and
 * later hard-refactor rules), and what each module contributes to it.
 *
 * Each module's facts are plain data computed from one syntax tree, in the worker thread that
 * analyses the module (or from the editor's tree on an edit), and cached with its outline: the
 * Django project model reads `django`, and a stage that needs more of a module (the queries its
 * functions make, the loops around them) adds a field here with its own extractor. Adding a
 * project rule means a file in this folder and one entry in PROJECT_DETECTORS.
 */
import * as nodePath from 'path';
import type { Tree } from 'web-tree-sitter';
import type { SyntaxNode } from '../core/parse/syntaxNode';
import { copyTree } from '../core/parse/treeCopy';
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { ProjectFiles } from '../core/model/projectFiles';
import { djangoModuleFacts, type DjangoModuleFacts } from '../core/django/moduleFacts';
import type { DjangoProjectModel } from '../core/django/project';
import { handRolledFacts, type HandRolledFacts } from '../core/handRolled/facts';
import { detectHandRolled } from './handRolled';
import { detectMixedResponsibilities } from './mixedResponsibilities';
import { detectObservability } from './observability';
import { observabilityFacts, type ObservabilityFacts } from '../core/observability/codeFacts';
import { queryFactsOf, type QueryFacts } from '../core/queries/queryFacts';
import { missingIndex } from './missingIndex';
import { nPlusOne } from './nPlusOne';
import { detectUnsafeMigrations } from './unsafeMigration';
import { databaseModuleFacts, type DatabaseModuleFacts } from '../core/database/fieldReads';
import { handWrittenCrudViews } from './handWrittenCrudView';
import { crudModuleFacts, type CrudModuleFacts } from '../core/django/crud/crudHandlers';
import { formViewCandidates, type FormViewCandidate } from '../core/django/crud/formViews';
import { readViewCandidates, type ReadViewCandidate } from '../core/django/crud/readViews';

/** What the project rules keep of one module. */
export interface ModuleFacts {
  readonly django: DjangoModuleFacts;
  /** Library code written by hand, and classes' methods (hand-rolled, mixed-responsibilities). */
  readonly handRolled: HandRolledFacts;
  /** Handlers swallowing errors and `print()` calls (the observability rule). */
  readonly observability: ObservabilityFacts;
  /** The ORM queries its functions make, the loops around them (missing-index, n-plus-one). */
  readonly queries: QueryFacts;
  /** The names it reads as model fields, and a migration's model imports (the database stage). */
  readonly database: DatabaseModuleFacts;
  /** The views' handlers that list, create, retrieve, update or destroy by hand (hand-written-crud-view). */
  readonly crudHandlers: CrudModuleFacts;
  /** Function views creating or updating one object through a form by hand (hand-written-crud-view). */
  readonly formViews: readonly FormViewCandidate[];
  readonly readViews: readonly ReadViewCandidate[];
}

/**
 * Whether a module can take part in the Django project: it names Django or DRF, or it is a
 * package's `__init__.py` (which names the package) or a migration, or it queries a model
 * (`Order.objects`) without naming Django. Others are never parsed for facts, which keeps a
 * workspace of plain Python as fast as before; nor is any module while no project rule exists.
 */
export function wantsModuleFacts(path: string, text: string): boolean {
  if (PROJECT_DETECTORS.length === 0) return false;
  const base = nodePath.basename(path);
  // Service modules (`from .models import …`, `X.objects`), settings and middleware hold hand-rolled code too (retry
  // loops, `requests` calls, environment parsing, CORS headers), mixed classes and queries.
  return base === '__init__.py' || nodePath.basename(nodePath.dirname(path)) === 'migrations' || /\b(django|rest_framework|models|requests|sleep|environ|getenv)\b|Access-Control-Allow-|\.objects\b/.test(text);
}

/**
 * The facts of the module at `path`, parsed from `text` into `tree` (which stays the caller's).
 * The extractors walk a plain-object copy of the tree: cheaper than their many reads through WASM.
 */
export function parseModuleFacts(path: string, tree: Tree, text: string): ModuleFacts {
  return moduleFactsOf(path, copyTree(tree.rootNode, text));
}

/** The facts of the module at `path`, parsed as `root`. */
export function moduleFactsOf(path: string, root: SyntaxNode): ModuleFacts {
  return {
    django: djangoModuleFacts(path, root),
    handRolled: handRolledFacts(root),
    observability: observabilityFacts(root),
    queries: queryFactsOf(root),
    database: databaseModuleFacts(path, root),
    crudHandlers: crudModuleFacts(path, root),
    formViews: formViewCandidates(root),
    readViews: readViewCandidates(root),
  };
}

/** What a project detector sees. */
export interface ProjectSources {
  /** The workspace folder. */
  readonly root: string;
  /** The files beside the code (requirements files, a Procfile, `.untangle/db-stats.json`), read through the adapter. */
  readonly files: ProjectFiles;
  /** The project as Django sees it. */
  readonly project: DjangoProjectModel;
  /** Every module's facts, by absolute path (migrations included). */
  readonly modules: ReadonlyMap<string, ModuleFacts>;
}

export type ProjectDetector = (sources: ProjectSources, settings: Settings) => Finding[];

/** Every project detector, in the order their findings are listed. */
export const PROJECT_DETECTORS: readonly ProjectDetector[] = [
  detectHandRolled,
  detectMixedResponsibilities,
  handWrittenCrudViews,
  detectObservability,
  missingIndex,
  nPlusOne,
  detectUnsafeMigrations,
];
