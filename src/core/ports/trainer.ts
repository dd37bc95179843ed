import type { Address, Conversation, Locale } from "../conversation.ts";
import type { Reply } from "../reply.ts";

/**
 * What the `/train` command needs from the trainer. The core knows nothing of TensorFlow, workers or charts:
 * the implementation (src/trainer/service.ts) reads the parameters, queues the job, and streams progress
 * and the result back through the conversation. `Params` is the trainer's reading of the parameters; the
 * core hands it from `readParams` to `start` without looking inside.
 */
export interface TrainerPort<Params = unknown> {
  /**
   * Reads `/train`'s parameters (`dropout=0.3 epochs=5`) without queuing anything: cheap, so platforms
   * learn at once whether the command is refused. Throws an ArgumentError ("train.args") for a mistake.
   */
  readParams(args: string): Params;
  /** `/train <key=value …>`: queue, and answer at once (queued/started/cached result). */
  start(request: TrainRequest<Params>): Promise<Reply[]>;
  /** `/train status`: the user's queued/running jobs and the queue length. */
  status(owner: Address, locale: Locale): Promise<Reply[]>;
  /** `/train cancel [N]`: cancel the user's queued and running jobs, or only their job #N. */
  cancel(owner: Address, locale: Locale, jobId?: number): Promise<Reply[]>;
  /** Help text for the parameters (keys, defaults, bounds), shown by `/train help` and `/help train`. */
  helpText(locale: Locale): string;
  /** Resolves when no job is queued or running (the piped local chat waits for it before exiting). */
  whenIdle(): Promise<void>;
  /** Stops the worker and the queue (shutdown). */
  close(): Promise<void>;
}

export interface TrainRequest<Params = unknown> {
  owner: Address;
  /** The parameters as `readParams` read them. */
  params: Params;
  locale: Locale;
  /** Where progress and the result go. */
  conversation: Conversation;
}
