import type { Kdb } from '../db/db'
import { businessDate } from '../platform/clock'
import { SERVICE_TYPE_LABELS, type TServiceType } from '../../types/timebank'
import { creditInOneCall, type CreditInput } from './repository/confirm'
import type { RequestRow } from './repository/requests'
import type { TimebankRules } from './repository/rules'

/** What the credit of `minutes` for the service `r` needs to know besides the request's id. */
export function creditInput(r: RequestRow, minutes: number, rules: TimebankRules, actorId: string | null, now: Date): CreditInput {
  return {
    requestId: r.id,
    elderName: r.elder_name,
    label: SERVICE_TYPE_LABELS[r.service_type as TServiceType] ?? r.service_type,
    minutes,
    // the cap of the day the service was done (its check-in), not of the confirmation
    dayPeriod: `D:${businessDate(new Date(r.check_in_at ?? now))}`,
    rules,
    today: businessDate(now),
    actorId,
    now,
    volunteerId: r.volunteer_id!,
    elderId: r.elder_id,
  }
}

/**
 * Credits a confirmed service inside the confirming transaction (the request row was just moved to
 * 'confirmed' by a guarded UPDATE, so only one caller ever gets here per service; the unique serve
 * journal per request is the backstop), in one statement: the database function timebank_credit
 * takes the caps atomically, lets the elder draw from their own minutes when they are old enough and
 * have some, tells the volunteer and lets points hear of it through the outbox, and the same
 * statement sets the request's credited minutes. Confirmations by the elder's side and the
 * auto-confirmation do all of it, transition included, in one call of timebank_confirm.
 */
export async function creditService(tx: Kdb, now: Date, r: RequestRow, minutes: number, rules: TimebankRules, actorId: string | null): Promise<{ credited: number; capNote: string | null }> {
  return creditInOneCall(tx, { ...creditInput(r, minutes, rules, actorId, now), communityId: r.community_id })
}
