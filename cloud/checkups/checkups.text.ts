import { whenText } from './checkups.time'

/** 中文 date and time for notices, e.g. 12月1日 08:00. */
export function when(d: Date | string): string {
  return whenText(new Date(d))
}
