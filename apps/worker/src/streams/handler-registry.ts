import { Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { MESSAGE_STREAMS, MessageType, StreamName } from '@app/domain';
import { STREAM_HANDLER_KEY, StreamHandler } from './stream-handler';

/** Boot-time error: a message type has no handler, or more than one. */
export class HandlerRegistryError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'HandlerRegistryError';
  }
}

/**
 * Builds the type -> handler map from a list of (type, handler) pairs and checks it against the
 * message catalogue: every type of every consumed stream needs exactly one handler.
 */
export function buildHandlerMap(
  registrations: { type: MessageType; handler: StreamHandler; name: string }[],
  consumedStreams: readonly StreamName[],
): Map<MessageType, StreamHandler> {
  const byType = new Map<MessageType, { handler: StreamHandler; name: string }[]>();
  for (const registration of registrations) {
    const list = byType.get(registration.type) ?? [];
    list.push(registration);
    byType.set(registration.type, list);
  }
  const problems: string[] = [];
  for (const [type, stream] of Object.entries(MESSAGE_STREAMS) as [MessageType, StreamName][]) {
    const handlers = byType.get(type) ?? [];
    if (consumedStreams.includes(stream) && handlers.length === 0) {
      problems.push(`no handler for ${type} (stream ${stream})`);
    }
    if (handlers.length > 1) {
      problems.push(
        `${handlers.length} handlers for ${type}: ${handlers.map((h) => h.name).join(', ')}`,
      );
    }
  }
  if (problems.length > 0)
    throw new HandlerRegistryError(`Stream handlers: ${problems.join('; ')}`);
  return new Map([...byType.entries()].map(([type, [first]]) => [type, first.handler]));
}

/** Finds every provider decorated with @StreamHandlerFor. */
@Injectable()
export class HandlerRegistry {
  public constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  public build(consumedStreams: readonly StreamName[]): Map<MessageType, StreamHandler> {
    const registrations = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance)
      .flatMap((wrapper) => {
        const instance: unknown = wrapper.instance;
        const metatype = wrapper.metatype as NonNullable<typeof wrapper.metatype>;
        const type = this.reflector.get<MessageType | undefined>(STREAM_HANDLER_KEY, metatype);
        return type ? [{ type, handler: instance as StreamHandler, name: metatype.name }] : [];
      });
    return buildHandlerMap(registrations, consumedStreams);
  }
}
