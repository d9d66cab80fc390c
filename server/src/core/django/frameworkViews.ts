/**
 * What Django and DRF define and the project inherits without the workspace holding their source:
 * their view classes, the actions DRF's viewsets and mixins provide (which decide the routes a
 * router makes), and DRF's defaults for the settings a view does not override.
 */
import { FRAMEWORK_MODULE } from '../python/functionFacts';
import { lastPart } from '../python/workspaceNames';

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
export const VIEWSET_ACTIONS: readonly string[] = ['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'];

/** The actions DRF's classes provide, by class name; classes listed with none provide none. */
export const PROVIDED_ACTIONS: ReadonlyMap<string, readonly string[]> = new Map([
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
export const DRF_DEFAULTS = {
  DEFAULT_PERMISSION_CLASSES: ['rest_framework.permissions.AllowAny'],
  DEFAULT_AUTHENTICATION_CLASSES: ['rest_framework.authentication.SessionAuthentication', 'rest_framework.authentication.BasicAuthentication'],
  DEFAULT_FILTER_BACKENDS: [] as string[],
  DEFAULT_PAGINATION_CLASS: null,
} as const;
