import { DynamicModule, ForwardReference, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AdminRole } from '@app/domain';
import { AUTH_QUERY_TOKEN_KEY, AUTH_ROLES_KEY } from './authenticated.decorator';
import { IS_PUBLIC_KEY } from './public.decorator';

/** One HTTP route and the auth requirement its decorators declare. */
export interface RouteDescriptor {
  controller: string;
  handler: string;
  /** Upper-case HTTP method (`ALL` routes are reported as `GET`). */
  method: string;
  /** Express path template, e.g. `/api/admin/admin-users/:id`. */
  path: string;
  isPublic: boolean;
  /** Roles from @Authenticated (empty = any staff role); null when the route has no @Authenticated. */
  roles: AdminRole[] | null;
  allowQueryToken: boolean;
}

type ModuleEntry = Type | DynamicModule | Promise<DynamicModule> | ForwardReference | undefined;

const asList = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [''];
};

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment.length > 0)
    .join('/')}`;

/** Handler metadata wins over class metadata, as in the guard (`getAllAndOverride`). */
const readMeta = <T>(key: string, handler: object, controller: Type): T | undefined =>
  (Reflect.getMetadata(key, handler) as T | undefined) ??
  (Reflect.getMetadata(key, controller) as T | undefined);

/** Every route of one controller class, read from Nest's decorator metadata. */
export function routesOfController(controller: Type): RouteDescriptor[] {
  const prototype = controller.prototype as Record<string, unknown>;
  const routes: RouteDescriptor[] = [];
  for (const name of Object.getOwnPropertyNames(prototype)) {
    if (name === 'constructor') continue;
    const handler = prototype[name];
    if (typeof handler !== 'function') continue;
    const methodPaths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
    if (methodPaths === undefined) continue;
    const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
    const method = requestMethod === RequestMethod.ALL ? 'GET' : RequestMethod[requestMethod];
    const roles = readMeta<AdminRole[]>(AUTH_ROLES_KEY, handler, controller);
    for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
      for (const sub of asList(methodPaths)) {
        routes.push({
          controller: controller.name,
          handler: name,
          method,
          path: joinPath(base, sub),
          isPublic: readMeta<boolean>(IS_PUBLIC_KEY, handler, controller) === true,
          roles: roles ?? null,
          allowQueryToken: readMeta<boolean>(AUTH_QUERY_TOKEN_KEY, handler, controller) === true,
        });
      }
    }
  }
  return routes;
}

/**
 * Controllers reachable from a root module, found by walking `imports` through decorator
 * metadata only: nothing is instantiated and no connection is opened.
 */
export async function controllersOfModule(root: ModuleEntry): Promise<Type[]> {
  const seen = new Set<unknown>();
  const controllers = new Set<Type>();
  const visit = async (entry: ModuleEntry): Promise<void> => {
    let resolved: unknown = await entry;
    if (resolved && typeof resolved === 'object' && 'forwardRef' in resolved) {
      resolved = (resolved as { forwardRef: () => unknown }).forwardRef();
    }
    if (!resolved || seen.has(resolved)) return;
    seen.add(resolved);
    const dynamic =
      typeof resolved === 'object' && 'module' in resolved ? (resolved as DynamicModule) : null;
    const moduleClass = dynamic ? dynamic.module : (resolved as Type);
    const declared = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) as Type[] | undefined) ??
        []),
      ...(dynamic?.controllers ?? []),
    ];
    declared.forEach((controller) => controllers.add(controller));
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) as
        ModuleEntry[] | undefined) ?? []),
      ...((dynamic?.imports as ModuleEntry[] | undefined) ?? []),
    ];
    for (const imported of imports) await visit(imported);
    if (dynamic && !seen.has(moduleClass)) await visit(moduleClass);
  };
  await visit(root);
  return [...controllers];
}

/** The declared auth requirement is missing: neither @Public() nor @Authenticated(). */
export const isUndeclared = (route: RouteDescriptor): boolean =>
  !route.isPublic && route.roles === null;
