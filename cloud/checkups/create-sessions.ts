import dayjs from 'dayjs'
import { inTransaction } from '../platform/tx'
import type { AppDeps } from '../platform/context'
import type { TCreateSessionsRequest, TSession } from '../../types/checkups'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { addMinutes, shanghaiTime } from '../platform/clock'
import { newId } from '../platform/ids'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { toSession } from './checkups.mappers'
import { findCampaign } from './repository/campaigns'
import { insertSessions, listSessions, scheduleJobs } from './repository/sessions'

const MAX_SESSIONS = 5000

/**
 * Bulk session creation, e.g. "weekdays 8:00–10:00 in 30-minute slots of 20 for three weeks".
 * Each session gets its no-show job (after it ends, unchecked bookings become no-shows).
 */
export async function createSessions(deps: AppDeps, actor: Actor, campaignId: string, input: TCreateSessionsRequest): Promise<{ created: number; items: TSession[] }> {
  const db = deps.db.kysely
  const campaign = await findCampaign(db, campaignId)
  requireScope(actor, CHECKUP_STAFF_ROLES, campaign?.community_path ?? null, 'CAMPAIGN_NOT_FOUND')
  if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND')
  const now = deps.clock.now()
  const slots: { id: string; campaignId: string; startsAt: Date; endsAt: Date; place: string; capacity: number; now: Date }[] = []
  for (let day = dayjs(input.from); !day.isAfter(dayjs(input.to), 'day'); day = day.add(1, 'day')) {
    if (input.weekdaysOnly && (day.day() === 0 || day.day() === 6)) continue
    const date = day.format('YYYY-MM-DD')
    const dayEnd = shanghaiTime(date, input.dayEnd)
    for (let start = shanghaiTime(date, input.dayStart); addMinutes(start, input.slotMinutes) <= dayEnd; start = addMinutes(start, input.slotMinutes)) {
      slots.push({ id: newId(), campaignId: campaign.id, startsAt: start, endsAt: addMinutes(start, input.slotMinutes), place: input.place, capacity: input.capacity, now })
      if (slots.length > MAX_SESSIONS) throw new AppError('INVALID_INPUT', { fields: { to: `一次最多建 ${MAX_SESSIONS} 场` } }, `一次最多建 ${MAX_SESSIONS} 场`)
    }
  }
  if (slots.length === 0) throw new AppError('INVALID_INPUT', { fields: { slotMinutes: '这些日期和时间里排不出一场' } }, '这些日期和时间里排不出一场')
  if (slots[0].startsAt.getTime() <= now.getTime()) throw new AppError('INVALID_INPUT', { fields: { from: '不能早于现在' } }, '场次不能早于现在')
  await inTransaction(db, async (tx) => {
    await insertSessions(tx, slots)
    await scheduleJobs(
      tx,
      slots.map((s) => ({ id: newId(), kind: 'checkups.no-shows', runAt: s.endsAt, payload: { sessionId: s.id }, dedupeKey: `checkups.no-shows:${s.id}` })),
      now,
    )
  })
  const ids = new Set(slots.map((s) => s.id))
  const rows = (await listSessions(db, campaign.id, slots[0].startsAt)).filter((r) => ids.has(r.id))
  return { created: slots.length, items: rows.slice(0, 200).map((r) => toSession(r, campaign.held_back, now)) }
}
