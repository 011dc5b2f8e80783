import { shanghai, shanghaiDate } from '@/utils/shanghai'

/** Dates are shown as the Shanghai calendar day. */
export function dayOf(iso: string): string {
  return shanghaiDate(iso)
}
export function minuteOf(iso: string): string {
  return shanghai(iso).toISOString().slice(0, 16).replace('T', ' ')
}
