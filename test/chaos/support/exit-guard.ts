/**
 * Last-resort cleanup: if the jest worker exits without running afterAll (a crash, a timeout
 * that kills the worker), the processes and server instances a chaos test started must not
 * outlive it. Hooks are synchronous (the 'exit' event allows nothing else); afterAll/afterEach
 * remain the normal path and unregister their hooks.
 */
const hooks = new Set<() => void>();
let installed = false;

export function onProcessExit(hook: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const run of hooks) {
        try {
          run();
        } catch {
          // best effort: keep running the other hooks
        }
      }
    });
  }
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** SIGKILLs a pid if it still runs (for exit hooks). */
export function killQuietly(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
