/**
 * Which model a query chain is on, and every chain that builds a queryset, across the modules'
 * query facts: `Order.objects…` and the model's other managers, a local variable assigned a
 * chain (`orders = …; orders = orders.filter(…)`), `self.<related>` in a model's method,
 * `self.object.<related>` in a detail view's, `self.get_queryset()` / `self.queryset` /
 * `self.model` in a view or an admin whose model the project model knows, and a method of the
 * project's manager or queryset class (`Order.objects.published()`), through the chains it
 * returns. What cannot be resolved (a queryset passed as a parameter) stays unresolved: the
 * rules then say nothing.
 */
import type { DjangoModelClass } from '../django/models';
import type { DjangoModuleFacts } from '../django/moduleFacts';
import type { DjangoProjectModel } from '../django/project';
import { ClassIndex, type ProjectClass } from '../django/classes';
import { ProjectNames } from '../django/names';
import { ModelGraph } from './modelGraph';
import type { QueryChain, QueryFacts } from './queryFacts';
import { adminClassesOf, type AdminClass } from './admins';

/** A module's facts as the query rules read them. */
export interface QueryModule {
  readonly django: DjangoModuleFacts;
  readonly queries: QueryFacts;
}

/** A chain with the module it is in. */
export interface PlacedChain {
  readonly path: string;
  readonly index: number;
  readonly chain: QueryChain;
}

/** A queryset: its model, and the chains that build it (any of them may add `select_related`). */
export interface ResolvedQueryset {
  readonly model: DjangoModelClass;
  readonly chains: readonly PlacedChain[];
  /** A related manager's (`self.orders`): Django filters it by the foreign key, which is indexed. */
  readonly viaRelation?: boolean;
  /** The project's manager or queryset method that starts building it (`OrderQuerySet.published`): its chains come first. */
  readonly method?: string;
  /** A project method with several `return`s on the way (`OrderQuerySet.recent`): the chains of each, every one in `chains` too. */
  readonly branches?: readonly (readonly PlacedChain[])[];
  /** The model's manager the rows come from (`objects`), for the queryset methods chained on them (`.filter(…).paid()`). */
  readonly manager?: string;
}

const SELF_QUERYSET = /^(self|super\(\))\.(get_queryset\([^)]*\)|queryset)$/;
const MANAGER = /^([\w.]+)\.(\w+)$/;
/** The start of `Order.objects.published()`, `Order.objects.for_user(request.user)`, `Order.objects.recent(int(days))`. */
const MANAGER_CALL = /^([\w.]+\.\w+)\.(\w+)\(/;
/** What a manager or queryset method's chain starts from to be that manager's rows. */
const OWN_ROWS = /^(self|(self|super\(\))\.get_queryset\(\))$/;
/** Another method of the same manager: `self.public().filter(…)`. */
const OWN_METHOD = /^self\.(\w+)\([^()]*\)$/;
/** The queryset class a manager is made from: `OrderQuerySet.as_manager()`, `Manager.from_queryset(OrderQuerySet)()`. */
const QUERYSET_CLASS = /^(\w+)\.as_manager\(\)$/;
const FROM_QUERYSET = /\.from_queryset\((\w+)\)/;
/** How many ways through a manager's methods (one per combination of their `return`s) are followed. */
const MAX_BRANCHES = 8;

/** The resolver made for a project's modules, which the rules reading them share (see `of`). */
const resolvers = new WeakMap<ReadonlyMap<string, QueryModule>, QuerysetResolver>();

export class QuerysetResolver {
  /**
   * The resolver of `project` and its modules' facts, made once for the rules of one detection
   * (missing-index and n-plus-one): building its names, classes and admins took 30–60 ms on Django each time.
   */
  static of(project: DjangoProjectModel, modules: ReadonlyMap<string, QueryModule>): QuerysetResolver {
    const made = resolvers.get(modules);
    if (made?.project === project) return made;
    const resolver = new QuerysetResolver(project, modules);
    resolvers.set(modules, resolver);
    return resolver;
  }

  readonly graph: ModelGraph;
  readonly admins: readonly AdminClass[];
  /** The project's classes, for what a view inherits from its project bases. */
  readonly classes: ClassIndex;
  private readonly names: ProjectNames;

  constructor(readonly project: DjangoProjectModel, readonly modules: ReadonlyMap<string, QueryModule>) {
    this.graph = new ModelGraph(project.models);
    this.names = new ProjectNames(new Map([...modules].map(([path, facts]) => [path, facts.django])));
    this.classes = new ClassIndex(this.names);
    this.admins = adminClassesOf(modules, this.names, this.graph);
  }

  /** The model a name written in a module is (`Order`, `models.Order`). */
  modelNamed(path: string, name: string): DjangoModelClass | undefined {
    const qualified = this.qualifiedName(path, name);
    return qualified === undefined ? undefined : this.graph.modelByQualifiedName(qualified);
  }

  /** The file of a workspace module, by its dotted name. */
  moduleFile(module: string): string | undefined {
    return this.names.moduleFile(module);
  }

  /** The qualified name of the workspace definition a name written in a module refers to. */
  qualifiedName(path: string, name: string): string | undefined {
    const ref = this.names.resolve(path, name);
    return ref.kind === 'workspace' ? ref.qualifiedName : undefined;
  }

  /** The queryset a chain of the module at `path` ends in (the chains it is built from included), or undefined. */
  chain(path: string, index: number, depth = 0): ResolvedQueryset | undefined {
    const facts = this.modules.get(path)?.queries;
    const chain = facts?.chains[index];
    if (!chain || depth > 8) return undefined;
    const placed: PlacedChain = { path, index, chain };
    const receiver = chain.receiverChain !== undefined ? this.chain(path, chain.receiverChain, depth + 1) : this.expression(path, chain.scope, chain.receiver, depth + 1);
    const from = receiver && chain.via !== undefined ? this.throughMethod(receiver, chain.via, depth) : receiver;
    return from && { ...from, chains: [...from.chains, placed] };
  }

  /** The queryset an expression in `scope` is: a receiver, or a loop's iterable. */
  expression(path: string, scope: string, text: string, depth = 0): ResolvedQueryset | undefined {
    const facts = this.modules.get(path)?.queries;
    if (!facts || depth > 8) return undefined;
    if (/^\w+$/.test(text)) {
      const assigned = facts.chains.map((chain, index) => ({ chain, index })).filter(({ chain }) => chain.scope === scope && chain.assignedTo === text);
      const resolved = assigned.map(({ index }) => this.chain(path, index, depth + 1)).filter((found): found is ResolvedQueryset => !!found);
      if (resolved.length > 0) return { ...resolved[0], chains: resolved.flatMap((found) => found.chains) };
      const model = assigned.length === 0 ? this.modelNamed(path, text) : undefined;
      return model && { model, chains: [] };
    }
    const owner = this.ownerClass(path, scope);
    if (owner && SELF_QUERYSET.test(text)) return this.classQueryset(path, owner, depth);
    const call = managerCall(text);
    if (call) return this.managerMethod(path, scope, call[1], call[2], depth);
    const manager = MANAGER.exec(text);
    if (!manager) return undefined;
    const [, object, attribute] = manager;
    if (object === 'self' && owner) return this.relationOf(this.project.models.find((candidate) => candidate.path === path && candidate.name === owner), attribute);
    // A detail view's object is a row of its model.
    if (object === 'self.object' && owner) return this.relationOf(this.classModel(path, owner), attribute);
    const model = object === 'self.model' && owner ? this.classModel(path, owner) : this.modelNamed(path, object);
    return model && isManager(model, attribute) ? { model, chains: [], manager: attribute } : undefined;
  }

  /** The model of a view or an admin class of the module at `path`. */
  classModel(path: string, cls: string): DjangoModelClass | undefined {
    const view = this.project.views.find((candidate) => candidate.kind === 'class' && candidate.path === path && candidate.name === cls);
    const label = view?.model ?? this.admins.find((admin) => admin.path === path && admin.name === cls)?.model;
    return label ? this.graph.model(label) : undefined;
  }

  /** The queryset of a view or admin class: its `get_queryset` chains, its `queryset` attribute. */
  classQueryset(path: string, cls: string, depth = 0): ResolvedQueryset | undefined {
    const model = this.classModel(path, cls);
    if (!model) return undefined;
    const facts = this.modules.get(path)!.queries;
    const chains: PlacedChain[] = [];
    facts.chains.forEach((chain, index) => {
      const own = (chain.scope === cls && chain.assignedTo === 'queryset') || chain.scope === `${cls}.get_queryset`;
      if (!own) return;
      const resolved = chain.receiver.startsWith('super()') ? undefined : this.chain(path, index, depth + 1);
      // A call of no queryset method (`self.request.user.get_orders()`) is a queryset only when it resolves (a manager method).
      if (resolved || chain.steps.length > 0) chains.push(...(resolved?.chains ?? [{ path, index, chain }]));
    });
    return { model, chains };
  }

  /**
   * `Order.objects.published()`: the chains `published` returns, when the class of the `objects`
   * manager (`OrderManager()`, `OrderQuerySet.as_manager()`, `Manager.from_queryset(OrderQuerySet)()`)
   * or one of its project bases defines it and builds them from its own rows.
   */
  private managerMethod(path: string, scope: string, receiver: string, method: string, depth: number): ResolvedQueryset | undefined {
    const rows = this.expression(path, scope, receiver, depth + 1);
    const classes = rows && rows.chains.length === 0 && !rows.viaRelation ? this.managerClasses(rows, (written) => written.match(/[A-Za-z_]\w*/g) ?? []) : [];
    const branches = this.methodChains(classes.flatMap((cls) => this.classes.lineage(cls)), method, depth);
    return rows && branches && { model: rows.model, chains: branches.flat(), method: branches[0][0].chain.scope, manager: rows.manager, ...(branches.length > 1 && { branches }) };
  }

  /**
   * `Order.objects.filter(…).paid()`: the rows so far, then the chains `paid` returns from them,
   * when the manager's queryset class (`OrderQuerySet.as_manager()`,
   * `Manager.from_queryset(OrderQuerySet)()`) or a project base of it defines it. A method of a
   * manager class alone is not there: Django's querysets have no such attribute.
   */
  private throughMethod(rows: ResolvedQueryset, method: string, depth: number): ResolvedQueryset | undefined {
    const classes = rows.viaRelation ? [] : this.managerClasses(rows, (written) => [QUERYSET_CLASS.exec(written)?.[1] ?? FROM_QUERYSET.exec(written)?.[1] ?? ''].filter(Boolean));
    const own = this.methodChains(classes.flatMap((cls) => this.classes.lineage(cls)), method, depth);
    // Each way so far, then each way through this method's returns.
    const branches = own && (rows.branches ?? [[]]).flatMap((before) => own.map((after) => [...before, ...after]));
    if (!own || branches!.length > MAX_BRANCHES) return undefined;
    return { ...rows, chains: [...rows.chains, ...own.flat()], ...(branches!.length > 1 && { branches }) };
  }

  /** The classes named in the manager the rows come from (`objects = …`), as `names` picks them from what is written. */
  private managerClasses(rows: ResolvedQueryset, names: (written: string) => readonly string[]): ProjectClass[] {
    const manager = rows.model.managers.find((candidate) => candidate.name === rows.manager);
    const declaredIn = manager && (manager.inheritedFrom === undefined ? rows.model.path : this.graph.modelByQualifiedName(manager.inheritedFrom)?.path);
    return manager && declaredIn ? names(manager.written).flatMap((name) => this.classes.resolveClass(declaredIn, name) ?? []) : [];
  }

  /**
   * The chains of each `return` of `method` of the first of `lineage` defining it, each built from
   * the manager's rows or another of its methods (one list per way through them); undefined when one is not.
   */
  private methodChains(lineage: readonly ProjectClass[], method: string, depth: number): PlacedChain[][] | undefined {
    const cls = lineage.find((candidate) => this.modules.get(candidate.path)?.queries.functions.some((fn) => fn.scope === `${candidate.name}.${method}`));
    const facts = cls && this.modules.get(cls.path)!.queries;
    if (!cls || !facts || depth > 8) return undefined;
    const returned = facts.chains.flatMap((chain, index) => (chain.scope === `${cls.name}.${method}` && chain.returned ? [receiverChains(cls.path, facts, index)] : []));
    const built = returned.map((placed) => {
      const root = placed[0].chain.receiver;
      const other = OWN_METHOD.exec(root)?.[1];
      const before = other !== undefined && other !== method ? this.methodChains(lineage, other, depth + 1) : undefined;
      return OWN_ROWS.test(root) ? [placed] : before?.map((chains) => [...chains, ...placed]);
    });
    const ways = built.every((chains) => !!chains) ? (built as PlacedChain[][][]).flat() : [];
    return ways.length > 0 && ways.length <= MAX_BRANCHES ? ways : undefined;
  }

  /** The class a method of `scope` belongs to. */
  ownerClass(path: string, scope: string): string | undefined {
    return this.modules.get(path)?.queries.functions.find((fn) => fn.scope === scope)?.cls;
  }

  /** `self.addresses` in a method of a model, `self.object.addresses` in a view's: the related model's manager. */
  private relationOf(model: DjangoModelClass | undefined, attribute: string): ResolvedQueryset | undefined {
    const relation = model && this.graph.relation(model, attribute);
    const target = relation?.cardinality === 'many' ? this.graph.model(relation.target) : undefined;
    return target && { model: target, chains: [], viaRelation: true };
  }
}

/** `Order.objects.recent(int(days))`: the manager and the method, when the method's parenthesis closes at the end (no call on its result). */
function managerCall(text: string): RegExpExecArray | undefined {
  const call = MANAGER_CALL.exec(text);
  let depth = 0;
  for (let at = call ? call[0].length - 1 : text.length; at < text.length; at++) {
    if (text[at] === '(') depth++;
    else if (text[at] === ')' && --depth === 0) return at === text.length - 1 ? call! : undefined;
  }
  return undefined;
}

function isManager(model: DjangoModelClass, attribute: string): boolean {
  return attribute === 'objects' || attribute === '_default_manager' || attribute === '_base_manager' || model.managers.some((manager) => manager.name === attribute);
}

/** A chain of the module with the chains it is built on, the first first. */
function receiverChains(path: string, facts: QueryFacts, index: number): PlacedChain[] {
  const chains: PlacedChain[] = [];
  for (let at: number | undefined = index; at !== undefined && chains.length <= 8; at = facts.chains[at].receiverChain) chains.unshift({ path, index: at, chain: facts.chains[at] });
  return chains;
}
