/**
 * Redis names shared by the processes (which write them) and the api's system page (which
 * reads them). Keys get the connection's key prefix; the pub/sub channel does not (ioredis
 * never prefixes channels), so it is prefixed by hand.
 */
export const ProcessKeys = {
  /** One JSON heartbeat per live process, expiring when it stops beating. */
  instance: (instanceId: string): string => `system:instance:${instanceId}`,
  /** Sorted set of instance ids scored by heartbeat expiry (ms): lists without SCAN. */
  instances: (): string => 'system:instances',
  /** Hash instance id → service name: tells which service an expired heartbeat belonged to. */
  instanceServices: (): string => 'system:instance-services',
  /** Recent log lines of one service (all its instances), a stream capped with MAXLEN. */
  logs: (service: string): string => `system:logs:${service}`,
  /** Set while a service was stopped from the system page; its processes start idle. */
  stopped: (service: string): string => `system:stopped:${service}`,
  controlChannel: (keyPrefix: string): string => `${keyPrefix}system:control`,
};

/** Services as the system page names them (`agent` = the stream workers). */
export type ProcessServiceName = 'api' | 'agent';

export const processServiceName = (configServiceName: string): ProcessServiceName =>
  configServiceName === 'worker' ? 'agent' : 'api';

export type ProcessState = 'running' | 'draining' | 'stopped';

/** What each process publishes about itself every heartbeat interval. */
export interface ProcessHeartbeat {
  instance_id: string;
  service: ProcessServiceName;
  host: string;
  pid: number;
  version: string;
  started_at: string;
  last_seen: string;
  state: ProcessState;
  health: 'healthy' | 'degraded';
  /** Streams this process consumes (empty for the api). */
  streams: string[];
  /** Handlers running now, per stream. */
  in_flight: Record<string, number>;
}

export type ControlAction = 'restart' | 'stop';

/** A request to the processes of one service (or one instance), sent over pub/sub. */
export interface ControlMessage {
  action: ControlAction;
  service: ProcessServiceName;
  /** Only this instance; omitted = every instance of the service. */
  instance_id?: string;
  requested_by: string;
}

export const parseControlMessage = (raw: string): ControlMessage | null => {
  try {
    const value = JSON.parse(raw) as Partial<ControlMessage>;
    if (value.action !== 'restart' && value.action !== 'stop') return null;
    if (value.service !== 'api' && value.service !== 'agent') return null;
    return {
      action: value.action,
      service: value.service,
      instance_id: typeof value.instance_id === 'string' ? value.instance_id : undefined,
      requested_by: typeof value.requested_by === 'string' ? value.requested_by : 'unknown',
    };
  } catch {
    return null;
  }
};
