import {
  DynamicModule,
  ForwardReference,
  INestApplicationContext,
  RequestMethod,
  Type,
} from '@nestjs/common';
import {
  METHOD_METADATA,
  MODULE_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
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
  /** Class of the `@Body()` parameter, when the handler takes a typed body. */
  bodyType: Type | null;
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

const PRIMITIVES: unknown[] = [Object, String, Number, Boolean, Array];

/** The declared class of a handler's whole `@Body()` (null for raw or primitive bodies). */
const bodyTypeOf = (controller: Type, handlerName: string): Type | null => {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handlerName) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const paramTypes = (Reflect.getMetadata(
    'design:paramtypes',
    controller.prototype as object,
    handlerName,
  ) ?? []) as unknown[];
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== Number(RouteParamtypes.BODY) || arg.data !== undefined) {
      continue;
    }
    const type = paramTypes[arg.index];
    if (typeof type === 'function' && !PRIMITIVES.includes(type)) return type as Type;
  }
  return null;
};

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
    const bodyType = bodyTypeOf(controller, name);
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
          bodyType,
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

/** Every route a created (not necessarily initialised) app will serve, from its module graph. */
export const routesOfApp = (app: INestApplicationContext): RouteDescriptor[] =>
  routesOfModules(app.get(ModulesContainer));

export function routesOfModules(modules: ModulesContainer): RouteDescriptor[] {
  const controllers = new Set<Type>();
  for (const moduleRef of modules.values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      if (wrapper.metatype) controllers.add(wrapper.metatype as Type);
    }
  }
  return [...controllers].flatMap(routesOfController);
}

/** The declared auth requirement is missing: neither @Public() nor @Authenticated(). */
export const isUndeclared = (route: RouteDescriptor): boolean =>
  !route.isPublic && route.roles === null;
