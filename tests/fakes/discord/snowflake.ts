const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A Discord id: milliseconds since 2015 in the top bits, so ids sort by creation time like real ones. */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | increment).toString();
}
