import Taro from '@tarojs/taro'
import { shanghai, shanghaiDate } from '@/utils/shanghai'

/** Where the volunteer stands now (WGS-84, as the server expects). */
export async function here(): Promise<{ lat: number; lng: number }> {
  const r = await Taro.getLocation({ type: 'wgs84' })
  return { lat: r.latitude, lng: r.longitude }
}

/** HH:mm in Shanghai time. */
export function hhmm(at: Date | string): string {
  return shanghai(at).toISOString().slice(11, 16)
}

/** Today's (Shanghai) HH:mm as an instant; a time later than now is taken as yesterday's (a service past midnight). */
export function instantOf(time: string, now = new Date()): Date {
  const at = new Date(`${shanghaiDate(now)}T${time}:00+08:00`)
  return at > now ? new Date(at.getTime() - 86_400_000) : at
}
