import { EntityManager } from 'typeorm';
import { ElementEntity } from '@app/database';
import { notFound } from '@app/domain';

/** The element with that id (404 otherwise), row-locked for update when `lock` is set. */
export async function requireElement(
  manager: EntityManager,
  id: string,
  lock = false,
): Promise<ElementEntity> {
  const element = await manager.findOne(ElementEntity, {
    where: { id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!element) throw notFound('Elemento', id);
  return element;
}
