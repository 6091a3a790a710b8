import { incomingEvent } from '../../support/chatwoot-events';
import { sleep } from '../../support/random';

export interface LoadPlan {
  messages: number;
  conversations: number;
  /** Messages per second, spread evenly (message i is due at i / rate seconds). */
  ratePerSecond: number;
  /** Requests in flight at most. */
  concurrency?: number;
  firstMessageId?: number;
  firstConversationId?: number;
}

export interface SentMessage {
  id: number;
  conversationId: number;
  /** HTTP status, or 0 when the request failed or timed out without an answer. */
  status: number;
  /** 2xx with status "received": the api queued it, so it must be stored. */
  accepted: boolean;
  latencyMs: number;
  /** Why a request got no answer (network error, timeout) or what a refusal said. */
  error?: string;
}

export interface LoadResult {
  sent: SentMessage[];
  accepted: SentMessage[];
  rejected: SentMessage[];
  conversations: number[];
  durationMs: number;
  /** 99th percentile of the webhook's answer time. */
  p99LatencyMs: number;
}

/**
 * One line per refusal reason ("status 0 fetch failed UND_ERR_SOCKET ×21, ids 1000123…"), or
 * "none": a short failure message even when CI truncates long diffs.
 */
export function refusals(load: LoadResult): string {
  if (load.rejected.length === 0) return 'none';
  const byReason = new Map<string, SentMessage[]>();
  for (const message of load.rejected) {
    const reason = `status ${message.status} ${message.error ?? ''}`.trim();
    byReason.set(reason, [...(byReason.get(reason) ?? []), message]);
  }
  return [...byReason]
    .map(([reason, messages]) => {
      const latencies = messages.map((m) => m.latencyMs);
      return (
        `${reason} ×${messages.length} (ids ${messages
          .slice(0, 5)
          .map((m) => m.id)
          .join(',')}` +
        `${messages.length > 5 ? '…' : ''}; latency ${Math.min(...latencies)}–` +
        `${Math.max(...latencies)} ms)`
      );
    })
    .join('; ');
}

/** Chatwoot conversation, contact and phone of the n-th conversation of a load. */
export const conversationIdentity = (conversationId: number) => ({
  contactId: 500_000 + conversationId,
  // A distinct valid Spanish mobile per conversation (+34 6xx xxx xxx).
  phone: `+346${String(10_000_000 + conversationId).slice(-8)}`,
  name: `Cliente ${conversationId}`,
});

/**
 * Sends `messages` Chatwoot webhooks at `ratePerSecond`, round-robin over `conversations`
 * conversations, with bounded concurrency. Messages of one conversation are sent one after the
 * other (the next only once the previous one was answered), so each conversation's stream
 * order is its message id order and stored order can be checked against ids. A request that
 * fails (api answering 5xx while Redis is down, timeouts) is recorded, never retried: Chatwoot
 * does not re-send webhooks either.
 */
export async function sendLoad(
  webhookUrl: string,
  plan: LoadPlan,
  onSent?: (message: SentMessage, index: number) => void,
): Promise<LoadResult> {
  const firstId = plan.firstMessageId ?? 1_000_000;
  const firstConversation = plan.firstConversationId ?? 10_000;
  const concurrency = plan.concurrency ?? 32;
  const started = Date.now();
  const sent: SentMessage[] = [];
  const chains = new Map<number, Promise<void>>();
  let inFlight = 0;
  const tasks: Promise<void>[] = [];

  for (let index = 0; index < plan.messages; index += 1) {
    const due = started + (index * 1000) / plan.ratePerSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    while (inFlight >= concurrency) await sleep(2);
    const conversationId = firstConversation + (index % plan.conversations);
    const id = firstId + index;
    inFlight += 1;
    const previous = chains.get(conversationId) ?? Promise.resolve();
    const task = previous
      .then(() => post(webhookUrl, id, conversationId))
      .then((message) => {
        sent.push(message);
        onSent?.(message, index);
      })
      .finally(() => (inFlight -= 1));
    chains.set(conversationId, task);
    tasks.push(task);
  }
  await Promise.all(tasks);
  sent.sort((a, b) => a.id - b.id);
  const latencies = sent.map((message) => message.latencyMs).sort((a, b) => a - b);
  const accepted = sent.filter((message) => message.accepted);
  return {
    sent,
    accepted,
    rejected: sent.filter((message) => !message.accepted),
    conversations: Array.from(
      { length: Math.min(plan.conversations, plan.messages) },
      (_, i) => firstConversation + i,
    ),
    durationMs: Date.now() - started,
    p99LatencyMs: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

async function post(url: string, id: number, conversationId: number): Promise<SentMessage> {
  const identity = conversationIdentity(conversationId);
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        incomingEvent({
          id,
          conversationId,
          content: `mensaje ${id} de la conversación ${conversationId}`,
          ...identity,
        }),
      ),
      // Chatwoot gives a webhook 5 s; a 2-core machine under a crash storm can be slower, and
      // a timeout here would count a message the api accepted as rejected. Still bounded.
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json().catch(() => ({}))) as { status?: string; error?: string };
    const accepted = res.ok && body.status === 'received';
    return {
      id,
      conversationId,
      status: res.status,
      accepted,
      latencyMs: Date.now() - started,
      ...(accepted ? {} : { error: body.status ?? body.error ?? 'no body' }),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      id,
      conversationId,
      status: 0,
      accepted: false,
      latencyMs: Date.now() - started,
      error: [error instanceof Error ? error.message : String(error), cause]
        .filter(Boolean)
        .join(': '),
    };
  }
}
