import dayjs from 'dayjs'
import type { Kdb } from '../db/db'
import type { DemoWorld } from '../db/seed/world'
import { addMinutes, businessDate, shanghaiTime } from '../platform/clock'
import { newId } from '../platform/ids'
import { insertCampaign } from './repository/campaigns'
import { insertHealthConsent } from './repository/elders'
import { insertSessions, scheduleJobs } from './repository/sessions'

/**
 * Demo: this year's free checkup for 东湖社区, weekday sessions 8:00–10:00 in 30-minute slots of
 * 20 for the coming three weeks, booking already open. 陈国华's health consent was recorded at the
 * counter when he registered; 赵秀英 gives hers in the app.
 */
export async function seedCheckups(tx: Kdb, world: DemoWorld): Promise<void> {
  const { now } = world
  const year = Number(businessDate(now).slice(0, 4))
  const campaignId = newId()
  await insertCampaign(tx, {
    id: campaignId,
    communityId: world.communities['东湖社区'].id,
    year,
    title: `${year}年老年人免费体检`,
    minAge: 65,
    ageOn: `${year}-12-31`,
    bring: '身份证、医保卡、正在服用的药物',
    fasting: '体检前一晚 22:00 后不要吃东西，早上可以少量喝水',
    releaseAt: addMinutes(now, -24 * 60),
    cancelCutoff: '18:00',
    heldBack: 2,
    offerMinutes: 120,
    createdBy: world.users['health01'],
    now,
  })
  const sessions: Parameters<typeof insertSessions>[1] = []
  const first = dayjs(businessDate(now)).add(1, 'day')
  for (let d = first; d.diff(first, 'day') < 21; d = d.add(1, 'day')) {
    if (d.day() === 0 || d.day() === 6) continue
    const date = d.format('YYYY-MM-DD')
    for (const time of ['08:00', '08:30', '09:00', '09:30']) {
      const startsAt = shanghaiTime(date, time)
      sessions.push({ id: newId(), campaignId, startsAt, endsAt: addMinutes(startsAt, 30), place: '东湖社区卫生服务站（东湖路 20 号）', capacity: 20, now })
    }
  }
  await insertSessions(tx, sessions)
  await scheduleJobs(
    tx,
    sessions.map((s) => ({ id: newId(), kind: 'checkups.no-shows', runAt: s.endsAt, payload: { sessionId: s.id }, dedupeKey: `checkups.no-shows:${s.id}` })),
    now,
  )
  await insertHealthConsent(tx, { id: newId(), userId: world.users['陈国华'], version: '2026-11', now, recordedBy: world.users['staff01'] })
}
