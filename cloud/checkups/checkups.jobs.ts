import type { JobHandler } from '../platform/jobs'
import { inTransaction } from '../platform/tx'
import { notify } from '../platform/notices'
import { findBooking, markNoShows, markReminded } from './repository/bookings'
import { familyOf } from './repository/elders'
import { closeOffer } from './repository/waitlist'
import { when } from './checkups.text'
import { relativeDay } from './checkups.time'
import { releasePlace } from './release-place'

/** Scheduled work of 体检预约, run by tick(). Each handler is safe to run twice. */
export const checkupJobHandlers: Record<string, JobHandler> = {
  // 10:00 the day before: place, time, fasting and what to bring — to the elder and whoever booked
  'checkups.remind': async ({ db, now, payload }) => {
    const bookingId = String(payload.bookingId)
    const sessionId = String(payload.sessionId)
    await inTransaction(db, async (tx) => {
      const marked = await markReminded(tx, bookingId, sessionId, now)
      if (!marked) return // cancelled, moved or already reminded
      const b = (await findBooking(tx, bookingId))!
      // usually sent the day before; a booking or reschedule on the day itself is reminded at once — 今天
      const day = relativeDay(b.starts_at, now)
      const body = `${day ? `${day} ` : ''}${when(b.starts_at)}，${b.place}。${b.fasting ? `${b.fasting}。` : ''}${b.bring ? `请带：${b.bring}。` : ''}`
      await notify(tx, now, { userId: b.elder_id, kind: 'checkup.reminder', title: day ? `${day}体检` : '体检提醒', body })
      if (marked.booked_by !== b.elder_id) {
        const family = await familyOf(tx, b.elder_id)
        if (family.some((f) => f.id === marked.booked_by)) await notify(tx, now, { userId: marked.booked_by, kind: 'checkup.reminder', title: `${day ?? ''}${b.elder_name}体检`, body })
      }
    })
  },
  // after the session: bookings nobody checked in become no-shows and show on the call list
  'checkups.no-shows': async ({ db, now, payload }) => {
    await inTransaction(db, async (tx) => {
      const missed = await markNoShows(tx, String(payload.sessionId), now)
      for (const m of missed) {
        await notify(tx, now, { userId: m.elder_id, kind: 'checkup.no_show', title: '体检没有签到', body: '您今天预约的体检没有签到，社区工作人员会联系您重新安排。' })
      }
    })
  },
  // a 候补 offer not accepted in time passes to the next in line (or the place goes back)
  'checkups.offer-expire': async ({ db, now, payload }) => {
    await inTransaction(db, async (tx) => {
      const offer = await closeOffer(tx, String(payload.waitlistId), now, 'expired')
      if (!offer) return // accepted or declined meanwhile
      await notify(tx, now, { userId: offer.elder_id, kind: 'checkup.offer_expired', title: '候补名额已过期', body: '保留的体检名额已过期，已让给下一位候补的老人。可以重新选择其他场次。' })
      await releasePlace(tx, offer.session_id, now)
    })
  },
}
