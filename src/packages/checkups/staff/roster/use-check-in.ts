import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { TBooking } from '@contracts/checkups'
import { checkupsApi } from '@/api/checkups'
import { useAction } from '@/hooks/use-action'
import { timeLabel } from '@/packages/checkups/time'
import { startCameraScan } from '@/components/camera-scan'

/**
 * What staff typed or scanned: an 18-digit ID-card number, or a check-in code — the QR's
 * `linli:checkup:<code>` or the 8 characters printed under it ("K7P2-9QXM"); the server tells which.
 */
function checkInBy(text: string): (() => Promise<TBooking>) | null {
  const t = text.trim()
  if (!t) return null
  if (/^\d{17}[\dXx]$/.test(t)) return () => checkupsApi.checkInById(t)
  const m = /^linli:checkup:([A-Za-z0-9_-]{16,64})$/.exec(t)
  return () => checkupsApi.checkIn(m ? m[1] : t)
}

/**
 * 签到 by typed code, by the mini-program's scanner, or (H5 at the site) by the phone's camera in
 * the page, each frame decoded until a QR is read. `onCheckedIn` reloads the roster.
 */
export function useCheckIn(onCheckedIn: () => void) {
  const [code, setCode] = useState('')
  const action = useAction()
  const { act, fail, say } = action
  const checkIn = async (text: string) => {
    const request = checkInBy(text)
    if (!request) return
    await act(async () => {
      const b = await request()
      setCode('')
      onCheckedIn()
      return `${b.elderName} 已签到（${timeLabel(b.session.startsAt)} ${b.session.place}）`
    })
  }
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true })
      await checkIn(r.result)
    } catch {
      fail('没有扫到二维码，可以输入二维码下方的签到码，或按姓名查找')
    }
  }
  const [stopScan, setStopScan] = useState<(() => void) | null>(null)
  useEffect(() => () => stopScan?.(), [stopScan])
  const scanH5 = async () => {
    if (stopScan) {
      stopScan()
      setStopScan(null)
      return
    }
    say(null)
    try {
      const stop = await startCameraScan(
        'cks-scan',
        (text) => {
          setStopScan(null)
          void checkIn(text)
        },
        'cks-video',
      )
      setStopScan(() => stop)
    } catch {
      fail('打不开摄像头（可能没有允许使用相机），可以输入二维码下方的签到码或老人的身份证号')
    }
  }
  return { code, setCode, checkIn, scan, scanH5, scanning: Boolean(stopScan), ...action }
}
