import { Client, ClientConfig } from 'pg';

type QueryFn = (...args: unknown[]) => unknown;

/**
 * A pg client that sends each distinct parameterised statement as a named (prepared) statement
 * of its connection, so PostgreSQL parses it once per connection and may reuse its plan, instead
 * of parsing, analysing and planning it on every call. On the customer-message path (about a
 * dozen statements per message, several of them multi-CTE writes) this took PostgreSQL's CPU
 * per message from 5.5 to 3.4 ms on 2 cores (npm run bench:agent).
 *
 * Plans are made again every `replanAfterMs` (`DISCARD PLANS`, queued ahead of the next named
 * statement; the parsed statements stay). PostgreSQL switches a statement called more than
 * five times to one generic plan and keeps it for the life of the session unless a table it
 * reads is analysed, so a plan made while a table was nearly empty (the first minutes after a
 * deploy, or autovacuum off or behind) would read that table sequentially for ever: in a
 * 5-minute soak the UPDATE that takes a turn's messages scanned `conversation_messages` 6,600
 * times (260 million rows) and replies fell ten seconds behind. Planning every call instead
 * (`plan_cache_mode = force_custom_plan`) cost PostgreSQL a third more CPU per message.
 *
 * At most `limit` statements are named per connection (the rest run unnamed as before), so
 * dynamic SQL cannot grow a session's memory without bound. Statements without parameters
 * (BEGIN, COMMIT, DDL) keep the simple protocol. Named statements live on the server session:
 * they don't work through a pooler in transaction mode (turn the cache off with
 * DATABASE_STATEMENT_CACHE=0 there), and a running process must not see a column of a table it
 * reads change type (migrations run before the processes start).
 */
export function statementCachingClient(limit: number, replanAfterMs: number): typeof Client {
  return class StatementCachingClient extends Client {
    public constructor(config?: string | ClientConfig) {
      super(config);
      const names = new Map<string, string>();
      let plannedAt = Date.now();
      const run = (Client.prototype.query as QueryFn).bind(this);
      // An own property: pg-pool and TypeORM call `client.query(text, values)` on the instance.
      Object.defineProperty(this, 'query', {
        value: (query: unknown, values?: unknown, callback?: unknown): unknown => {
          if (typeof query === 'string' && Array.isArray(values) && values.length > 0) {
            let name = names.get(query);
            if (name === undefined && names.size < limit) {
              name = `msia_${names.size + 1}`;
              names.set(query, name);
            }
            if (name !== undefined) {
              if (Date.now() - plannedAt >= replanAfterMs) {
                plannedAt = Date.now();
                // Fails only where the statement after it fails too (an aborted transaction):
                // then the next call tries again.
                (run('DISCARD PLANS') as Promise<unknown>).catch(() => (plannedAt = 0));
              }
              return run({ name, text: query, values }, callback);
            }
          }
          return run(query, values, callback);
        },
      });
    }
  };
}
