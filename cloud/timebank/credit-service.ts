import type { Kdb } from '../db/db'
import { slotOf } from '../ledger'
import { ageOn, businessDate } from '../platform/clock'
import { notify, publish } from '../platform/notices'
import { SERVICE_TYPE_LABELS, type TServiceType } from '../../types/timebank'
import { takeFromCaps } from './repository/caps'
import { ageAndBalance, ensureMemberAccount, ensureSystemAccount, postJournal } from './repository/ledger'
import { setCreditedMinutes, type RequestRow } from './repository/requests'
import type { TimebankRules } from './repository/rules'

/** The accounts a service's credit posts to: its volunteer's, and the community's issuing row in the volunteer's slot. */
export interface ServiceAccounts {
  volunteer: string
  issuing: string
}

/**
 * Found (or created) before the confirming transaction, on the pool: an account row is committed on
 * its own and remembered, so a confirmation spends no statement on it (an account left empty by a
 * refused confirmation is harmless).
 */
export async function serviceAccounts(db: Kdb, r: Pick<RequestRow, 'volunteer_id' | 'community_id'>, now: Date): Promise<ServiceAccounts> {
  const volunteerId = r.volunteer_id!
  return {
    volunteer: await ensureMemberAccount(db, volunteerId, now),
    issuing: await ensureSystemAccount(db, r.community_id, 'issuing', now, slotOf(volunteerId)),
  }
}

/**
 * Credits a confirmed service inside the confirming transaction (the request row was just moved to
 * 'confirmed' by a guarded UPDATE, so only one caller ever gets here per service; the unique serve
 * journal per request is the backstop). Sets the request's credited minutes; caps are taken atomically; the elder draws from their own
 * minutes when they are old enough and have some; points hear of it through the outbox.
 */
export async function creditService(
  tx: Kdb,
  now: Date,
  r: RequestRow,
  minutes: number,
  rules: TimebankRules,
  actorId: string | null,
  accounts?: ServiceAccounts,
): Promise<{ credited: number; capNote: string | null }> {
  const volunteerId = r.volunteer_id!
  const day = businessDate(new Date(r.check_in_at ?? now))
  const { grant, limitedBy } = await takeFromCaps(tx, volunteerId, minutes, [
    { period: `D:${day}`, cap: rules.dailyCapMinutes },
    { period: 'L', cap: rules.lifetimeCapMinutes },
  ])
  const which = limitedBy.map((p) => (p === 'L' ? `累计 ${rules.lifetimeCapMinutes} 分钟` : `每日 ${rules.dailyCapMinutes} 分钟`)).join('和')
  const capNote = grant < minutes ? `已达${which}的记时上限，本次记 ${grant} 分钟（服务 ${minutes} 分钟）` : null
  const label = SERVICE_TYPE_LABELS[r.service_type as TServiceType] ?? r.service_type
  await setCreditedMinutes(tx, r.id, grant, capNote)
  // 通存通兑: an elder who banked minutes (their own or given by family) draws on them for the service
  const elder = await ageAndBalance(tx, r.elder_id)
  const age = ageOn(elder.birthDate, now)
  const draw = Math.min(elder.balance, minutes)
  if (age !== null && age >= rules.minDrawAge && draw > 0) {
    const elderAccount = await ensureMemberAccount(tx, r.elder_id, now)
    const spent = await ensureSystemAccount(tx, r.community_id, 'spent', now, slotOf(r.elder_id))
    await postJournal(tx, { kind: 'draw', requestId: r.id, memo: `${label}使用时长`, actorId, now }, [
      { accountId: elderAccount, amount: -draw },
      { accountId: spent, amount: draw },
    ])
  }
  await notify(tx, now, {
    userId: volunteerId,
    kind: 'timebank.credited',
    title: '服务时长已到账',
    body: capNote ?? `为${r.elder_name}的${label}已确认，记 ${grant} 分钟。`,
  })
  if (grant > 0) {
    await publish(tx, now, 'timebank.service_confirmed', { serviceId: r.id, volunteerId, communityId: r.community_id, minutes: grant })
    // last: the issuing row (one of the community's slots) is shared with other confirmations, so
    // its lock is held only from here to the commit
    const { volunteer, issuing } = accounts ?? (await serviceAccounts(tx, r, now))
    await postJournal(tx, { kind: 'serve', requestId: r.id, memo: `为${r.elder_name}${label}`, actorId, now }, [
      { accountId: issuing, amount: -grant },
      { accountId: volunteer, amount: grant },
    ])
  }
  return { credited: grant, capNote }
}
