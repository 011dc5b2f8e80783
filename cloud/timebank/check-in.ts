import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { addMinutes, formatShanghai } from '../platform/clock'
import { AppError } from '../platform/errors'
import { notifyElderAndFamily } from '../platform/notices'
import type { TCheckIn, TServiceRequest } from '../../types/timebank'
import { findRequest, transitionRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { CHECK_IN_OPENS_MINUTES, TRANSITIONS, distanceMetres } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/** 签到 on arrival: the assigned volunteer, within the street's distance (300 m) of the address, or — explained — for staff review. */
export async function checkIn(deps: AppDeps, actor: Actor, id: string, input: TCheckIn): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r || r.volunteer_id !== actor.userId) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  const now = deps.clock.now()
  // minutes count from arrival, so arriving must be near the appointed time, not the day before
  const opensAt = addMinutes(new Date(r.starts_at), -CHECK_IN_OPENS_MINUTES)
  if (r.status === 'accepted' && now < opensAt) {
    throw new AppError(
      'CHECKIN_TOO_EARLY',
      { startsAt: new Date(r.starts_at).toISOString(), opensAt: opensAt.toISOString() },
      `还没到签到时间：服务 ${formatShanghai(new Date(r.starts_at), 'M月D日 HH:mm')} 开始，${formatShanghai(opensAt, 'M月D日 HH:mm')} 起可以签到`,
    )
  }
  const rules = await findRules(db, r.community_path)
  // an address without coordinates is checked by staff afterwards (the distance stays empty)
  const distance = r.lat !== null && r.lng !== null ? distanceMetres({ lat: r.lat, lng: r.lng }, input.location) : null
  const far = distance !== null && distance > rules.maxDistanceM
  // far without a word: refused, nothing written (usually the volunteer is not there yet); far with an
  // explanation (定位不准): recorded and sent to staff, and the minutes wait for their review
  if (far && !input.farReason) throw new AppError('CHECKIN_TOO_FAR', { distanceMetres: distance, maxMetres: rules.maxDistanceM, reviewPossible: true })
  await inTransaction(db, async (tx) => {
    const t = TRANSITIONS.checkIn
    await transitionRequest(
      tx,
      id,
      t.from,
      t.to,
      {
        check_in_at: now,
        check_in_lat: input.location.lat,
        check_in_lng: input.location.lng,
        check_in_distance_m: distance,
        ...(far ? { check_in_review: 'pending' as const, check_in_review_reason: input.farReason } : {}),
      },
      now,
      input.version,
    )
    const link = '/packages/timebank/requests/index'
    await notifyElderAndFamily(
      tx,
      now,
      r.elder_id,
      { kind: 'timebank.checked_in', title: '志愿者已到达', body: `志愿者${actor.name}已签到，开始服务。`, link },
      { kind: 'timebank.checked_in', title: `志愿者已到${r.elder_name}家`, body: `志愿者${actor.name} ${formatShanghai(now, 'HH:mm')} 签到，开始为${r.elder_name}服务。`, link },
    )
  })
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
