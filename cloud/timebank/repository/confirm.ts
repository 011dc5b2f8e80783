import { sql, type Selectable } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TimebankRequestsTable, TimebankRulesTable } from '../../db/schema'
import { slotOf, systemAccountId } from '../../ledger'
import { AppError } from '../../platform/errors'
import { newId } from '../../platform/ids'
import type { RequestRow } from './requests'
import { rulesOf, type TimebankRules } from './rules'

/**
 * A confirmation's reads and writes, two round trips in all: the request with its names and its
 * street's rules in one read (timebank_request_context; the use case then checks who may confirm and
 * how many minutes), then one call of the database function timebank_confirm that makes every write
 * in one statement. creditInOneCall is its credit half (timebank_credit) for callers that make their
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

/** The whole confirmation in one statement (its own transaction); the request row as committed. */
export async function confirmInOneCall(db: Kdb, c: ConfirmInput): Promise<ConfirmedRow> {
  const a = c.actingFor
  // ids in the order the rows are written: audit, its notice and outbox row, then the credit's, then the notice after
  const [auditId, noticeId, noticeOutbox, ...rest] = ids(11)
  try {
    const r = await sql<ConfirmedRow>`
      SELECT * FROM timebank_confirm(${c.requestId}::uuid, ${c.version ?? null}::integer, ${c.via}::text, ${c.actorId}::uuid,
        ${c.rating}::smallint, ${c.comment}::text, ${c.now}::timestamptz,
        ${a?.action ?? null}::text, ${a ? JSON.stringify(a.details) : null}::jsonb,
        ${a?.notice.kind ?? null}::text, ${a?.notice.title ?? null}::text, ${a?.notice.body ?? null}::text,
        ${c.after?.kind ?? null}::text, ${c.after?.title ?? null}::text, ${c.after?.body ?? null}::text,
        ${creditArgs(c)}, ${slotArgs(c)}, ${[auditId, noticeId, noticeOutbox, ...rest]}::uuid[])`.execute(db)
    return r.rows[0]
  } catch (error) {
    throw refusal(error)
  }
}
