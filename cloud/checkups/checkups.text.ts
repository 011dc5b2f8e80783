import { formatShanghai } from '../platform/clock'

/** 中文 date and time for notices, e.g. 12月1日 08:00. */
export function when(d: Date | string): string {
  return formatShanghai(new Date(d), 'M月D日 HH:mm')
}
