import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { RawEnv } from '@app/config';

export const REPO_ROOT = resolve(__dirname, '../..');

export interface SpawnedProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnOptions {
  /**
   * Writes the child's stdout and stderr straight into this file (appending) instead of a pipe
   * read by this process: a benchmark whose processes log for minutes then spends none of its
   * own event loop on their output. `output()` returns the file's last 64 KiB.
   */
  logFile?: string;
}

const OUTPUT_TAIL_BYTES = 64 * 1024;

const fileTail = (path: string): string => {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const length = Math.min(size, OUTPUT_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString();
  } finally {
    closeSync(fd);
  }
};

/** Runs a TypeScript entry point (e.g. apps/worker/src/main.ts) as a real OS process. */
export function spawnTs(
  entry: string,
  env: RawEnv,
  nodeArgs: string[] = [],
  options: SpawnOptions = {},
): SpawnedProcess {
  const logFd = options.logFile ? openSync(options.logFile, 'a') : undefined;
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '-r',
      'ts-node/register',
      '-r',
      'tsconfig-paths/register',
      resolve(REPO_ROOT, entry),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH, // eslint-disable-line no-restricted-syntax -- child needs PATH
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_SWC: 'true',
        ...env,
      },
      stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
    },
  );
  // The child holds its own copy of the descriptor.
  if (logFd !== undefined) closeSync(logFd);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit(code ?? signal ?? -1));
  });
  const { logFile } = options;
  return {
    child,
    output: () => (logFile ? fileTail(logFile) : output),
    exited,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms${lastError ? `: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : ''}`,
  );
}

export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no result in ${ms} ms`)), ms),
    ),
  ]);
