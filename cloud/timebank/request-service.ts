import type { AppDeps } from '../app'
import type { Actor } from '../org/org.policy'
import { hasScope } from '../org/org.policy'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { recordActingFor } from '../platform/notices'
import { findActiveLink } from '../family/family.repository'
import { SERVICE_TYPE_LABELS, type TCreateServiceRequest, type TServiceRequest } from '../../types/timebank'
import { findPerson, findRequest, insertRequest } from './timebank.repository'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'
import { toRequestView } from './timebank.view'
import { formatShanghai } from '../platform/clock'

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
  const address = input.address ?? elder.address
  if (!address) throw new AppError('INVALID_INPUT', { fields: { address: '请填写服务地址' } }, '请填写服务地址')
  const location = input.location ?? (elder.lat !== null && elder.lng !== null && !input.address ? { lat: elder.lat, lng: elder.lng } : null)
  const id = newId()
  await db.transaction().execute(async (tx) => {
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
