/** Dates are shown as the Shanghai calendar day (China has no summer time: UTC+8 all year). */
export function dayOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)
}
export function minuteOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}
