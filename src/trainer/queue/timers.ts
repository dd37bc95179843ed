/** Something that calls `run` every `ms` until stopped. */
export type StartInterval = (run: () => void, ms: number) => { stop(): void };

/** setInterval that does not keep the process alive. */
export const unrefInterval: StartInterval = (run, ms) => {
  const timer = setInterval(run, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};
