/**
 * The hosts of the worker processes connected to the queue, from BullMQ's getWorkers() (Redis CLIENT LIST;
 * each worker names its connection "<prefix>:<queue>:w:<name>", and a worker's name is its host). A worker
 * killed with SIGKILL drops out as soon as Redis sees its connection close.
 */
export function workerHosts(clients: readonly Record<string, string>[]): string[] {
  return clients
    .map((client) => {
      const raw = client.rawname ?? client.name ?? "";
      const at = raw.indexOf(":w:");
      return at === -1 ? "?" : raw.slice(at + 3);
    })
    .sort();
}
