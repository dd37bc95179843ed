/** "[█████░░░░░]  50%": a text progress bar for terminals. */
export function progressBar(ratio: number, width = 20): string {
  const clamped = Math.min(1, Math.max(0, ratio));
  const filled = Math.round(clamped * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.round(clamped * 100)).padStart(3)}%`;
}
