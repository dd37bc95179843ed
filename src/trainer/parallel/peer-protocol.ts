import type { TrainParams } from "../params.ts";
import type { SharedTraining } from "./shared.ts";

/** workerData of a helper training thread. */
export interface PeerInput {
  /** 1 for the second thread (rank 0 is the job's own worker). */
  rank: number;
  /** Train at a lower CPU priority than the bot's thread. */
  lowPriority: boolean;
}

/** Sent by the host once the job's worker has made the shared buffers. */
export interface PeerStart {
  shared: SharedTraining;
  params: TrainParams;
}

/** What a helper thread posts back: it finished its part, was stopped with the others, or failed. */
export type PeerMessage =
  { type: "finished" } | { type: "stopped"; code: number } | { type: "failed"; message: string };
