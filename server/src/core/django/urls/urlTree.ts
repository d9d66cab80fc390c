/**
 * The project's URLs as Django resolves them: from `ROOT_URLCONF` (or, without settings, from
 * every URL module no other includes), down every `include()`, each pattern with its full route,
 * its namespaced name (`shop:checkout`) and its view. A DRF router's registrations become the
 * routes the router generates (list, detail, `@action`s, the DefaultRouter's API root), with the
 * viewset's lookup, basename and the actions each route maps to; DefaultRouter's format-suffix
 * variants are left out. Routes join as Django joins them: a regex part loses its `^` and `$`.
 */
import { refQualifiedName } from '../names';
import type { DjangoSettings } from '../settings';
import type { UrlConf, UrlConfs, UrlEntry, UrlRouter, ViewTarget } from './urlConfs';
import { isUnknown, unknown, type Known } from '../values';
import type { DjangoView } from '../views';

export interface ResolvedUrl {
  /** The full route, regex parts without their anchors (`api/products/(?P<pk>[^/.]+)/`). */
  readonly route: Known<string>;
  /** Some part of the route is a regular expression (`re_path`, `url`, a router's). */
  readonly regex: boolean;
  readonly name?: Known<string>;
  /** The name with its namespaces (`shop:checkout`), what `reverse()` takes. */
  readonly fullName?: Known<string>;
  readonly view: ViewTarget;
  /** The URL module writing the pattern (or registering the viewset). */
  readonly urlconf: string;
  readonly line?: number;
  /** The URL modules that include it, from the root. */
  readonly includedFrom: readonly string[];
}

/** An `include()` of something outside the workspace (`django.contrib.auth.urls`, `admin.site.urls`). */
export interface OutsideInclude {
  readonly route: Known<string>;
  readonly target: string;
  readonly urlconf: string;
  readonly line?: number;
}

export interface UrlTree {
  readonly roots: readonly string[];
  readonly rootFrom: 'ROOT_URLCONF' | 'unincluded' | 'none';
  readonly urls: readonly ResolvedUrl[];
  readonly outside: readonly OutsideInclude[];
  /** Patterns that could not be read statically. */
  readonly unknown: readonly { readonly urlconf: string; readonly source: string; readonly line?: number }[];
}

interface Prefix {
  readonly route: Known<string>;
  readonly regex: boolean;
  readonly namespaces: readonly Known<string>[];
  readonly chain: readonly string[];
}

const DEFAULT_LOOKUP_REGEX = '[^/.]+';

/** Resolves the URL tree over every URL module of the project (`confs`, by path). */
export function resolveUrls(confs: ReadonlyMap<string, UrlConf>, urlConfs: UrlConfs, views: readonly DjangoView[], settings: DjangoSettings | undefined): UrlTree {
  const viewsByName = new Map(views.map((view) => [view.qualifiedName, view]));
  const urls: ResolvedUrl[] = [];
  const outside: OutsideInclude[] = [];
  const unread: { urlconf: string; source: string; line?: number }[] = [];
  const { roots, rootFrom } = rootsOf(confs, settings);

  const walk = (urlconf: string, entries: readonly UrlEntry[], prefix: Prefix): void => {
    for (const entry of entries) {
      switch (entry.kind) {
        case 'route': {
          const name = entry.name;
          urls.push({
            route: join(prefix.route, entry.route, entry.regex),
            regex: prefix.regex || entry.regex,
            name,
            fullName: name === undefined ? undefined : qualifiedName(prefix.namespaces, name),
            view: entry.view,
            urlconf,
            line: entry.line,
            includedFrom: prefix.chain,
          });
          break;
        }
        case 'include': {
          const here: Prefix = { ...prefix, route: join(prefix.route, entry.route, entry.regex), regex: prefix.regex || entry.regex };
          const target = entry.target;
          if (target.kind === 'module' && target.path) {
            const conf = confs.get(target.path);
            if (!conf?.patterns || prefix.chain.includes(target.path) || target.path === urlconf) break;
            const namespace = entry.namespace ?? entry.appName ?? conf.appName;
            walk(target.path, conf.patterns, { ...here, namespaces: namespaced(prefix.namespaces, namespace), chain: [...prefix.chain, urlconf] });
          } else if (target.kind === 'module' || target.kind === 'outside') {
            outside.push({ route: here.route, target: target.kind === 'module' ? target.module : target.name, urlconf, line: entry.line });
          } else if (target.kind === 'patterns') {
            walk(urlconf, target.entries, { ...here, namespaces: namespaced(prefix.namespaces, entry.namespace ?? entry.appName) });
          } else if (target.kind === 'router') {
            routerUrls(urlConfs.router(target.router), target.router.path, here, viewsByName).forEach((url) => urls.push(url));
          } else {
            unread.push({ urlconf, source: target.source, line: entry.line });
          }
          break;
        }
        case 'router':
          routerUrls(urlConfs.router(entry.router), entry.router.path, prefix, viewsByName).forEach((url) => urls.push(url));
          break;
        case 'unknown':
          unread.push({ urlconf, source: entry.source, line: entry.line });
          break;
      }
    }
  };
  for (const root of roots) walk(root, confs.get(root)?.patterns ?? [], { route: '', regex: false, namespaces: [], chain: [] });
  return { roots, rootFrom, urls, outside, unknown: unread };
}

/** `ROOT_URLCONF` when the settings name a workspace module; else the URL modules nothing includes. */
function rootsOf(confs: ReadonlyMap<string, UrlConf>, settings: DjangoSettings | undefined): Pick<UrlTree, 'roots' | 'rootFrom'> {
  const root = settings?.rootUrlconf;
  if (typeof root === 'string') {
    const conf = [...confs.values()].find((candidate) => candidate.module === root);
    return { roots: conf ? [conf.path] : [], rootFrom: 'ROOT_URLCONF' };
  }
  const included = new Set<string>();
  const collect = (entries: readonly UrlEntry[]): void => {
    for (const entry of entries) {
      if (entry.kind !== 'include') continue;
      if (entry.target.kind === 'module' && entry.target.path) included.add(entry.target.path);
      if (entry.target.kind === 'patterns') collect(entry.target.entries);
    }
  };
  for (const conf of confs.values()) collect(conf.patterns ?? []);
  const roots = [...confs.values()].filter((conf) => conf.patterns && !included.has(conf.path)).map((conf) => conf.path);
  return { roots: roots.sort(), rootFrom: roots.length > 0 ? 'unincluded' : 'none' };
}

/** The routes a DRF router generates, as `SimpleRouter.get_urls` (and DefaultRouter's root view) makes them. */
function routerUrls(router: UrlRouter | undefined, urlconf: string, prefix: Prefix, views: ReadonlyMap<string, DjangoView>): ResolvedUrl[] {
  if (!router) return [];
  const urls: ResolvedUrl[] = [];
  const add = (route: Known<string>, name: Known<string>, view: ViewTarget, line?: number) =>
    urls.push({ route: join(prefix.route, route, true), regex: true, name, fullName: qualifiedName(prefix.namespaces, name), view, urlconf, line, includedFrom: prefix.chain });
  for (const registration of router.registrations) {
    const view = views.get(refQualifiedName(registration.viewset));
    const basename = registration.basename ?? defaultBasename(view);
    const slash = router.trailingSlash;
    const lookup = lookupOf(view);
    const route = (...parts: Known<string>[]) => {
      const joined = concat([registration.prefix, ...parts.flatMap((part) => ['/', part]), slash]);
      // DRF drops the leading slash of a route without prefix.
      return typeof joined === 'string' && registration.prefix === '' ? joined.replace(/^\//, '') : joined;
    };
    const name = (suffix: Known<string>) => concat([basename, '-', suffix]);
    const target = (actions: Known<Record<string, string>>): ViewTarget => ({ kind: 'viewset', ref: registration.viewset, actions });
    const listMapping = mapping(view, { get: 'list', post: 'create' });
    const detailMapping = mapping(view, { get: 'retrieve', put: 'update', patch: 'partial_update', delete: 'destroy' });
    const extra = (detail: boolean) => (view?.actions ?? []).filter((action) => action.detail === detail);
    if (hasRoutes(listMapping)) add(concat([registration.prefix, slash]), name('list'), target(listMapping), registration.line);
    for (const action of extra(false)) add(route(action.urlPath), name(action.urlName), target(actionMapping(action.methods, action.name)), registration.line);
    if (hasRoutes(detailMapping)) add(route(lookup), name('detail'), target(detailMapping), registration.line);
    for (const action of extra(true)) add(route(lookup, action.urlPath), name(action.urlName), target(actionMapping(action.methods, action.name)), registration.line);
  }
  if (router.kind === 'DefaultRouter') {
    add('', 'api-root', { kind: 'view', ref: { kind: 'external', qualifiedName: 'rest_framework.routers.APIRootView' }, asView: true });
  }
  return urls;
}

/** The route's HTTP method → action mapping, with only the actions the viewset has. */
function mapping(view: DjangoView | undefined, routeMapping: Record<string, string>): Known<Record<string, string>> {
  const actions = view?.viewsetActions ?? unknown('viewset not found');
  if (isUnknown(actions)) return actions;
  return Object.fromEntries(Object.entries(routeMapping).filter(([, action]) => actions.includes(action)));
}

function hasRoutes(mapped: Known<Record<string, string>>): boolean {
  return isUnknown(mapped) || Object.keys(mapped).length > 0;
}

function actionMapping(methods: Known<string[]>, action: string): Known<Record<string, string>> {
  return isUnknown(methods) ? methods : Object.fromEntries(methods.map((method) => [method, action]));
}

/** DRF's basename when none is given: the lower-cased model name of the viewset's `queryset`. */
function defaultBasename(view: DjangoView | undefined): Known<string> {
  if (view?.modelFrom !== 'queryset' || !view.model) return unknown('basename (no queryset on the viewset)');
  return view.model.slice(view.model.indexOf('.') + 1).toLowerCase();
}

function lookupOf(view: DjangoView | undefined): Known<string> {
  const kwarg = view?.lookupUrlKwarg ?? view?.lookupField ?? 'pk';
  return concat(['(?P<', kwarg, '>', view?.lookupValueRegex ?? DEFAULT_LOOKUP_REGEX, ')']);
}

/** A route under a prefix; a regex part loses its anchors. */
function join(prefix: Known<string>, route: Known<string>, regex: boolean): Known<string> {
  return concat([prefix, typeof route === 'string' && regex ? route.replace(/^\^/, '').replace(/\$$/, '') : route]);
}

function concat(parts: readonly Known<string>[]): Known<string> {
  const odd = parts.find(isUnknown);
  return odd ?? (parts as string[]).join('');
}

function namespaced(namespaces: readonly Known<string>[], namespace: Known<string> | undefined): readonly Known<string>[] {
  return namespace === undefined ? namespaces : [...namespaces, namespace];
}

function qualifiedName(namespaces: readonly Known<string>[], name: Known<string>): Known<string> {
  return concat([...namespaces.flatMap((namespace) => [namespace, ':']), name]);
}
