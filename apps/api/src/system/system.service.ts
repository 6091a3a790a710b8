import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalid, notFound } from '@app/domain';
import {
  ControlAction,
  ControlMessage,
  ProcessHeartbeat,
  ProcessKeys,
  ProcessServiceName,
} from '@app/observability';
import { CatalogueCacheKeys, RedisService } from '@app/redis';
import { AuthenticatedAdmin } from '../auth/auth-request';
import { AuditService } from '../audit/audit.service';
import {
  CacheClearResponseDto,
  DockerStatusResponseDto,
  ServiceActionResponseDto,
  ServiceInstanceDto,
  SYSTEM_SERVICES,
  SystemServiceDto,
  SystemServiceName,
  SystemServicesResponseDto,
} from './dto/system.dto';

const PROCESS_SERVICES: readonly SystemServiceName[] = ['api', 'agent'];

/** Audit rows need a uuid entity id: a stable one per service name (name-based, SHA-1). */
export const systemEntityId = (name: string): string => {
  const hex = createHash('sha1').update(`msia-system:${name}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const isSystemService = (name: string): name is SystemServiceName =>
  (SYSTEM_SERVICES as readonly string[]).includes(name);

/** 404 for a name the system page does not know. */
export const knownService = (name: string): SystemServiceName => {
  if (!isSystemService(name)) throw notFound('Servicio', name);
  return name;
};

const withDeadline = async <T>(work: Promise<T>, ms: number, fallback: T): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work.catch(() => fallback),
      new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(fallback), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The services of the system page, seen from the processes themselves: the api and the
 * workers publish heartbeats in Redis and obey restart/stop requests sent over Redis; the
 * databases are pinged. Nothing here talks to Docker or any container runtime.
 */
@Injectable()
export class SystemService {
  public constructor(
    private readonly redis: RedisService,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  public dockerStatus(): DockerStatusResponseDto {
    return {
      available: false,
      connection_type: 'none',
      socket_path: null,
      socket_exists: false,
      docker_host_env: null,
      message:
        'No Docker access is used: services report themselves through heartbeats in Redis and ' +
        'are restarted by their supervisor after a graceful exit.',
    };
  }

  /** Live processes (heartbeat not expired), oldest first. */
  public async instances(): Promise<ProcessHeartbeat[]> {
    const client = this.redis.client;
    const ids = await client.zrangebyscore(ProcessKeys.instances(), Date.now(), '+inf');
    if (ids.length === 0) return [];
    const values = await client.mget(...ids.map((id) => ProcessKeys.instance(id)));
    return values
      .flatMap((value) => {
        if (!value) return [];
        try {
          return [JSON.parse(value) as ProcessHeartbeat];
        } catch {
          return [];
        }
      })
      .sort((a, b) => a.started_at.localeCompare(b.started_at));
  }

  public async services(): Promise<SystemServicesResponseDto> {
    const [instances, postgres, redis] = await Promise.all([
      this.instances().catch(() => [] as ProcessHeartbeat[]),
      withDeadline(
        this.dataSource.query('SELECT 1').then(() => true),
        2000,
        false,
      ),
      this.redis.ping(),
    ]);
    const services: SystemServiceDto[] = PROCESS_SERVICES.map((name) =>
      this.processService(
        name,
        instances.filter((instance) => instance.service === name),
      ),
    );
    services.push(this.dependency('postgres', postgres), this.dependency('redis', redis), {
      name: 'admin-panel',
      container: 'admin-panel',
      status: 'unknown',
      health: null,
      instances: [],
    });
    return { services };
  }

  /**
   * Restart: every process of the service drains (finishes running work) and exits; its
   * supervisor starts it again. Stop: the workers finish running work and take no more until
   * the next restart (also after a process restart). The api cannot be stopped from itself.
   */
  public async control(
    name: string,
    action: ControlAction,
    actor: AuthenticatedAdmin,
  ): Promise<ServiceActionResponseDto> {
    const service = knownService(name);
    if (!PROCESS_SERVICES.includes(service)) {
      throw invalid(
        'SERVICE_NOT_MANAGED',
        `El servicio ${service} no se gestiona desde el panel: reinícielo desde su plataforma`,
        { service },
      );
    }
    if (service === 'api' && action === 'stop') {
      throw invalid(
        'API_STOP_REFUSED',
        'No se puede detener la API desde el panel (se perdería el acceso); use reiniciar',
        { service },
      );
    }
    const target = service as ProcessServiceName;
    const live = (await this.instances()).filter((instance) => instance.service === target);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        entityType: 'system_service',
        entityId: systemEntityId(service),
        action: 'update',
        changes: { service, action, instances: live.map((instance) => instance.instance_id) },
        user: actor.username,
      }),
    );
    if (action === 'stop') await this.redis.client.set(ProcessKeys.stopped(target), actor.username);
    else await this.redis.client.del(ProcessKeys.stopped(target));
    const message: ControlMessage = { action, service: target, requested_by: actor.username };
    const receivers = await this.redis.client.publish(
      ProcessKeys.controlChannel(this.redis.keyPrefix),
      JSON.stringify(message),
    );
    // Every process of every service listens on the channel; only the live count matters.
    const reached = Math.min(receivers, live.length);
    if (live.length === 0) {
      return {
        success: false,
        message:
          action === 'stop'
            ? `${service}: no hay procesos en ejecución; quedará detenido al arrancar`
            : `${service}: no hay procesos en ejecución`,
        instances: 0,
      };
    }
    return {
      success: true,
      message:
        action === 'restart'
          ? `${service}: ${live.length} proceso(s) terminan el trabajo en curso y se reinician`
          : `${service}: ${live.length} proceso(s) terminan el trabajo en curso y dejan de tomar trabajo`,
      instances: reached,
    };
  }

  /** Invalidates every cached catalogue read on all replicas (generation bump in Redis). */
  public async clearCache(actor: AuthenticatedAdmin): Promise<CacheClearResponseDto> {
    // Category entries embed the global generation too: one bump makes every entry stale.
    await this.redis.client.incr(CatalogueCacheKeys.globalGeneration());
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        entityType: 'system_cache',
        entityId: systemEntityId('catalogue-cache'),
        action: 'update',
        changes: { cache: 'catalogue', action: 'clear' },
        user: actor.username,
      }),
    );
    return { success: true, message: 'Caché del catálogo invalidada en todas las réplicas' };
  }

  private processService(name: SystemServiceName, live: ProcessHeartbeat[]): SystemServiceDto {
    const instances: ServiceInstanceDto[] = live.map((beat) => ({
      instance_id: beat.instance_id,
      host: beat.host,
      pid: beat.pid,
      version: beat.version,
      started_at: beat.started_at,
      last_seen: beat.last_seen,
      state: beat.state,
      health: beat.health,
      streams: beat.streams,
      in_flight: beat.in_flight,
    }));
    if (instances.length === 0) {
      return { name, container: '', status: 'exited', health: null, instances };
    }
    const status = live.some((beat) => beat.state === 'running')
      ? 'running'
      : live.some((beat) => beat.state === 'draining')
        ? 'restarting'
        : 'stopped';
    const unhealthy = live.filter((beat) => beat.health !== 'healthy').length;
    return {
      name,
      container: instances.map((instance) => instance.instance_id).join(', '),
      status,
      health: unhealthy === 0 ? 'healthy' : unhealthy === live.length ? 'unhealthy' : 'degraded',
      instances,
    };
  }

  private dependency(name: SystemServiceName, reachable: boolean): SystemServiceDto {
    return {
      name,
      container: name,
      status: reachable ? 'running' : 'unreachable',
      health: reachable ? 'healthy' : 'unhealthy',
      instances: [],
    };
  }
}
