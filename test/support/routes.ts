import { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { RouteDescriptor, routesOfController } from '../../apps/api/src/auth/route-table';

/** Every route the booted app serves, read from its live module container. */
export function liveRoutes(app: INestApplication): RouteDescriptor[] {
  const controllers = new Set<Type>();
  for (const moduleRef of app.get(ModulesContainer).values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      if (wrapper.metatype) controllers.add(wrapper.metatype as Type);
    }
  }
  const unique = new Map<string, RouteDescriptor>();
  for (const route of [...controllers].flatMap(routesOfController)) {
    unique.set(`${route.method} ${route.path}`, route);
  }
  return [...unique.values()].sort((a, b) =>
    `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`),
  );
}

/** A concrete URL for a path template: every `:param` (and wildcard) becomes a random UUID. */
export const concretePath = (template: string, value: string): string =>
  template.replace(/:[A-Za-z0-9_]+(\([^)]*\))?\??/g, value).replace(/\*[A-Za-z0-9_]*/g, value);
