import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TBooking } from '../../../types/checkups'
import { ABANDONED_AFTER_MS, type IdempotentAnswer } from '../../platform/idempotency'
import { groupCommitOn, inLockOrder } from '../../platform/group-commit'
import { executePrepared } from '../../db/prepared'

/** What one booking writes (checkup_book's arguments). */
export interface BookingWrite {
  id: string
  sessionId: string
  campaignId: string
  elderId: string
  channel: TBooking['channel']
  bookedBy: string
  checkInCode: string
  overrideReason: string | null
  byStaff: boolean
  offerId: string | null
  now: Date
  reminder: { id: string; runAt: Date; payload: string; dedupeKey: string }
  notice: { id: string; outboxId: string; userId: string; kind: string; title: string; body: string; outboxPayload: string }
  audit: { id: string; action: string; details: string } | null
}

export type BookOutcome = 'booked' | 'no-place' | 'offer-gone' | 'key-taken'
type BookCall = { b: BookingWrite; answer: { key: IdempotentAnswer; body: unknown } | null }

function bookItem({ b, answer }: BookCall, idx: number) {
  return {
    idx,
    id: b.id,
    session_id: b.sessionId,
    campaign_id: b.campaignId,
    elder_id: b.elderId,
    channel: b.channel,
    booked_by: b.bookedBy,
    check_in_code: b.checkInCode,
    override_reason: b.overrideReason,
    by_staff: b.byStaff,
    now: b.now.toISOString(),
    job_id: b.reminder.id,
    job_run_at: b.reminder.runAt.toISOString(),
    job_payload: JSON.parse(b.reminder.payload) as unknown,
    job_dedupe: b.reminder.dedupeKey,
    notice_id: b.notice.id,
    outbox_id: b.notice.outboxId,
    notice_user: b.notice.userId,
    notice_kind: b.notice.kind,
    notice_title: b.notice.title,
    notice_body: b.notice.body,
    outbox_payload: JSON.parse(b.notice.outboxPayload) as unknown,
    audit_id: b.audit?.id ?? null,
    audit_action: b.audit?.action ?? null,
    audit_details: b.audit ? (JSON.parse(b.audit.details) as unknown) : null,
    offer_id: b.offerId,
    answer_user: answer?.key.userId ?? null,
    answer_key: answer?.key.key ?? null,
    answer_hash: answer?.key.requestHash ?? null,
    answer_status: answer?.key.statusCode ?? null,
    answer_body: answer ? (answer.body ?? null) : null,
    answer_at: answer?.key.now.toISOString() ?? null,
    answer_abandoned_before: answer ? new Date(answer.key.now.getTime() - ABANDONED_AFTER_MS).toISOString() : null,
  }
}

/** An item the database refused, as the error it would have raised (code and constraint). */
function itemError(code: string, constraint: string | null, message: string | null): Error {
  return Object.assign(new Error(message ?? code), { code, constraint: constraint || undefined })
}

/** Bookings in one statement (checkup_book_batch), sorted by session; each answered on its own. */
async function bookTogether(db: Kdb, calls: readonly BookCall[]): Promise<(BookOutcome | Error)[]> {
  const items = inLockOrder(
    calls.map((c, idx) => ({ c, idx })),
    (x) => x.c.b.sessionId,
  ).map(({ c, idx }) => bookItem(c, idx))
  const r = await executePrepared(
    db,
    sql<{ out_idx: number; out_outcome: 'booked' | 'key-taken' | null; out_code: string | null; out_constraint: string | null; out_message: string | null }>`
    SELECT * FROM checkup_book_batch(${JSON.stringify(items)}::jsonb)`,
  )
  const answers: (BookOutcome | Error)[] = new Array(calls.length)
  for (const row of r.rows) {
    answers[row.out_idx] =
      row.out_outcome ?? (row.out_code === 'CK001' ? 'no-place' : row.out_code === 'CK002' ? 'offer-gone' : itemError(row.out_code ?? 'XX000', row.out_constraint, row.out_message))
  }
  return answers
}

/** Bookings outside a transaction, gathered per pool. */
const bookTogetherOutside = groupCommitOn<Kdb, BookCall, BookOutcome>(bookTogether, { inFlight: 2, maxBatch: 64 })

/**
 * A booking in one call of `checkup_book` (cloud/db/functions): the booking row, the withdrawal of
 * the elder's other 候补 entries, the day-before reminder job, the notice with its outbox row and
 * (for someone else) the audit row, then the place: taken only if one is left, or, accepting an
 * offer (`offerId`), the place the offer holds. No place ('no-place') or an offer no longer open
 * ('offer-gone') keeps nothing; a second active booking for the elder and campaign is thrown as the
 * unique violation it is, a lost lock race as 40P01 (the caller runs it again).
 *
 * With `answer` (an Idempotency-Key) the stored answer is written first, in the same subtransaction:
 * if the key is taken nothing is booked ('key-taken') and the caller replays.
 *
 * Inside a caller's transaction it is a statement of that transaction. Outside one, bookings that
 * arrive while two such statements are running go together (groupCommit): one round trip and one
 * commit for all of them, each in its own subtransaction (checkup_book_batch).
 */
export async function bookInOneCall(db: Kdb, b: BookingWrite, answer: { key: IdempotentAnswer; body: unknown } | null): Promise<BookOutcome> {
  const outcome = db.isTransaction ? (await bookTogether(db, [{ b, answer }]))[0] : await bookTogetherOutside(db, { b, answer }).catch((e: Error) => e)
  if (outcome instanceof Error) throw outcome
  return outcome
}
