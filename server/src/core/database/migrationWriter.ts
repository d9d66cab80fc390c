/**
 * Writes migration files the way `makemigrations` would place them: each step its own module in
 * the app's `migrations` package, numbered after the app's latest migration and depending on the
 * one before it, so a sequence applies (and reverses) one step at a time. The steps themselves
 * (operations, RunPython functions, imports) come from the safe-sequence writers
 * (refactor/database/); this file only numbers, links and renders them.
 */
import * as path from 'path';
import type { DjangoProjectModel } from '../django/project';
import { isUnknown } from '../django/values';

/** One migration of a sequence, before it has a number. */
export interface MigrationStep {
  /** The name after the number: `add_display_name` gives `0004_add_display_name`. */
  readonly slug: string;
  /** What the step does and why it is its own migration (the file's opening comment). */
  readonly purpose: string;
  /** False for a step that must not run in one transaction (CREATE INDEX CONCURRENTLY, batched copies). */
  readonly atomic: boolean;
  /** Import lines besides `from django.db import migrations, models`. */
  readonly imports: readonly string[];
  /** Module-level definitions before the class (constants, RunPython functions), each a block of lines. */
  readonly definitions: readonly string[];
  /** Each operation as Python source, its lines indented relative to its first. */
  readonly operations: readonly string[];
  /** Migrations of other apps the step needs (the app a new foreign key points to), as `[app, name]`. */
  readonly dependencies?: readonly (readonly [string, string])[];
}

/** Where an app's next migrations go. */
export interface AppMigrations {
  readonly app: string;
  /** The `migrations` package folder. */
  readonly folder: string;
  /** The app's latest migration (the one no other migration of the app depends on). */
  readonly latest: string;
  /** The number the next migration takes. */
  readonly nextNumber: number;
}

/** A rendered migration module. */
export interface WrittenMigration {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

const NUMBERED = /^(\d+)_/;

/**
 * The app's migrations package and its latest migration; a reason instead when new migrations
 * cannot be numbered (no migrations yet, or two leaves that need a merge migration first).
 */
export function appMigrations(model: DjangoProjectModel, app: string): AppMigrations | string {
  const own = model.migrations.filter((migration) => migration.app === app);
  if (own.length === 0) return `app \`${app}\` has no migrations yet: run makemigrations first`;
  const dependedOn = new Set<string>();
  for (const migration of model.migrations) {
    for (const dependency of [...migration.dependencies, ...migration.replaces]) {
      if (dependency.app === app && !isUnknown(dependency.name)) dependedOn.add(dependency.name);
    }
  }
  const leaves = own.filter((migration) => !dependedOn.has(migration.name));
  if (leaves.length !== 1) {
    return `app \`${app}\` has ${leaves.length} latest migrations (${leaves.map((m) => m.name).join(', ')}): merge them first (makemigrations --merge)`;
  }
  const numbers = own.map((migration) => Number(NUMBERED.exec(migration.name)?.[1] ?? 0));
  return { app, folder: path.dirname(leaves[0].path), latest: leaves[0].name, nextNumber: Math.max(...numbers) + 1 };
}

/** The steps as migration modules, numbered from the app's next number, each depending on the one before. */
export function writeMigrations(app: AppMigrations, steps: readonly MigrationStep[], title: string): WrittenMigration[] {
  let previous = app.latest;
  return steps.map((step, index) => {
    const name = `${String(app.nextNumber + index).padStart(4, '0')}_${step.slug}`;
    const text = renderMigration(app.app, previous, step, steps.length === 1 ? title : `${title}, step ${index + 1} of ${steps.length}`);
    previous = name;
    return { name, path: path.join(app.folder, `${name}.py`), text };
  });
}

/** Django's own module layout: comment, imports, definitions, then the Migration class. */
function renderMigration(app: string, dependency: string, step: MigrationStep, heading: string): string {
  const body = [...step.definitions, ...step.operations].join('\n');
  const djangoDb = `from django.db import migrations${/\bmodels\./.test(body) ? ', models' : ''}`;
  const imports = [...new Set([djangoDb, ...step.imports.flatMap((line) => usedImport(line, body) ?? [])])].sort(byModule);
  const lines = [`# Written by Untangle: ${heading}.`, ...step.purpose.split('\n').map((line) => `# ${line}`.trimEnd()), '', ...imports, ''];
  for (const definition of step.definitions) lines.push('', definition.trimEnd(), '');
  lines.push('', 'class Migration(migrations.Migration):', '');
  if (!step.atomic) lines.push('    atomic = False', '');
  const dependencies = [[app, dependency] as const, ...(step.dependencies ?? [])];
  lines.push('    dependencies = [', ...dependencies.map(([other, name]) => `        (${pythonString(other)}, ${pythonString(name)}),`), '    ]', '', '    operations = [');
  for (const operation of step.operations) lines.push(`${indent(operation, 8)},`);
  lines.push('    ]', '');
  return lines.join('\n');
}

/**
 * The import line cut to the names `body` reads (`import a.b` is read as `a.b.…`), undefined when
 * it reads none: a step's module imports nothing it never uses.
 */
function usedImport(line: string, body: string): string | undefined {
  const reads = (name: string) => new RegExp(`\\b${name.replace(/\./g, '\\.')}\\b`).test(body);
  const plain = /^import\s+([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(line);
  if (plain) return reads(plain[2] ?? plain[1]) ? line : undefined;
  const from = /^(from\s+[\w.]+\s+import)\s+\(?([^)]*?)\)?\s*$/.exec(line);
  if (!from) return line;
  const names = from[2].split(',').map((name) => name.trim()).filter((name) => name !== '');
  const used = names.filter((name) => name === '*' || reads(name.split(/\s+as\s+/).at(-1) ?? name));
  return used.length === 0 ? undefined : `${from[1]} ${used.join(', ')}`;
}

/** `import x` and `from x import y` sorted by module, as isort leaves Django's migrations. */
function byModule(a: string, b: string): number {
  const key = (line: string) => line.replace(/^(from|import) /, '');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** Every line of `text` indented by `spaces`, blank lines left empty. */
export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `${pad}${line}`))
    .join('\n');
}

/** A Python string literal: double-quoted as black writes them, single-quoted around SQL's quoted names. */
export function pythonString(value: string): string {
  if (value.includes('"') && !value.includes("'") && !/[\\\n]/.test(value)) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
