import type { Address, Locale } from "../../core/conversation.ts";
import { trainLimitError } from "../messages.ts";
import type { TrainParams } from "../params.ts";
import { cacheKeyFor } from "./cache-key.ts";
import type { JobRecord, ProcessIdentity } from "./job-record.ts";
import type { JobStore } from "./job-store.ts";

export type Admission =
  /** A stored result of identical seeded parameters. */
  | { kind: "cached"; job: JobRecord }
  /** The same seeded job is already queued or running. */
  | { kind: "duplicate"; job: JobRecord }
  /** A new row, queued and owned by the caller's instance. */
  | { kind: "new"; job: JobRecord };

export interface AdmissionRequest {
  owner: Address;
  locale: Locale;
  params: TrainParams;
  /** Queued plus running jobs one user may have, counted in the database every bot process shares. */
  maxActivePerUser: number;
  instance: ProcessIdentity;
  queueJobId?: string;
}

/**
 * What becomes of a request, the same in both queues: a seeded result is reused, a seeded twin is not
 * trained twice, and a new job is recorded only under the owner's limit (throws UserError "train.limit").
 */
export function admit(store: JobStore, request: AdmissionRequest): Admission {
  const { owner, locale, params } = request;
  const cacheKey = cacheKeyFor(params);
  const cached = cacheKey === null ? undefined : store.findDone(cacheKey);
  if (cached?.result) return { kind: "cached", job: cached };
  const twin = cacheKey === null ? undefined : store.findActive(cacheKey);
  if (twin) return { kind: "duplicate", job: twin };
  const job = store.insertUnderLimit(
    request.maxActivePerUser,
    owner,
    locale,
    params,
    cacheKey,
    request.instance,
    request.queueJobId === undefined ? {} : { queueJobId: request.queueJobId },
  );
  if (job === undefined) throw trainLimitError(request.maxActivePerUser);
  return { kind: "new", job };
}
