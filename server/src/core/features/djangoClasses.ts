/**
 * What a Django developer knows a module's classes as: its models (the nouns features are named
 * after: a `Check` model makes a `check` feature even though "check" is also a verb) and its
 * views (named after what they show: `LoginView` is the login feature). Read from the outline
 * alone, so it is a good guess, not a proof: a base class from another module is judged by its
 * name and where it is imported from.
 */
import type { ImportBinding, ModuleOutline, TopLevelSymbol } from '../python/moduleOutline';
import { lastPart } from '../python/workspaceNames';

/** The module's model and view classes, by the name the module uses for them. */
export interface DjangoClasses {
  /** Local model classes and the model classes the module imports from a models module. */
  readonly models: ReadonlySet<string>;
  /** Local class-based views. */
  readonly views: ReadonlySet<string>;
}

/** A models module: `django.db.models`, `.models`, `shop.models`, `model_utils.models`. */
const MODELS_MODULE = /(^|\.)(\w+_)?models$/;
/** Classes of a models module that are no models. */
const NOT_A_MODEL = /(Manager|QuerySet|Choices|Field|Lookup|Transform|Expression|Index|Constraint)$/;
/** A class-based view's base or name: `View`, `ListAPIView`, `ModelViewSet`. */
const VIEW_CLASS = /(View|ViewSet)$/;

export function djangoClassesOf(outline: Pick<ModuleOutline, 'symbols' | 'imports'>): DjangoClasses {
  const importedModels = new Set(outline.imports.filter(isModelImport).map((binding) => binding.localName));
  const classes = outline.symbols.filter((symbol) => symbol.kind === 'class');
  const models = grow(classes, (base) => isModelBase(base, importedModels));
  const views = grow(classes, (base) => VIEW_CLASS.test(baseName(base)), (symbol) => VIEW_CLASS.test(symbol.name));
  return { models: new Set([...importedModels, ...models]), views };
}

/**
 * Whether the import binds a model class: `from .models import Check`, `from
 * django.contrib.auth.models import User`; of `django.db.models` (`Count`, `Prefetch`) only `Model`.
 */
export function isModelImport(binding: Pick<ImportBinding, 'localName' | 'module' | 'importedName'>): boolean {
  const name = binding.importedName;
  if (name === undefined || !MODELS_MODULE.test(binding.module)) return false;
  if (binding.module === 'django.db.models') return name === 'Model';
  return /^[A-Z]\w*[a-z]/.test(binding.localName) && !NOT_A_MODEL.test(name);
}

/** `models.Model`, `models.TimeStampedModel`, `Model`, or a model class imported by name. */
function isModelBase(base: string, importedModels: ReadonlySet<string>): boolean {
  return importedModels.has(base) || /^(\w+\.)*models\.\w*Model$/.test(base) || base === 'Model';
}

/**
 * The local classes with a base that `isBase` accepts or that is such a local class, whatever
 * the order they are defined in (`class Product(TimeStamped)`, `class TimeStamped(models.Model)`).
 */
export function grow(
  classes: readonly TopLevelSymbol[],
  isBase: (base: string) => boolean,
  byName: (symbol: TopLevelSymbol) => boolean = () => false,
): Set<string> {
  const found = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const cls of classes) {
      if (found.has(cls.name)) continue;
      if (byName(cls) || cls.bases.some((base) => isBase(base) || found.has(base))) {
        found.add(cls.name);
        grew = true;
      }
    }
  }
  return found;
}

/** `generics.ListAPIView` → ListAPIView; `Generic[T]` → Generic. */
export function baseName(base: string): string {
  return lastPart(base.replace(/\[.*$/s, ''));
}
