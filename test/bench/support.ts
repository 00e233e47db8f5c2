/** What every bench shares: how a figure is printed and what a citizen's application looks like. */

export function print(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit })}\n`);
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Extra figures and progress notes only when asked: `BENCH_DETAIL=1`. */
export const detail = Boolean(process.env.BENCH_DETAIL);

/** What a citizen's 40-field application looks like to the draft store: Cyrillic text of realistic lengths. */
export function fortyAnswers(round: number): Record<string, string> {
  const answers: Record<string, string> = {};
  for (let i = 0; i < 40; i += 1) answers[`field${i}`] = `Жооп ${i} — Үмөт Ңурбаев Өмүрбекович ${round}`.repeat(1 + (i % 3));
  return answers;
}
