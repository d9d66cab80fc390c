/**
 * The project's views. A class is a view when a Django or DRF view class is in its MRO; a function
 * when a URL pattern routes to it or a view decorator wraps it (`@api_view`, `@login_required`,
 * `@require_POST`…). For class views, the attributes DRF and Django read (`queryset`, `model`,
 * `serializer_class`, `permission_classes`…) are looked up along the MRO; DRF's policies fall back
 * to `REST_FRAMEWORK` defaults, then to DRF's own, and say where they came from. Django's and
 * DRF's own view classes, viewset actions and defaults are listed here, for when the workspace
 * does not hold their source (it seldom does).
 */
import type { SourceRange } from '../model/sourceRange';
import { FRAMEWORK_MODULE, HANDLER_METHODS, VIEW_DECORATOR } from '../python/functionFacts';
import { lastPart } from '../python/workspaceNames';
import type { ClassIndex, ProjectClass } from './classes';
import { booleanOf, keywordOf, nameOf, sourceOf, stringsOf, type Expr } from './expr';
import { decoratorName, httpMethodsOf, isDjangoDecorator, LOGIN_REQUIRED, permissionRequiredOf, type PermissionRequired } from './viewDecorators';
import type { DjangoModuleFacts, FunctionDefinition } from './moduleFacts';
import type { ModelLookup } from './models';
import { refQualifiedName } from './names';
import type { DjangoSerializer } from './serializers';
import type { DjangoSettings } from './settings';
import { isUnknown, knownStrings, stringLiteral, unknown, type Known, type StaticValue } from './values';

// What Django and DRF define and the project inherits without the workspace holding their source.

/** Django's and DRF's view classes, for bases whose import cannot be followed (a star import). */
export const FRAMEWORK_VIEWS = new Set([
  'View', 'TemplateView', 'RedirectView', 'ListView', 'DetailView', 'CreateView', 'UpdateView', 'DeleteView',
  'FormView', 'ArchiveIndexView', 'YearArchiveView', 'MonthArchiveView', 'DayArchiveView', 'DateDetailView',
  'APIView', 'GenericAPIView', 'ListAPIView', 'CreateAPIView', 'RetrieveAPIView', 'UpdateAPIView',
  'DestroyAPIView', 'ListCreateAPIView', 'RetrieveUpdateAPIView', 'RetrieveDestroyAPIView',
  'RetrieveUpdateDestroyAPIView', 'ViewSet', 'GenericViewSet', 'ModelViewSet', 'ReadOnlyModelViewSet',
  'ViewSetMixin',
]);

/** A class of Django or DRF that is a view: all are named so (`LoginView`, `PasswordResetView`…). */
export function isFrameworkView(qualifiedName: string): boolean {
  const name = lastPart(qualifiedName);
  return FRAMEWORK_MODULE.test(qualifiedName) && (FRAMEWORK_VIEWS.has(name) || /View(Set)?$/.test(name));
}

/** The viewset actions a router maps to routes: list and create on the list route, the others on the detail route. */
const VIEWSET_ACTIONS: readonly string[] = ['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'];

/** The actions DRF's classes provide, by class name; classes listed with none provide none. */
const PROVIDED_ACTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['ModelViewSet', VIEWSET_ACTIONS],
  ['ReadOnlyModelViewSet', ['list', 'retrieve']],
  ['ListModelMixin', ['list']],
  ['CreateModelMixin', ['create']],
  ['RetrieveModelMixin', ['retrieve']],
  ['UpdateModelMixin', ['update', 'partial_update']],
  ['DestroyModelMixin', ['destroy']],
  ['GenericViewSet', []],
  ['ViewSet', []],
  ['ViewSetMixin', []],
  ['GenericAPIView', []],
  ['APIView', []],
  ['View', []],
  ['object', []],
]);

/** DRF's `api_settings` defaults for what a view may set itself. */
const DRF_DEFAULTS = {
  DEFAULT_PERMISSION_CLASSES: ['rest_framework.permissions.AllowAny'],
  DEFAULT_AUTHENTICATION_CLASSES: ['rest_framework.authentication.SessionAuthentication', 'rest_framework.authentication.BasicAuthentication'],
  DEFAULT_FILTER_BACKENDS: [] as string[],
  DEFAULT_PAGINATION_CLASS: null,
} as const;

/** A DRF policy (permission classes, authentication classes, filter backends, pagination) and where it is set. */
export interface ViewPolicy<T> {
  readonly value: Known<T>;
  readonly from: 'view' | 'settings' | 'default';
}

/** An `@action` of a viewset: an extra route. */
export interface ViewAction {
  readonly name: string;
  readonly detail: Known<boolean>;
  readonly methods: Known<string[]>;
  readonly urlPath: Known<string>;
  readonly urlName: Known<string>;
}

export interface DjangoView {
  readonly kind: 'function' | 'class';
  readonly name: string;
  readonly qualifiedName: string;
  readonly path: string;
  readonly range: SourceRange;
  /** A DRF view (an `APIView`, a viewset, an `@api_view` function) or a plain Django one. */
  readonly framework: 'django' | 'drf';
  readonly viewset: boolean;
  /** Django and DRF classes in the MRO (qualified where known). */
  readonly frameworkBases: readonly string[];
  /** Decorators as written. */
  readonly decorators: readonly string[];
  /** The HTTP methods `@api_view([...])` or `@require_http_methods([...])` allow. */
  readonly httpMethods?: Known<string[]>;
  /** Whether Django's own `login_required` or `LoginRequiredMixin` (a project's own may check otherwise) wraps it. */
  readonly loginRequired: boolean;
  /** A function's `@permission_required`, when it is Django's own. */
  readonly permissionRequired?: PermissionRequired;
  /** The model it works on, as a label, and which attribute says so. */
  readonly model?: string;
  readonly modelFrom?: 'queryset' | 'model' | 'serializer';
  readonly queryset?: string;
  /** `serializer_class`, qualified. */
  readonly serializer?: string;
  readonly permissionClasses?: ViewPolicy<string[]>;
  readonly authenticationClasses?: ViewPolicy<string[]>;
  readonly filterBackends?: ViewPolicy<string[]>;
  readonly paginationClass?: ViewPolicy<string | null>;
  readonly lookupField?: Known<string>;
  readonly lookupUrlKwarg?: Known<string>;
  readonly lookupValueRegex?: Known<string>;
  /** Handler methods (`get`, `list`, `get_queryset`…) the class and its project bases define. */
  readonly handlers: readonly string[];
  readonly actions: readonly ViewAction[];
  /** For viewsets, the router actions it has (`list`, `retrieve`…); unknown when a base from elsewhere may add some. */
  readonly viewsetActions?: Known<string[]>;
}

/** What collecting the views reads of the project. */
export interface ViewSources {
  readonly classes: ClassIndex;
  readonly models: ModelLookup;
  readonly serializers: readonly DjangoSerializer[];
  readonly settings: DjangoSettings | undefined;
}

const DRF = /^rest_framework\./;
const DRF_NAMES = /APIView$|ViewSet$|^ViewSetMixin$/;

/** The class-based views of the project. */
export function collectClassViews(sources: ViewSources): DjangoView[] {
  const { classes } = sources;
  const views: DjangoView[] = [];
  for (const cls of classes.all()) {
    const outside = classes.outsideBases(cls);
    const frameworkBases = outside.filter(isViewBase);
    if (frameworkBases.length === 0) continue;
    const drf = frameworkBases.some((base) => DRF.test(base) || DRF_NAMES.test(lastPart(base)));
    const viewset = frameworkBases.some((base) => /ViewSet(Mixin)?$/.test(lastPart(base)));
    const attribute = (name: string) => attributeOf(classes, cls, name);
    const serializerRef = nameOf(attribute('serializer_class')?.value);
    const serializer = serializerRef ? refQualifiedName(classes.names.resolve(attribute('serializer_class')!.owner.path, serializerRef)) : undefined;
    const { model, modelFrom, queryset } = modelOf(sources, cls, serializer);
    const policy = (name: string, setting: ListSetting) => (drf ? classPolicy(sources, cls, name, setting) : undefined);
    views.push({
      kind: 'class',
      name: cls.name,
      qualifiedName: cls.qualifiedName,
      path: cls.path,
      range: cls.facts.range,
      framework: drf ? 'drf' : 'django',
      viewset,
      frameworkBases,
      decorators: cls.facts.decorators.map(sourceOf),
      loginRequired: outside.some((base) => lastPart(base) === 'LoginRequiredMixin'),
      model,
      modelFrom,
      queryset,
      serializer,
      permissionClasses: policy('permission_classes', 'DEFAULT_PERMISSION_CLASSES'),
      authenticationClasses: policy('authentication_classes', 'DEFAULT_AUTHENTICATION_CLASSES'),
      filterBackends: policy('filter_backends', 'DEFAULT_FILTER_BACKENDS'),
      paginationClass: drf ? paginationPolicy(sources, cls) : undefined,
      lookupField: literalString(attribute('lookup_field')?.value),
      lookupUrlKwarg: literalString(attribute('lookup_url_kwarg')?.value),
      lookupValueRegex: literalString(attribute('lookup_value_regex')?.value),
      handlers: [...new Set(classes.lineage(cls).flatMap((owner) => owner.facts.methods.map((m) => m.name).filter((name) => HANDLER_METHODS.has(name))))],
      actions: actionsOf(classes, cls),
      viewsetActions: viewset ? viewsetActionsOf(classes, cls) : undefined,
    });
  }
  return views;
}

/**
 * The function views: those `routed` (keys `path\nname`) and those a view decorator wraps.
 */
export function collectFunctionViews(modules: Iterable<DjangoModuleFacts>, routed: ReadonlySet<string>, sources: ViewSources): DjangoView[] {
  const views: DjangoView[] = [];
  for (const module of modules) {
    const moduleName = sources.classes.names.moduleName(module.path);
    for (const fn of module.functions) {
      const decorators = fn.decorators.map(sourceOf);
      if (!routed.has(`${module.path}\n${fn.name}`) && !decorators.some((decorator) => VIEW_DECORATOR.test(decorator))) continue;
      views.push(functionView(module, moduleName, fn, decorators, sources));
    }
  }
  return views;
}

function functionView(module: DjangoModuleFacts, moduleName: string, fn: FunctionDefinition, decorators: string[], sources: ViewSources): DjangoView {
  const decorator = (name: string) => fn.decorators.find((d) => decoratorName(d) === name);
  const apiView = decorator('api_view');
  const drf = apiView !== undefined;
  const policy = (name: string, setting: ListSetting): ViewPolicy<string[]> | undefined => {
    if (!drf) return undefined;
    const given = decorator(name);
    const classes = given?.kind === 'call' ? given.args[0] : undefined;
    return classes ? { value: classNames(sources, module.path, classes), from: 'view' } : settingsPolicy(sources.settings, setting, knownStrings);
  };
  return {
    kind: 'function',
    name: fn.name,
    qualifiedName: `${moduleName}.${fn.name}`,
    path: module.path,
    range: fn.range,
    framework: drf ? 'drf' : 'django',
    viewset: false,
    frameworkBases: [],
    decorators,
    httpMethods: httpMethodsOf(fn.decorators),
    loginRequired: isDjangoDecorator(sources.classes, module.path, decorator('login_required'), LOGIN_REQUIRED),
    permissionRequired: permissionRequiredOf(sources.classes, module.path, decorator('permission_required')),
    permissionClasses: policy('permission_classes', 'DEFAULT_PERMISSION_CLASSES'),
    authenticationClasses: policy('authentication_classes', 'DEFAULT_AUTHENTICATION_CLASSES'),
    handlers: [],
    actions: [],
  };
}


function isViewBase(name: string): boolean {
  if (!name.includes('.')) return FRAMEWORK_VIEWS.has(name) || /(View|ViewSet)$/.test(name);
  return isFrameworkView(name) || /(View|ViewSet)$/.test(lastPart(name));
}

/** An attribute as Python finds it on the class: its own, else the first project base's in MRO order. */
function attributeOf(classes: ClassIndex, cls: ProjectClass, name: string): { value: Expr; owner: ProjectClass } | undefined {
  for (const owner of classes.lineage(cls)) {
    const attribute = owner.facts.attributes.find((candidate) => candidate.name === name);
    if (attribute) return { value: attribute.value, owner };
  }
  return undefined;
}

/** The model of `queryset = Product.objects…`, else of `model = Product`, else of the serializer's `Meta.model`. */
function modelOf(sources: ViewSources, cls: ProjectClass, serializer: string | undefined): Pick<DjangoView, 'model' | 'modelFrom' | 'queryset'> {
  const { classes, models } = sources;
  const queryset = attributeOf(classes, cls, 'queryset');
  const root = queryset ? chainRoot(queryset.value) : undefined;
  if (queryset && root) {
    const parts = root.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const label = models.labelOf(classes.names.resolve(queryset.owner.path, parts.slice(0, i).join('.')));
      if (label) return { model: label, modelFrom: 'queryset', queryset: sourceOf(queryset.value) };
    }
  }
  const model = attributeOf(classes, cls, 'model');
  const modelName = nameOf(model?.value);
  const label = model && modelName ? models.labelOf(classes.names.resolve(model.owner.path, modelName)) : undefined;
  if (label) return { model: label, modelFrom: 'model', queryset: queryset && sourceOf(queryset.value) };
  const serializerModel = sources.serializers.find((candidate) => candidate.qualifiedName === serializer)?.model;
  if (typeof serializerModel === 'string') return { model: serializerModel, modelFrom: 'serializer', queryset: queryset && sourceOf(queryset.value) };
  return { queryset: queryset && sourceOf(queryset.value) };
}

/** `Product.objects` of `Product.objects.filter(…).order_by(…)`. */
function chainRoot(expr: Expr): string | undefined {
  let node = expr;
  while (node.kind === 'call' || node.kind === 'attribute') node = node.kind === 'call' ? node.callee : node.object;
  return nameOf(node);
}

type ListSetting = 'DEFAULT_PERMISSION_CLASSES' | 'DEFAULT_AUTHENTICATION_CLASSES' | 'DEFAULT_FILTER_BACKENDS';

function classPolicy(sources: ViewSources, cls: ProjectClass, name: string, setting: ListSetting): ViewPolicy<string[]> {
  const attribute = attributeOf(sources.classes, cls, name);
  if (!attribute) return settingsPolicy(sources.settings, setting, knownStrings);
  return { value: classNames(sources, attribute.owner.path, attribute.value), from: 'view' };
}

function paginationPolicy(sources: ViewSources, cls: ProjectClass): ViewPolicy<string | null> {
  const attribute = attributeOf(sources.classes, cls, 'pagination_class');
  if (!attribute) {
    return settingsPolicy(sources.settings, 'DEFAULT_PAGINATION_CLASS', (value) =>
      typeof value === 'string' || value === null ? value : isUnknown(value) ? value : unknown(JSON.stringify(value)),
    );
  }
  const value = attribute.value;
  if (value.kind === 'literal' && value.value === null) return { value: null, from: 'view' };
  const dotted = nameOf(value);
  return { value: dotted ? refQualifiedName(sources.classes.names.resolve(attribute.owner.path, dotted)) : unknown(sourceOf(value)), from: 'view' };
}

/** A `REST_FRAMEWORK` default when the settings set it, DRF's own when they do not. */
function settingsPolicy<T>(settings: DjangoSettings | undefined, setting: keyof typeof DRF_DEFAULTS, read: (value: StaticValue) => Known<T>): ViewPolicy<T> {
  if (!settings) return { value: unknown('no settings module found'), from: 'settings' };
  const framework = settings.restFramework;
  if (framework !== undefined && isUnknown(framework)) return { value: framework, from: 'settings' };
  const value = framework?.[setting];
  if (value === undefined) return { value: read(DRF_DEFAULTS[setting] as StaticValue), from: 'default' };
  return { value: read(value), from: 'settings' };
}

/** `[IsAuthenticated, perms.IsOwner]` as qualified names. */
function classNames(sources: ViewSources, path: string, expr: Expr): Known<string[]> {
  if (expr.kind !== 'list') return unknown(sourceOf(expr));
  const names: string[] = [];
  for (const item of expr.items) {
    const dotted = nameOf(item);
    if (!dotted) return unknown(sourceOf(expr));
    names.push(refQualifiedName(sources.classes.names.resolve(path, dotted)));
  }
  return names;
}

function actionsOf(classes: ClassIndex, cls: ProjectClass): ViewAction[] {
  const actions: ViewAction[] = [];
  for (const owner of classes.lineage(cls)) {
    for (const method of owner.facts.methods) {
      const action = method.decorators.find((decorator) => decoratorName(decorator) === 'action');
      if (!action || actions.some((known) => known.name === method.name)) continue;
      const keyword = (name: string) => (action.kind === 'call' ? keywordOf(action, name) : undefined);
      const detail = keyword('detail');
      const methods = keyword('methods');
      const urlPath = keyword('url_path');
      const urlName = keyword('url_name');
      actions.push({
        name: method.name,
        detail: detail === undefined ? unknown('detail not given') : (booleanOf(detail) ?? unknown(sourceOf(detail))),
        methods: methods === undefined ? ['get'] : (stringsOf(methods)?.map((m) => m.toLowerCase()) ?? unknown(sourceOf(methods))),
        urlPath: urlPath === undefined ? method.name : stringLiteral(urlPath),
        urlName: urlName === undefined ? method.name.replace(/_/g, '-') : stringLiteral(urlName),
      });
    }
  }
  return actions;
}

/** The router actions of a viewset: those its DRF bases provide and those its project classes define. */
function viewsetActionsOf(classes: ClassIndex, cls: ProjectClass): Known<string[]> {
  const actions = new Set<string>();
  for (const entry of classes.mro(cls)) {
    if (entry.kind === 'class') {
      entry.cls.facts.methods.filter((m) => VIEWSET_ACTIONS.includes(m.name)).forEach((m) => actions.add(m.name));
      continue;
    }
    const provided = PROVIDED_ACTIONS.get(lastPart(entry.name));
    if (!provided) return unknown(`actions of ${entry.name}`);
    provided.forEach((action) => actions.add(action));
  }
  return VIEWSET_ACTIONS.filter((action) => actions.has(action));
}



function literalString(expr: Expr | undefined): Known<string> | undefined {
  return expr === undefined ? undefined : stringLiteral(expr);
}
