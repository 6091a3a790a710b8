/**
 * Sleeps `ms`, unless `wake` is called first: a waiting loop that can be cut short (new work
 * arrived, the process is stopping). `wake` after the sleep ended does nothing.
 */
export function wakeableSleep(ms: number): { slept: Promise<void>; wake: () => void } {
  let wake = (): void => undefined;
  const slept = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { slept, wake };
}
