import type { Kdb } from '../db/db'
import { addMinutes, formatShanghai } from '../platform/clock'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import { scheduleJob, type JobHandler } from '../platform/jobs'
import { countNoShows, insertSuspension, markNoShows, activeSuspension } from './repository/bookings'
import { NO_SHOW_LIMIT, NO_SHOW_WINDOW_DAYS, SUSPENSION_DAYS } from './resources.policy'

/**
 * Every quarter of an hour: approved bookings that ended without a check-in become no-shows; a
 * person with 3 no-shows in 60 days may not book for 30 days (told once, when it starts).
 */
export async function markResourceNoShows(db: Kdb, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const marked = await markNoShows(tx, now)
    for (const userId of new Set(marked.map((m) => m.user_id))) {
      const count = await countNoShows(tx, userId, addMinutes(now, -NO_SHOW_WINDOW_DAYS * 24 * 60))
      if (count < NO_SHOW_LIMIT || (await activeSuspension(tx, userId, now))) continue
      const until = addMinutes(now, SUSPENSION_DAYS * 24 * 60)
      await insertSuspension(tx, { id: newId(), userId, from: now, until, noShows: count, now })
      await notify(tx, now, {
        userId,
        kind: 'resource.suspended',
        title: '场地预约暂停 30 天',
        body: `60 天内 ${count} 次预约未到场，${formatShanghai(until, 'M月D日')}前不能预约场地。不能来时请提前取消。`,
        link: '/packages/resources/mine/index',
      })
    }
    return marked.length
  })
}

export const resourcesJobHandlers: Record<string, JobHandler> = {
  'resources.no-shows': async ({ db, now }) => {
    await markResourceNoShows(db, now)
  },
}

export async function scheduleResourcesJobs(db: Kdb, now: Date): Promise<void> {
  const slot = new Date(Math.floor(now.getTime() / 900_000) * 900_000)
  await scheduleJob(db, { kind: 'resources.no-shows', runAt: slot, dedupeKey: `resources.no-shows:${slot.toISOString()}` }, now)
}
