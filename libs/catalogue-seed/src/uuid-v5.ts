import { createHash } from 'node:crypto';

/** RFC 4122 name-based UUID (version 5, SHA-1), as Python's `uuid.uuid5`. */
export const uuidV5 = (name: string, namespace: string): string => {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`invalid namespace uuid: ${namespace}`);
  const hash = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * Namespace of the seeded ids. Fixed: the ids are the ones existing databases already hold (the
 * replaced system seeded with the same namespace), so a seed never duplicates a row.
 */
export const SEED_NAMESPACE = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';

/** Deterministic id of a seeded row: uuid5(namespace, "{slug}:{entity}:{code}"). */
export const seedId = (slug: string, entity: string, code: string): string =>
  uuidV5(`${slug}:${entity}:${code}`, SEED_NAMESPACE);
