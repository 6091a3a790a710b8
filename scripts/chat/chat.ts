/**
 * `npm run chat`: talk to the bot from the terminal as a WhatsApp customer, through the local
 * Chatwoot stand-in that ./scripts/start.sh runs when no real Chatwoot is configured.
 */
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { clearLine, createInterface, cursorTo } from 'node:readline';
import { readProcessEnv } from '@app/config/process-env';
import {
  ansiPaint,
  ChatSession,
  deliveryProblem,
  INDENT,
  Paint,
  plainPaint,
  renderEvent,
  StandInUnavailableError,
} from './chat-client';
import { DEFAULT_STANDIN_PORT, NewConversation, SendResult } from './protocol';

const HELP = [
  'Escribe como si fueras un cliente por WhatsApp. Comandos:',
  '  /foto <ruta> [<ruta>…]   envía fotos (cada una es un mensaje, como en WhatsApp)',
  '  /nuevo [nombre]          conversación nueva con un cliente nuevo',
  '  /tipo profesional|particular   tipo de cliente de la conversación (lo pone un agente)',
  '  /ayuda   /salir',
];

/** Splits `/foto "mi foto.jpg" otra.png` into paths (quotes keep spaces; ~ is the home). */
const splitArgs = (text: string): string[] =>
  [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) =>
    (match[1] ?? match[2] ?? match[3] ?? '').replace(/^~(?=\/|$)/, homedir()),
  );

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  const env = readProcessEnv();
  const port = Number(env.CHATWOOT_STANDIN_PORT || DEFAULT_STANDIN_PORT);
  const session = new ChatSession(`http://127.0.0.1:${port}`);
  const paint: Paint = process.stdout.isTTY ? ansiPaint : plainPaint;

  const health = await session.health();
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'tú  › ' });
  let closed = false;
  const print = (lines: string[]): void => {
    if (lines.length === 0) return;
    clearLine(process.stdout, 0);
    cursorTo(process.stdout, 0);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (!closed) rl.prompt(true);
  };
  const note = (text: string, tone: 'dim' | 'error' = 'dim'): void =>
    print([paint(tone, `${INDENT}${text}`)]);

  for (const service of [health.api, health.worker]) {
    if (service && !service.up) {
      note(`${service.url} no responde (${service.detail ?? '?'}): ¿sigue arrancando?`, 'error');
    }
  }
  const banner = (conversation: NewConversation): void =>
    print([
      paint(
        'dim',
        `Conversación ${conversation.conversation_id} — ${conversation.contact.name} ` +
          `(${conversation.contact.phone_number}). /ayuda para ver los comandos.`,
      ),
    ]);
  banner(await session.newConversation());

  // Replies arrive on their own (the worker answers asynchronously, images after pauses).
  const pollLoop = async (): Promise<void> => {
    while (!closed) {
      try {
        for (const event of await session.poll()) print(renderEvent(event, paint));
      } catch (error) {
        if (closed) return;
        note(error instanceof Error ? error.message : String(error), 'error');
        await sleep(3000);
      }
    }
  };

  const report = (result: SendResult): void => {
    const problem = deliveryProblem(result);
    if (problem) note(problem, 'error');
  };

  const handle = async (line: string): Promise<void> => {
    const text = line.trim();
    if (!text) return;
    const [command = '', ...rest] = text.startsWith('/') ? text.split(/\s+/) : [];
    const argument = text.slice(command.length).trim();
    switch (command.toLowerCase()) {
      case '':
        report(await session.say(text));
        return;
      case '/salir':
        rl.close();
        return;
      case '/ayuda':
        print(HELP.map((help) => paint('dim', help)));
        return;
      case '/nuevo':
        banner(await session.newConversation(argument || undefined));
        return;
      case '/tipo': {
        const tipo = rest[0]?.toLowerCase();
        if (tipo !== 'profesional' && tipo !== 'particular') {
          return note('uso: /tipo profesional|particular', 'error');
        }
        await session.setTipo(tipo);
        return note(`tipo de cliente: ${tipo} (llega al bot con el próximo mensaje)`);
      }
      case '/foto': {
        const paths = splitArgs(argument).map((path) => resolve(path));
        if (paths.length === 0) return note('uso: /foto <ruta> [<ruta>…]', 'error');
        for (const path of paths) {
          try {
            await access(path);
          } catch {
            note(`no encuentro ${path}`, 'error');
            continue;
          }
          const result = await session.sendPhoto(path);
          note(`📷 enviada ${path}`);
          report(result);
        }
        return;
      }
      default:
        return note(`comando desconocido ${command} (/ayuda)`, 'error');
    }
  };

  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue
      .then(() => handle(line))
      .catch((error: unknown) =>
        note(error instanceof Error ? error.message : String(error), 'error'),
      )
      .then(() => {
        if (!closed) rl.prompt(true);
      });
  });
  rl.on('close', () => {
    closed = true;
    session.close();
    process.stdout.write('\n');
    process.exit(0);
  });
  rl.prompt();
  await pollLoop();
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof StandInUnavailableError ? message : `chat: ${message}`);
  process.exit(1);
});
