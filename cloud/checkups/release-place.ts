import type { Kdb } from '../db/db'
import { addMinutes } from '../platform/clock'
import { scheduleJob } from '../platform/jobs'
import { notify } from '../platform/notices'
import { freePlace, sessionForRelease } from './repository/sessions'
import { offerToNext } from './repository/waitlist'
import { when } from './checkups.text'

/**
 * A place in a session is given up (cancel, reschedule away, expired or declined offer).
 * While the session is still ahead, the first waiting elder (候补) is offered it and the place
 * stays held for them; otherwise it goes back to everyone. Runs inside the caller's transaction.
 */
export async function releasePlace(tx: Kdb, sessionId: string, now: Date): Promise<void> {
  const s = await sessionForRelease(tx, sessionId)
  if (s.status === 'open' && s.campaign_status === 'open' && s.starts_at.getTime() > now.getTime()) {
    const expires = new Date(Math.min(addMinutes(now, s.offer_minutes).getTime(), s.starts_at.getTime()))
    const next = await offerToNext(tx, sessionId, now, expires)
    if (next) {
      await scheduleJob(tx, { kind: 'checkups.offer-expire', runAt: expires, payload: { waitlistId: next.id }, dedupeKey: `checkups.offer-expire:${next.id}` }, now)
      const body = `${when(s.starts_at)} ${s.place} 空出一个名额，为您保留到 ${when(expires)}。打开「体检预约」确认即可。`
      await notify(tx, now, { userId: next.elder_id, kind: 'checkup.offer', title: '候补有名额了', body })
      if (next.requested_by !== next.elder_id) await notify(tx, now, { userId: next.requested_by, kind: 'checkup.offer', title: '候补有名额了', body })
      return
    }
  }
  await freePlace(tx, sessionId)
}
