import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import { formatShanghai } from '../platform/clock'
import { inTransaction } from '../platform/tx'
import type { TBookResource, TBookResult, TResourceClash } from '../../types/resources'
import type { Kdb } from '../db/db'
import { findResource, lockResource, type ResourceRow } from './repository/resources'
import { activeSuspension, findSeries, insertBookings, peakUse, takenBetween, type NewBooking } from './repository/bookings'
import { occurrencesOf, requireBookingRight, type Occurrence } from './resources.policy'
import { toBooking, toTaken } from './resources.mappers'

function isExclusionViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23P01'
}

/** Each requested week that is held by others, with what holds it (rooms: any overlap; equipment: too few units left). */
async function clashesOf(db: Kdb, res: ResourceRow, weeks: Occurrence[], quantity: number): Promise<TResourceClash[]> {
  const clashes: TResourceClash[] = []
  for (const w of weeks) {
    const taken = await takenBetween(db, res.id, w.startsAt, w.endsAt)
    if (taken.length === 0) continue
    if (res.exclusive) {
      clashes.push({ week: w.week, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString(), taken: toTaken(taken) })
      continue
    }
    const used = await peakUse(db, res.id, w.startsAt, w.endsAt)
    if (used + quantity > res.capacity)
      clashes.push({ week: w.week, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString(), taken: toTaken(taken), available: Math.max(0, res.capacity - used) })
  }
  return clashes
}

function taken(clashes: TResourceClash[]): AppError {
  const weeks = clashes.map((c) => `第 ${c.week} 周（${formatShanghai(new Date(c.startsAt), 'M月D日 HH:mm')}）`).join('、')
  return new AppError('RESOURCE_TAKEN', { clashes }, `这段时间已经被预约了：${weeks}`)
}

/**
 * Book a resource for one range or the same range every week (repeatWeeks), all or nothing in one
 * transaction. The resource row is locked first, so bookings of one resource queue instead of
 * racing: rooms refuse any overlap, equipment counts the busiest instant of each week, and a week
 * without room refuses the whole series with a 409 naming every clashing week and what holds it.
 * Rooms also have an exclusion constraint as the last word (a booking written by another path);
 * without the lock, 200 racing inserts into it deadlocked one another under a busy CPU, each
 * deadlock costing PostgreSQL's one-second detection.
 */
export async function bookResource(deps: AppDeps, actor: Actor, resourceId: string, input: TBookResource): Promise<TBookResult> {
  const db = deps.db.kysely
  const res = await findResource(db, resourceId)
  if (!res) throw new AppError('RESOURCE_NOT_FOUND')
  await requireBookingRight(db, actor, res, input.organisationId)
  const now = deps.clock.now()
  const suspended = await activeSuspension(db, actor.userId, now)
  if (suspended) throw new AppError('RESOURCE_BOOKING_SUSPENDED', { until: suspended.until_at.toISOString(), noShows: suspended.no_shows })
  const weeks = occurrencesOf(res, input, now)
  const quantity = res.exclusive ? 1 : (input.quantity ?? 1)
  if (quantity > res.capacity) throw new AppError('INVALID_INPUT', { fields: { quantity: `最多 ${res.capacity} 件` } })
  const seriesId = newId()
  const rows: NewBooking[] = weeks.map((w) => ({
    id: newId(),
    resourceId: res.id,
    communityId: res.community_id,
    userId: actor.userId,
    organisationId: input.organisationId ?? null,
    seriesId,
    week: w.week,
    startsAt: w.startsAt,
    endsAt: w.endsAt,
    quantity,
    exclusive: res.exclusive,
    status: res.needs_approval ? 'pending' : 'approved',
    purpose: input.purpose ?? '',
    now,
  }))
  try {
    await inTransaction(
      db,
      async (tx) => {
        await lockResource(tx, res.id)
        const clashes = await clashesOf(tx, res, weeks, quantity)
        if (clashes.length > 0) throw taken(clashes)
        await insertBookings(tx, rows)
        const when = `${formatShanghai(weeks[0].startsAt, 'M月D日 HH:mm')}–${formatShanghai(weeks[0].endsAt, 'HH:mm')}${weeks.length > 1 ? `，共 ${weeks.length} 周` : ''}`
        await notify(tx, now, {
          userId: actor.userId,
          kind: 'resource.booked',
          title: res.needs_approval ? `已提交「${res.name}」的预约，等待${res.community_name}审核` : `已预约「${res.name}」`,
          body: `${when}。到场后出示「我的预约」里的二维码签到。`,
          link: '/packages/resources/mine/index',
        })
      },
      { retries: 3, conflictCode: 'RESOURCE_TAKEN' },
    )
  } catch (error) {
    if (!isExclusionViolation(error)) throw error
    // the clashing booking committed before ours failed: read what holds each week now
    const clashes = await clashesOf(db, res, weeks, quantity)
    throw clashes.length > 0 ? taken(clashes) : new AppError('CONFLICT')
  }
  return { seriesId, items: (await findSeries(db, seriesId)).map((b) => toBooking(b, now)) }
}
