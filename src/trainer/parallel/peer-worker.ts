import { parentPort, workerData } from "node:worker_threads";
import { selectBackend } from "../backend/select.ts";
import { lowerThisThreadsPriority } from "../worker/thread-priority.ts";
import { runsOf } from "../train.ts";
import { ABORT_FAILED, abortBarrier, BarrierAbortedError } from "./barrier.ts";
import { fitRun } from "./fit-run.ts";
import type { PeerInput, PeerMessage, PeerStart } from "./peer-protocol.ts";
import { viewsOf } from "./shared.ts";

/*
 * A helper training thread (rank ≥ 1): starts its own wasm backend at once, then waits for the job's shared
 * buffers and trains its share of every batch of every run in lockstep with rank 0. It stays alive (idle)
 * after the job until the host terminates it, so that an exit before then always means it died.
 */

const port = parentPort;
if (port === null) throw new Error("peer-worker.ts must run as a worker thread");
const input = workerData as PeerInput;
const post = (message: PeerMessage): void => port.postMessage(message);
if (input.lowPriority) lowerThisThreadsPriority();
const ready = selectBackend(["wasm"]);
// A backend that fails to start matters only if this thread is asked to train (reported then).
ready.catch(() => {});

port.on("message", (start: PeerStart) => {
  void ready.then(() => train(start)).catch((error: unknown) => fail(start, error));
});

function train(start: PeerStart): void {
  const views = viewsOf(start.shared);
  try {
    for (const { dropout } of runsOf(start.params)) fitRun(views, input.rank, start.params, dropout);
    post({ type: "finished" });
  } catch (error) {
    if (error instanceof BarrierAbortedError) post({ type: "stopped", code: error.code });
    else throw error;
  }
}

function fail(start: PeerStart, error: unknown): void {
  abortBarrier(new Int32Array(start.shared.control), ABORT_FAILED);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  post({ type: "failed", message });
}
