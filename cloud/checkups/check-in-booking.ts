import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { TBooking, TCheckInRequest } from '../../types/checkups'
import { hasScope, requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { businessDate } from '../platform/clock'
import { hashIdNumber } from '../platform/privacy'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { hexOfShortCode } from './check-in-code'
import { toBooking } from './checkups.mappers'
import { checkInRow, findBooking, findBookingByCode, findBookingsByIdHash, findBookingsByShortCode, type BookingRow } from './repository/bookings'

const LONG_CODE = /^(?:linli:checkup:)?([A-Za-z0-9_-]{16,64})$/

/**
 * 签到 at the site: by what the elder's QR reads, by the 8-character code printed under it, by the
 * elder's ID-card number, or by booking id after a name search. On the day of the session only.
 * A booking outside the caller's scope is answered as not found (404), whichever way it was asked for.
 */
export async function checkInBooking(deps: AppDeps, actor: Actor, by: TCheckInRequest | { bookingId: string }): Promise<TBooking> {
  const db = deps.db.kysely
  const today = businessDate(deps.clock.now())
  const booking = await findTarget(deps, actor, by, today)
  requireScope(actor, CHECKUP_STAFF_ROLES, booking?.campaign_community_path ?? null, 'BOOKING_NOT_FOUND')
  if (!booking) throw new AppError('BOOKING_NOT_FOUND')
  const now = deps.clock.now()
  if (booking.status === 'checked_in') return toBooking(booking)
  if (booking.status === 'cancelled') throw new AppError('INVALID_STATE', { status: booking.status }, '这份预约已经取消了，请老人重新预约或到窗口办理')
  if (booking.status === 'done') throw new AppError('INVALID_STATE', { status: booking.status }, '这位老人这次体检已经做完了')
  if (booking.status !== 'booked' && booking.status !== 'no_show') throw new AppError('INVALID_STATE', { status: booking.status })
  if (businessDate(booking.starts_at) !== today) {
    throw new AppError('RULE_REFUSED', { sessionDate: businessDate(booking.starts_at) }, `这份预约是 ${businessDate(booking.starts_at)} 的，不是今天`)
  }
  await inTransaction(db, async (tx) => {
    if (!(await checkInRow(tx, booking.id, actor.userId, now))) throw new AppError('INVALID_STATE')
  })
  return toBooking((await findBooking(db, booking.id))!)
}

/** Of several bookings (a short-code clash, or one elder's bookings over the years): the caller's, today's first, then still-live ones. */
function pick(actor: Actor, rows: BookingRow[], today: string): BookingRow | undefined {
  const mine = rows.filter((r) => hasScope(actor, CHECKUP_STAFF_ROLES, r.campaign_community_path))
  const live = (r: BookingRow) => r.status === 'booked' || r.status === 'no_show' || r.status === 'checked_in'
  return mine.find((r) => live(r) && businessDate(r.starts_at) === today) ?? mine.find(live) ?? mine[0] ?? rows[0]
}

async function findTarget(deps: AppDeps, actor: Actor, by: TCheckInRequest | { bookingId: string }, today: string): Promise<BookingRow | undefined> {
  const db = deps.db.kysely
  if ('bookingId' in by) return findBooking(db, by.bookingId)
  if (by.idNumber) {
    const rows = await findBookingsByIdHash(db, hashIdNumber(by.idNumber, deps.config.idPepper))
    const found = pick(actor, rows, today)
    if (!found) throw new AppError('BOOKING_NOT_FOUND', undefined, '没有找到这个身份证号的体检预约，请核对号码，或按姓名查找')
    return found
  }
  const code = by.code ?? ''
  const long = LONG_CODE.exec(code)
  if (long) {
    const found = await findBookingByCode(db, long[1])
    if (!found) throw new AppError('CHECK_IN_CODE_NOT_FOUND')
    return found
  }
  const hex = hexOfShortCode(code)
  if (!hex) throw new AppError('CHECK_IN_CODE_NOT_FOUND')
  const found = pick(actor, await findBookingsByShortCode(db, hex), today)
  if (!found) throw new AppError('CHECK_IN_CODE_NOT_FOUND')
  return found
}
