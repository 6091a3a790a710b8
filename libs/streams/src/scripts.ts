import Redis from 'ioredis';

/**
 * Lua scripts: each runs atomically in Redis, so no crash between two of its commands can leave
 * a half-done state (e.g. a message marked as seen but never enqueued).
 */

/**
 * KEYS: stream, dedupeKey, orderList. ARGV: data, dedupeTtlSeconds (0 = no dedupe),
 * ordered (1/0), dedupeValue. Returns the new entry id, or nil when the dedupe key existed.
 */
const ENQUEUE = `
if ARGV[2] ~= '0' then
  if not redis.call('SET', KEYS[2], ARGV[4], 'NX', 'EX', ARGV[2]) then
    return false
  end
end
local id = redis.call('XADD', KEYS[1], '*', 'data', ARGV[1])
if ARGV[3] == '1' then
  redis.call('RPUSH', KEYS[3], id)
end
return id
`;

/**
 * KEYS: orderList, lock, attempts, failures. ARGV: entryId, token, leaseMs, ordered (1/0).
 * Starts a run of an entry in one round trip. An ordered entry may run only when it heads its
 * key's list (or the list does not know it) and no other consumer holds the key: then the
 * key's lease is taken. A run that may start is counted (runs in `attempts`) and the entry's
 * failures so far are returned with it.
 * Returns {'OK', '', runs, failures}, {'WAIT', headId, 0, 0} when an older entry of the same
 * key is still pending, {'LOCKED', holder, 0, 0} when another consumer holds the key.
 */
const BEGIN = `
if ARGV[4] == '1' then
  local head = redis.call('LINDEX', KEYS[1], 0)
  if head and head ~= ARGV[1] then
    if redis.call('LPOS', KEYS[1], ARGV[1]) then
      return {'WAIT', head, 0, 0}
    end
  end
  local holder = redis.call('GET', KEYS[2])
  if holder and holder ~= ARGV[2] then
    return {'LOCKED', holder, 0, 0}
  end
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
local runs = redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
local failures = tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '0')
return {'OK', '', runs, failures}
`;

/**
 * KEYS: stream, orderList, lock, attempts. ARGV: group, entryId, token, ordered.
 * XACK + leave the key's list + release the key's lock + forget the entry's counts (runs in
 * `attempts`, failures and the last error in `attempts:failures` / `attempts:errors`).
 */
const ACK = `
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
if ARGV[4] == '1' then
  redis.call('LREM', KEYS[2], 1, ARGV[2])
  if redis.call('GET', KEYS[3]) == ARGV[3] then
    redis.call('DEL', KEYS[3])
  end
end
redis.call('HDEL', KEYS[4], ARGV[2])
redis.call('HDEL', KEYS[4] .. ':errors', ARGV[2])
redis.call('HDEL', KEYS[4] .. ':failures', ARGV[2])
return 1
`;

/**
 * KEYS: stream, orderList, lock, attempts, deadLetterStream.
 * ARGV: group, entryId, token, ordered, streamName, data, error, attempts, failedAt, consumer.
 * Moves an entry to the dead-letter stream and acknowledges it, atomically.
 */
const DEAD_LETTER = `
local dl = redis.call('XADD', KEYS[5], '*',
  'original_stream', ARGV[5], 'original_id', ARGV[2], 'data', ARGV[6], 'error', ARGV[7],
  'attempts', ARGV[8], 'failed_at', ARGV[9], 'consumer_group', ARGV[1], 'consumer', ARGV[10])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
if ARGV[4] == '1' then
  redis.call('LREM', KEYS[2], 1, ARGV[2])
  if redis.call('GET', KEYS[3]) == ARGV[3] then
    redis.call('DEL', KEYS[3])
  end
end
redis.call('HDEL', KEYS[4], ARGV[2])
redis.call('HDEL', KEYS[4] .. ':errors', ARGV[2])
redis.call('HDEL', KEYS[4] .. ':failures', ARGV[2])
return dl
`;

/**
 * KEYS: deadLetterStream, targetStream, orderList. ARGV: deadLetterId, ordered.
 * Re-enqueues a dead letter's data and deletes the dead letter in one step, so re-driving the
 * same dead letter twice enqueues it once. Returns the new entry id or nil if already re-driven.
 */
const REDRIVE = `
local entries = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #entries == 0 then
  return false
end
local fields = entries[1][2]
local data = nil
for i = 1, #fields, 2 do
  if fields[i] == 'data' then data = fields[i + 1] end
end
if not data then
  return false
end
local id = redis.call('XADD', KEYS[2], '*', 'data', data)
if ARGV[2] == '1' then
  redis.call('RPUSH', KEYS[3], id)
end
redis.call('XDEL', KEYS[1], ARGV[1])
return id
`;

/**
 * KEYS: stream. ARGV: group, consumer, id...
 * Heartbeat: resets the idle time of entries this consumer still owns (so XAUTOCLAIM leaves
 * long-running or deferred work alone) and returns the ids it no longer owns.
 */
const TOUCH = `
local lost = {}
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if #p == 1 and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
  else
    table.insert(lost, ARGV[i])
  end
end
return lost
`;

/**
 * KEYS: stream, hash. ARGV: group, entryId, consumer, ttlSeconds, setCount,
 * field1, value1, … (setCount pairs), then the fields to delete.
 * A handler's progress write fenced by ownership: applied (and the hash's TTL renewed) only
 * while `consumer` still owns the entry in the group's pending list. Returns 1 when written,
 * 0 when another consumer has taken the entry over.
 */
const FENCED_HSET = `
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #p == 0 or p[1][2] ~= ARGV[3] then
  return 0
end
local n = tonumber(ARGV[5])
if n > 0 then
  redis.call('HSET', KEYS[2], unpack(ARGV, 6, 5 + 2 * n))
end
if #ARGV >= 6 + 2 * n then
  redis.call('HDEL', KEYS[2], unpack(ARGV, 6 + 2 * n))
end
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
`;

/** KEYS: lock... ARGV: token, leaseMs. Renews the leases this consumer still holds. */
const RENEW_LOCKS = `
local renewed = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
    renewed = renewed + 1
  end
end
return renewed
`;

/**
 * KEYS: stream, orderList. ARGV: group, headId.
 * The head of a key's list blocks everything behind it. If it is no longer a live entry (deleted
 * or trimmed, or acknowledged without leaving the list) it is removed; returns 1 when repaired.
 */
const REPAIR_HEAD = `
if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[2] then
  return 0
end
local entries = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #entries == 0 then
  redis.call('LREM', KEYS[2], 1, ARGV[2])
  return 1
end
if #pending == 1 then
  return 0
end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
for _, g in ipairs(groups) do
  local name, last = nil, nil
  for i = 1, #g, 2 do
    if g[i] == 'name' then name = g[i + 1] end
    if g[i] == 'last-delivered-id' then last = g[i + 1] end
  end
  if name == ARGV[1] and last then
    local lms, lseq = string.match(last, '(%d+)-(%d+)')
    local hms, hseq = string.match(ARGV[2], '(%d+)-(%d+)')
    lms, lseq, hms, hseq = tonumber(lms), tonumber(lseq), tonumber(hms), tonumber(hseq)
    if hms < lms or (hms == lms and hseq <= lseq) then
      redis.call('LREM', KEYS[2], 1, ARGV[2])
      return 1
    end
  end
end
return 0
`;

export interface StreamScripts {
  streamEnqueue(
    stream: string,
    dedupeKey: string,
    orderList: string,
    data: string,
    dedupeTtlSeconds: number,
    ordered: '1' | '0',
    dedupeValue: string,
  ): Promise<string | null>;
  streamBegin(
    orderList: string,
    lock: string,
    attempts: string,
    failures: string,
    entryId: string,
    token: string,
    leaseMs: number,
    ordered: '1' | '0',
  ): Promise<['OK' | 'WAIT' | 'LOCKED', string, number, number]>;
  streamAck(
    stream: string,
    orderList: string,
    lock: string,
    attempts: string,
    group: string,
    entryId: string,
    token: string,
    ordered: '1' | '0',
  ): Promise<number>;
  streamDeadLetter(
    stream: string,
    orderList: string,
    lock: string,
    attempts: string,
    deadLetterStream: string,
    group: string,
    entryId: string,
    token: string,
    ordered: '1' | '0',
    streamName: string,
    data: string,
    error: string,
    attemptCount: number,
    failedAt: string,
    consumer: string,
  ): Promise<string>;
  streamRedrive(
    deadLetterStream: string,
    targetStream: string,
    orderList: string,
    deadLetterId: string,
    ordered: '1' | '0',
  ): Promise<string | null>;
  streamTouch(stream: string, group: string, consumer: string, ...ids: string[]): Promise<string[]>;
  streamFencedHset(
    stream: string,
    hash: string,
    group: string,
    entryId: string,
    consumer: string,
    ttlSeconds: number,
    setCount: number,
    ...fieldsThenDeleted: (string | number)[]
  ): Promise<number>;
  streamRenewLocks(...keysAndArgs: (string | number)[]): Promise<number>;
  streamRepairHead(
    stream: string,
    orderList: string,
    group: string,
    headId: string,
  ): Promise<number>;
}

export type ScriptedRedis = Redis & StreamScripts;

const defined = new WeakSet<Redis>();

/** Registers the scripts on a connection (EVALSHA with automatic EVAL fallback). */
export function withStreamScripts(redis: Redis): ScriptedRedis {
  if (!defined.has(redis)) {
    redis.defineCommand('streamEnqueue', { numberOfKeys: 3, lua: ENQUEUE });
    redis.defineCommand('streamBegin', { numberOfKeys: 4, lua: BEGIN });
    redis.defineCommand('streamAck', { numberOfKeys: 4, lua: ACK });
    redis.defineCommand('streamDeadLetter', { numberOfKeys: 5, lua: DEAD_LETTER });
    redis.defineCommand('streamRedrive', { numberOfKeys: 3, lua: REDRIVE });
    redis.defineCommand('streamTouch', { numberOfKeys: 1, lua: TOUCH });
    redis.defineCommand('streamFencedHset', { numberOfKeys: 2, lua: FENCED_HSET });
    // Variable number of lock keys: the caller passes numberOfKeys first.
    redis.defineCommand('streamRenewLocks', { lua: RENEW_LOCKS });
    redis.defineCommand('streamRepairHead', { numberOfKeys: 2, lua: REPAIR_HEAD });
    defined.add(redis);
  }
  return redis as ScriptedRedis;
}
