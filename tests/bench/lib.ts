/** Small pieces every domain benchmark uses. */
export type Emit = (figure: Record<string, unknown>) => void

/** Runs `jobs` with `clients` workers; returns completed per second and how many failed. */
export async function drive(jobs: (() => Promise<unknown>)[], clients: number): Promise<{ perSecond: number; failed: number }> {
  let next = 0
  let failed = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs.length) await jobs[next++]().catch(() => failed++)
    }),
  )
  return { perSecond: Math.round((jobs.length - failed) / ((performance.now() - started) / 1000)), failed }
}

/** The q-quantile (0–1) of xs, to two decimals. */
export function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * q))] * 100) / 100
}
