/**
 * What a function view's decorators tell of it: the HTTP methods it answers (`@api_view`,
 * `@require_http_methods`…) and whether Django's own `@login_required` or
 * `@permission_required` wrap it, resolved through the module's imports (a project's own
 * decorator of that name may check otherwise).
 */
import { lastPart } from '../python/workspaceNames';
import type { ClassIndex } from './classes';
import { argumentOf, booleanOf, calleeName, keywordOf, nameOf, sourceOf, stringsOf, type Expr } from './expr';
import { refQualifiedName } from './names';
import { stringLiteral, unknown, type Known } from './values';

/** The arguments of Django's `@permission_required(perm, login_url=None, raise_exception=False)`. */
export interface PermissionRequired {
  /** One permission, or several. */
  readonly permissions: Known<string | string[]>;
  readonly loginUrl: Known<string | null>;
  readonly raiseException: Known<boolean>;
}

export const LOGIN_REQUIRED = 'django.contrib.auth.decorators.login_required';
const PERMISSION_REQUIRED = 'django.contrib.auth.decorators.permission_required';

/** Whether `decorator` (called or not) is Django's `qualifiedName`, resolved through the module's imports. */
export function isDjangoDecorator(classes: ClassIndex, path: string, decorator: Expr | undefined, qualifiedName: string): boolean {
  const dotted = decorator && nameOf(decorator.kind === 'call' ? decorator.callee : decorator);
  return dotted !== undefined && refQualifiedName(classes.names.resolve(path, dotted)) === qualifiedName;
}

/** Django's `@permission_required` of a function, with its arguments where they are literals. */
export function permissionRequiredOf(classes: ClassIndex, path: string, decorator: Expr | undefined): PermissionRequired | undefined {
  if (decorator?.kind !== 'call' || !isDjangoDecorator(classes, path, decorator, PERMISSION_REQUIRED)) return undefined;
  if (decorator.args.length > 3 || decorator.args.some((arg) => arg.kind === 'spread') || decorator.keywords.some((keyword) => keyword.name === undefined)) {
    const spread = unknown(sourceOf(decorator));
    return { permissions: spread, loginUrl: spread, raiseException: spread };
  }
  const permissions = argumentOf(decorator, 0, 'perm');
  const loginUrl = argumentOf(decorator, 1, 'login_url');
  const raiseException = argumentOf(decorator, 2, 'raise_exception');
  return {
    permissions: permissions?.kind === 'list' ? (stringsOf(permissions) ?? unknown(sourceOf(permissions))) : stringLiteral(permissions),
    loginUrl: loginUrl === undefined || (loginUrl.kind === 'literal' && loginUrl.value === null) ? null : stringLiteral(loginUrl),
    raiseException: raiseException === undefined ? false : (booleanOf(raiseException) ?? unknown(sourceOf(raiseException))),
  };
}

/** `@api_view(["GET", "POST"])`, `@require_http_methods([...])`, `@require_POST`, `@require_GET`, `@require_safe`. */
export function httpMethodsOf(decorators: readonly Expr[]): Known<string[]> | undefined {
  for (const decorator of decorators) {
    const name = decoratorName(decorator);
    if (name === 'require_GET') return ['GET'];
    if (name === 'require_POST') return ['POST'];
    if (name === 'require_safe') return ['GET', 'HEAD'];
    if (name === 'api_view' || name === 'require_http_methods') {
      const given = decorator.kind === 'call' ? decorator.args[0] ?? keywordOf(decorator, 'http_method_names') : undefined;
      if (given === undefined) return name === 'api_view' ? ['GET'] : unknown(sourceOf(decorator));
      return stringsOf(given)?.map((method) => method.toUpperCase()) ?? unknown(sourceOf(given));
    }
  }
  return undefined;
}

/** `api_view` of `@api_view(["GET"])` or `@decorators.api_view`. */
export function decoratorName(decorator: Expr): string | undefined {
  if (decorator.kind === 'call') return calleeName(decorator);
  const dotted = nameOf(decorator);
  return dotted === undefined ? undefined : lastPart(dotted);
}
