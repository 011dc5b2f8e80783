import { randomBytes } from 'node:crypto'
import { addMinutes, businessDate, shanghaiTime } from '../platform/clock'
import { newId } from '../platform/ids'
import { addImportedPlace, findOrCreateCampaign, findOrCreateSession, insertImportedBooking } from './leancloud.repository'
import type { TClassMapping } from './mapping'
import { get, text, userOf, type RowContext, type RowOutcome } from './row-context'
import { dateOf, type LcRow } from './sources'

type CheckupsMapping = Extract<TClassMapping, { kind: 'checkup_bookings' }>

/** A date field: a LeanCloud Date, an ISO time, or "2026-05-12 08:30" in Shanghai time. */
function startsAtOf(v: unknown): Date | null {
  const s = text(v)
  const local = s && /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?$/.exec(s)
  if (local) return shanghaiTime(local[1], local[2] ?? '08:00')
  const iso = dateOf(v)
  return iso ? new Date(iso) : null
}

/**
 * A booking → checkup_bookings in the year's campaign and a closed session at that time and place
 * (created when missing). An active booking brings its own place, so capacity is never exceeded;
 * the one-active-booking-per-elder-per-year index refuses a second one.
 */
export async function importCheckupBooking(ctx: RowContext, m: CheckupsMapping, row: LcRow, usersClass: string): Promise<RowOutcome> {
  const elderId = userOf(ctx, row, m.fields.elder, usersClass)
  const startsAt = startsAtOf(get(row, m.fields.startsAt))
  if (!startsAt) return { kind: 'refused', reason: `体检时间不是日期：${JSON.stringify(get(row, m.fields.startsAt)) ?? '空'}` }
  const place = (text(get(row, m.fields.place)) ?? '社区卫生服务中心').slice(0, 100)
  const rawStatus = text(get(row, m.fields.status))
  const status = (rawStatus && m.statuses[rawStatus]) || 'booked'
  const year = Number(businessDate(startsAt).slice(0, 4))
  if (year < 2000 || year > 2100) return { kind: 'refused', reason: `体检年份不合理：${year}` }
  const campaignId = await findOrCreateCampaign(ctx.tx, { communityId: ctx.community.id, year, createdBy: await ctx.importer(), now: ctx.now })
  const sessionId = await findOrCreateSession(ctx.tx, { campaignId, startsAt, endsAt: addMinutes(startsAt, m.sessionMinutes), place, now: ctx.now })
  if (status === 'booked' || status === 'done') {
    if (!(await addImportedPlace(ctx.tx, sessionId))) return { kind: 'refused', reason: '该场次已超过 1000 人' }
  }
  const id = newId()
  try {
    await insertImportedBooking(ctx.tx, {
      id,
      campaignId,
      sessionId,
      elderId,
      status,
      code: randomBytes(18).toString('base64url'),
      startsAt,
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(dateOf(row.updatedAt) ?? row.createdAt),
    })
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'checkup_bookings_one_active' || /checkup_bookings_one_active/.test(String((error as Error).message)))
      return { kind: 'refused', reason: `这位老人 ${year} 年已有有效的体检预约` }
    throw error
  }
  return { kind: 'created', targetTable: 'checkup_bookings', targetId: id, note: rawStatus && !m.statuses[rawStatus] ? `未知状态「${rawStatus}」按已预约导入` : undefined }
}
