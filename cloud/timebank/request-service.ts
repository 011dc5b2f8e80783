import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { hasScope } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { recordActingFor } from '../platform/notices'
import { findActiveLink } from '../family'
import { SERVICE_TYPE_LABELS, type TCreateServiceRequest, type TServiceRequest } from '../../types/timebank'
import { findPerson, insideStreetOf } from './repository/people'
import { findRequest, insertRequest } from './repository/requests'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'
import { toRequestView } from './timebank.mappers'
import { formatShanghai } from '../platform/clock'

/** How far ahead a request may start, and how long its window may be (README: input limits). */
export const REQUEST_AHEAD_DAYS = 90
export const REQUEST_SPAN_DAYS = 7
/** A pin may fall a little outside the street's box (about 500 m): boxes are drawn by hand. */
export const STREET_MARGIN_DEGREES = 0.005

/** 请人帮忙: the elder, a linked family member (request_services) or community staff posts a request. */
export async function requestService(deps: AppDeps, actor: Actor, input: TCreateServiceRequest): Promise<TServiceRequest> {
  const { db, clock } = { db: deps.db.kysely, clock: deps.clock }
  const elderId = input.elderId ?? actor.userId
  const elder = await findPerson(db, elderId)
  if (!elder) throw new AppError('ELDER_NOT_FOUND')
  let via: 'self' | 'family' | 'staff' = 'self'
  if (elderId !== actor.userId) {
    if (elder.community_path && hasScope(actor, TIMEBANK_STAFF_ROLES, elder.community_path)) via = 'staff'
    else if (await findActiveLink(db, elderId, actor.userId, 'request_services')) via = 'family'
    else throw new AppError('ELDER_NOT_FOUND')
  }
  if (!elder.community_id || !elder.community_path) throw new AppError('COMMUNITY_REQUIRED')
  const volunteersNeeded = input.volunteersNeeded ?? 1
  // more than one volunteer is the community's call (a move, a deep clean): staff set it
  if (volunteersNeeded > 1 && !hasScope(actor, TIMEBANK_STAFF_ROLES, elder.community_path)) {
    throw new AppError('FORBIDDEN', { fields: { volunteersNeeded: '需要多名志愿者时请联系社区工作人员设置' } }, '需要多名志愿者时请联系社区工作人员设置')
  }
  const now = clock.now()
  const startsAt = new Date(input.startsAt)
  const endsAt = new Date(input.endsAt)
  if (startsAt <= now) throw new AppError('INVALID_INPUT', { fields: { startsAt: '服务时间应晚于现在' } }, '服务时间应晚于现在')
  // a request is for the weeks ahead, in one stretch: nobody plans a visit for 9999-12-31
  if (startsAt.getTime() > now.getTime() + REQUEST_AHEAD_DAYS * 86_400_000) {
    throw new AppError('INVALID_INPUT', { fields: { startsAt: `服务时间最远可约 ${REQUEST_AHEAD_DAYS} 天以内` } }, `服务时间最远可约 ${REQUEST_AHEAD_DAYS} 天以内`)
  }
  if (endsAt.getTime() - startsAt.getTime() > REQUEST_SPAN_DAYS * 86_400_000) {
    throw new AppError('INVALID_INPUT', { fields: { endsAt: `服务时段不能超过 ${REQUEST_SPAN_DAYS} 天` } }, `服务时段不能超过 ${REQUEST_SPAN_DAYS} 天`)
  }
  if (input.location && !(await insideStreetOf(db, elder.community_path, input.location.lat, input.location.lng, STREET_MARGIN_DEGREES))) {
    throw new AppError('OUTSIDE_STREET', { lat: input.location.lat, lng: input.location.lng })
  }
  const address = input.address ?? elder.address
  if (!address) throw new AppError('INVALID_INPUT', { fields: { address: '请填写服务地址' } }, '请填写服务地址')
  const location = input.location ?? (elder.lat !== null && elder.lng !== null && !input.address ? { lat: elder.lat, lng: elder.lng } : null)
  const id = newId()
  await inTransaction(db, async (tx) => {
    await insertRequest(tx, {
      id,
      communityId: elder.community_id!,
      elderId,
      requestedBy: actor.userId,
      serviceType: input.serviceType,
      startsAt,
      endsAt,
      address,
      lat: location?.lat ?? null,
      lng: location?.lng ?? null,
      estimateMinutes: input.estimateMinutes,
      maxMinutes: input.maxMinutes ?? Math.min(480, Math.max(input.estimateMinutes, Math.ceil((endsAt.getTime() - startsAt.getTime()) / 60_000))),
      notes: input.notes,
      volunteersNeeded,
      now,
    })
    if (via !== 'self') {
      await recordActingFor(tx, now, {
        actorId: actor.userId,
        subjectId: elderId,
        action: 'timebank.request_for',
        details: { requestId: id, via },
        notice: {
          kind: 'timebank.requested_for_you',
          title: '有人为您请了志愿者帮忙',
          body: `${actor.name}为您申请了「${SERVICE_TYPE_LABELS[input.serviceType]}」，时间 ${formatShanghai(startsAt)}。`,
        },
      })
    }
  })
  return toRequestView((await findRequest(db, id))!)
}
