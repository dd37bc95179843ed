import type { Address, Conversation, Locale } from "../conversation.ts";
import type { Reply } from "../reply.ts";

/**
 * What the `/train` command needs from the trainer. The core knows nothing of TensorFlow, workers or charts:
 * the implementation (src/trainer/service.ts) parses the arguments, queues the job, and streams progress
 * and the result back through the conversation.
 */
export interface TrainerPort {
  /** `/train <key=value …>`: validate, queue, and answer at once (queued/started/cached result). Throws a UserError with code "train.args" on bad arguments. */
  start(request: TrainRequest): Promise<Reply[]>;
  /** `/train status`: the user's queued/running jobs and the queue length. */
  status(owner: Address, locale: Locale): Promise<Reply[]>;
  /** `/train cancel`: cancel the user's queued or running job. */
  cancel(owner: Address, locale: Locale): Promise<Reply[]>;
  /** Help text for the parameters (keys, defaults, bounds), shown by `/train help` and `/help train`. */
  helpText(locale: Locale): string;
  /** Resolves when no job is queued or running (the piped local chat waits for it before exiting). */
  whenIdle(): Promise<void>;
  /** Stops the worker and the queue (shutdown). */
  close(): Promise<void>;
}

export interface TrainRequest {
  owner: Address;
  /** Everything after `/train`, e.g. "dropout=0.3 epochs=5". */
  args: string;
  locale: Locale;
  /** Where progress and the result go. */
  conversation: Conversation;
}
