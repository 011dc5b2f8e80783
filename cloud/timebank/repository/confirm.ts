import { sql, type Selectable } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TimebankRequestsTable, TimebankRulesTable } from '../../db/schema'
import { SYSTEM_SLOTS, slotOf, systemAccountId } from '../../ledger'
import { AppError } from '../../platform/errors'
import { newId } from '../../platform/ids'
import { groupCommitOn, inLockOrder } from '../../platform/group-commit'
import { lostRace } from '../../platform/tx'
import type { RequestRow } from './requests'
import { rulesOf, type TimebankRules } from './rules'
import { executePrepared } from '../../db/prepared'

/**
 * A confirmation's reads and writes, two round trips in all: the request with its names and its
 * street's rules in one read (timebank_request_context; the use case then checks who may confirm and
 * how many minutes), then one call of the database function timebank_confirm that makes every write
 * in one statement (through timebank_confirm_batch, shared with the confirmations that arrive
 * together). creditInOneCall is its credit half (timebank_credit) for callers that make their
 * own transition (settling a dispute, the demo seed).
 */

type RulesRow = Omit<Selectable<TimebankRulesTable>, 'updated_at'>

/**
 * The request as findRequest reads it, with the rules of its street, in one statement: the database
 * function timebank_request_context, whose plan is kept per connection (as a statement, the join was
 * planned on every call, for longer than it ran).
 */
export async function findRequestWithRules(db: Kdb, id: string): Promise<{ request: RequestRow; rules: TimebankRules } | undefined> {
  const r = await sql<RequestRow & { [K in keyof RulesRow as `rules_${K}`]: RulesRow[K] | null }>`
    SELECT (x.request).*, x.elder_name, x.requested_by_name, x.volunteer_name, x.community_path,
      (x.rules).street_id AS rules_street_id, (x.rules).min_volunteer_age AS rules_min_volunteer_age,
      (x.rules).min_draw_age AS rules_min_draw_age, (x.rules).daily_cap_minutes AS rules_daily_cap_minutes,
      (x.rules).lifetime_cap_minutes AS rules_lifetime_cap_minutes, (x.rules).auto_confirm_hours AS rules_auto_confirm_hours,
      (x.rules).max_distance_m AS rules_max_distance_m
    FROM timebank_request_context(${id}::uuid) x`.execute(db)
  const row = r.rows[0]
  if (!row) return undefined
  const { rules_street_id, rules_min_volunteer_age, rules_min_draw_age, rules_daily_cap_minutes, rules_lifetime_cap_minutes, rules_auto_confirm_hours, rules_max_distance_m, ...request } = row
  const rules = rulesOf(
    rules_street_id === null
      ? undefined
      : {
          min_volunteer_age: rules_min_volunteer_age!,
          min_draw_age: rules_min_draw_age!,
          daily_cap_minutes: rules_daily_cap_minutes!,
          lifetime_cap_minutes: rules_lifetime_cap_minutes!,
          auto_confirm_hours: rules_auto_confirm_hours!,
          max_distance_m: rules_max_distance_m!,
        },
  )
  return { request, rules }
}

/** What the credit of a service needs besides the request (timebank_credit's parameters). */
export interface CreditInput {
  requestId: string
  elderName: string
  /** the service type in Chinese, for the memo and the notice */
  label: string
  minutes: number
  /** 'D:<business day of the check-in>' */
  dayPeriod: string
  rules: TimebankRules
  /** the business day of `now` (the elder's age for a draw) */
  today: string
  actorId: string | null
  now: Date
  volunteerId: string
  elderId: string
}

export interface ConfirmInput extends CreditInput {
  /** the version the caller saw, when given */
  version?: number
  via: 'elder' | 'family' | 'staff' | 'auto'
  rating: number | null
  comment: string | null
  /** done for the elder by someone else: the audit row and the elder's notice */
  actingFor: { action: string; details: Record<string, unknown>; notice: { kind: string; title: string; body: string } } | null
  /** a notice to the elder after the credit */
  after: { kind: string; title: string; body: string } | null
}

export type ConfirmedRow = Selectable<TimebankRequestsTable>

function creditArgs(c: CreditInput) {
  return sql`${c.elderName}::text, ${c.label}::text, ${c.minutes}::integer, ${c.dayPeriod}::text,
    ${c.rules.dailyCapMinutes}::integer, ${c.rules.lifetimeCapMinutes}::integer, ${c.rules.minDrawAge}::integer, ${c.today}::date`
}

function slotArgs(c: CreditInput) {
  return sql`${slotOf(c.volunteerId)}::smallint, ${slotOf(c.elderId)}::smallint, ${systemAccountId()}::uuid, ${systemAccountId()}::uuid`
}

/** Fresh ids, made in the order the rows they name are written. */
const ids = (n: number): string[] => Array.from({ length: n }, () => newId())

/** The function's refusals as the TypeScript that it replaced threw them. */
function refusal(error: unknown): unknown {
  const e = error as { code?: string; detail?: string } | null
  switch (e?.code) {
    case 'TB404':
      return new AppError('SERVICE_REQUEST_NOT_FOUND')
    case 'TB409': {
      const [status, version] = (e.detail ?? '').split(':')
      return new AppError('REQUEST_STATE_CONFLICT', { status, version: Number(version) })
    }
    case 'TB422':
      return new AppError('INSUFFICIENT_MINUTES', { accountId: e.detail })
    default:
      return error
  }
}

/**
 * The credit of a service whose request the caller just moved to 'confirmed' in `tx`: caps, the
 * elder's draw, the volunteer's notice, the outbox event, the serve journal (timebank_credit), and
 * the request's credited minutes and cap note, in one statement.
 */
export async function creditInOneCall(tx: Kdb, c: CreditInput & { communityId: string }): Promise<{ credited: number; capNote: string | null }> {
  try {
    const r = await sql<{ credited_minutes: number; cap_note: string | null }>`
      WITH c AS (
        SELECT * FROM timebank_credit(${c.requestId}::uuid, ${c.volunteerId}::uuid, ${c.elderId}::uuid, ${c.communityId}::uuid,
          ${creditArgs(c)}, ${c.actorId}::uuid, ${c.now}::timestamptz, ${slotArgs(c)}, ${ids(6)}::uuid[]))
      UPDATE timebank_requests r SET credited_minutes = c.out_credited, cap_note = c.out_cap_note FROM c
      WHERE r.id = ${c.requestId}
      RETURNING r.credited_minutes, r.cap_note`.execute(tx)
    return { credited: r.rows[0].credited_minutes, capNote: r.rows[0].cap_note }
  } catch (error) {
    throw refusal(error)
  }
}

/** timebank_confirm's arguments for one confirmation, as an item of timebank_confirm_batch. */
function confirmItem(c: ConfirmInput, idx: number, slot: number | null) {
  const a = c.actingFor
  return {
    idx,
    request: c.requestId,
    version: c.version ?? null,
    via: c.via,
    actor_id: c.actorId,
    rating: c.rating,
    comment: c.comment,
    now: c.now.toISOString(),
    audit_action: a?.action ?? null,
    audit_details: a ? a.details : null,
    notice_kind: a?.notice.kind ?? null,
    notice_title: a?.notice.title ?? null,
    notice_body: a?.notice.body ?? null,
    after_kind: c.after?.kind ?? null,
    after_title: c.after?.title ?? null,
    after_body: c.after?.body ?? null,
    elder_name: c.elderName,
    label: c.label,
    minutes: c.minutes,
    day_period: c.dayPeriod,
    daily_cap: c.rules.dailyCapMinutes,
    lifetime_cap: c.rules.lifetimeCapMinutes,
    min_draw_age: c.rules.minDrawAge,
    today: c.today,
    issuing_slot: slot ?? slotOf(c.volunteerId),
    spent_slot: slot ?? slotOf(c.elderId),
    new_issuing: systemAccountId(),
    new_spent: systemAccountId(),
    // in the order the rows are written: audit, its notice and outbox row, the credit's six, the notice after and its outbox row
    ids: ids(11),
  }
}

/** A refused item, as the error the database would have raised. */
function itemError(code: string, detail: string | null, message: string | null): Error {
  return Object.assign(new Error(message ?? code), { code, detail: detail ?? undefined })
}

/**
 * Confirmations in one statement (timebank_confirm_batch), sorted by volunteer; each answered with
 * the request row as committed or with its own error (a refusal, or a lost lock race).
 */
async function confirmTogether(db: Kdb, calls: readonly ConfirmInput[], slot: number | null = null): Promise<(ConfirmedRow | Error)[]> {
  const items = inLockOrder(
    calls.map((c, idx) => ({ c, idx })),
    (x) => x.c.volunteerId,
  ).map(({ c, idx }) => confirmItem(c, idx, slot))
  const r = await executePrepared(
    db,
    sql<ConfirmedRow & { out_idx: number; out_code: string | null; out_detail: string | null; out_message: string | null }>`
    SELECT out_idx, out_code, out_detail, out_message, (out_row).* FROM timebank_confirm_batch(${JSON.stringify(items)}::jsonb)`,
  )
  const answers: (ConfirmedRow | Error)[] = new Array(calls.length)
  for (const { out_idx, out_code, out_detail, out_message, ...row } of r.rows) answers[out_idx] = out_code ? itemError(out_code, out_detail, out_message) : row
  return answers
}

let nextSlot = 0

/**
 * Confirmations outside a transaction, gathered per pool; one that lost a race to another statement
 * runs again alone. A statement posts to one system slot of its own (the next in turn), not one per
 * volunteer: a slot row shared by two statements, each already holding volunteers' rows the other
 * wanted, deadlocked them (a second each, PostgreSQL's detection).
 */
const confirmTogetherOutside = groupCommitOn<Kdb, ConfirmInput, ConfirmedRow>(
  async (db, calls) => {
    const answers = await confirmTogether(db, calls, nextSlot++ % SYSTEM_SLOTS)
    for (let i = 0; i < calls.length; i++) {
      for (let run = 0; run < 3 && answers[i] instanceof Error && lostRace(answers[i]); run++) answers[i] = (await confirmTogether(db, [calls[i]]))[0]
    }
    return answers
  },
  { inFlight: 2, maxBatch: 64 },
)

/**
 * The whole confirmation in one statement; the request row as committed. Inside a caller's
 * transaction it is a statement of that transaction. Outside one, confirmations that arrive while
 * two such statements are running go together (groupCommit: one round trip and one commit for
 * all); one that lost a lock race to another statement is run again on its own.
 */
export async function confirmInOneCall(db: Kdb, c: ConfirmInput): Promise<ConfirmedRow> {
  const answer = db.isTransaction ? (await confirmTogether(db, [c]))[0] : await confirmTogetherOutside(db, c).catch((e: Error) => e)
  if (answer instanceof Error) throw refusal(answer)
  return answer
}
