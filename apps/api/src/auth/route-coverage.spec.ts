import { Controller, Get, Module, Post } from '@nestjs/common';
import { AdminRole } from '@app/domain';
import { AppModule } from '../app.module';
import { loadApiConfig } from '../config/api.config';
import { Authenticated } from './authenticated.decorator';
import { Public } from './public.decorator';
import {
  controllersOfModule,
  isUndeclared,
  RouteDescriptor,
  routesOfController,
} from './route-table';

const allRoutes = async (): Promise<RouteDescriptor[]> => {
  const config = loadApiConfig({ ADMIN_JWT_SECRET: 'x'.repeat(32) });
  const controllers = await controllersOfModule(AppModule.forRoot(config));
  return controllers.flatMap(routesOfController);
};

describe('route auth coverage (reflection over AppModule)', () => {
  it('finds the known routes, so the walk itself works', async () => {
    const routes = await allRoutes();
    const find = (method: string, path: string): RouteDescriptor | undefined =>
      routes.find((route) => route.method === method && route.path === path);
    expect(find('POST', '/api/admin/auth/login')?.isPublic).toBe(true);
    expect(find('GET', '/health')?.isPublic).toBe(true);
    expect(find('GET', '/api/admin/auth/me')?.roles).toEqual([]);
    expect(find('PUT', '/api/admin/settings/:key')?.roles).toEqual([AdminRole.ADMIN]);
    expect(find('GET', '/api/admin/access-log')?.roles).toEqual([AdminRole.ADMIN]);
  });

  it('every controller route declares @Public() or @Authenticated()', async () => {
    const undeclared = (await allRoutes())
      .filter(isUndeclared)
      .map((route) => `${route.method} ${route.path} (${route.controller}.${route.handler})`);
    expect(undeclared).toEqual([]);
  });

  it('would catch a route that declares neither', async () => {
    @Controller('api/admin/forgotten')
    class ForgottenController {
      @Get()
      public open(): string {
        return 'oops';
      }

      @Post()
      @Authenticated()
      public guarded(): string {
        return 'ok';
      }
    }

    @Public()
    @Controller('api/public-by-class')
    class PublicController {
      @Get()
      public open(): string {
        return 'ok';
      }
    }

    @Module({ controllers: [ForgottenController, PublicController] })
    class ForgottenModule {}

    const routes = (await controllersOfModule(ForgottenModule)).flatMap(routesOfController);
    expect(routes.filter(isUndeclared).map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /api/admin/forgotten',
    ]);
  });
});
