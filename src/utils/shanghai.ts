/**
 * The app is used in China, which keeps UTC+8 all year (no summer time), so Shanghai wall-clock
 * time needs no time-zone library on the phone: shift the instant by 8 hours and read it with the
 * UTC getters. A phone set to another zone (a daughter abroad) still sees the community's times.
 */
const OFFSET_MS = 8 * 3600_000

/** The instant shifted so that its UTC getters (getUTCHours, toISOString…) read Shanghai time. */
export function shanghai(at: Date | string | number = new Date()): Date {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at
  return new Date(ms + OFFSET_MS)
}

/** Shanghai calendar date, YYYY-MM-DD. */
export function shanghaiDate(at: Date | string | number = new Date()): string {
  return shanghai(at).toISOString().slice(0, 10)
}

/** Shanghai date and time, YYYY-MM-DD HH:mm (notices: a 10:45 notice never reads 02:45). */
export function shanghaiDateTime(at: Date | string | number = new Date()): string {
  return shanghai(at).toISOString().slice(0, 16).replace('T', ' ')
}
