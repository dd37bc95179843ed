import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { JobRecord, ProcessIdentity } from "./job-record.ts";

/** This process, as a new queue instance records it on its jobs. */
export function thisProcess(id: string = randomUUID()): ProcessIdentity {
  return { id, host: hostname(), pid: process.pid };
}

/** Whether a process with this id runs on this host (EPERM: it runs, under another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether a job's owning process has certainly exited, as seen from `me`: only a process of this host can
 * be checked. Its pid no longer runs, or it is this very pid under another instance id — a previous life
 * of this process (a container restarted keeps its host name and gets pid 1 again). Elsewhere the
 * heartbeat decides.
 */
export function ownerGone(me: ProcessIdentity, alive: (pid: number) => boolean = pidAlive) {
  return (job: JobRecord): boolean => {
    if (job.instanceHost !== me.host || job.instancePid === null || job.instanceId === me.id) return false;
    return job.instancePid === me.pid || !alive(job.instancePid);
  };
}
