import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import type { TAssignServiceRequest, TServiceRequest } from '../../types/timebank'
import { findRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { TIMEBANK_STAFF_ROLES, requireVolunteer } from './timebank.policy'
import { joinOrAccept } from './accept-request'
import { toRequestView } from './timebank.mappers'

/** Staff assign a volunteer directly (a request nobody took, or a place of a group). */
export async function assignRequest(deps: AppDeps, actor: Actor, id: string, input: TAssignServiceRequest): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  requireScope(actor, TIMEBANK_STAFF_ROLES, r.community_path, 'SERVICE_REQUEST_NOT_FOUND')
  if (input.volunteerId === r.elder_id) throw new AppError('CANNOT_SERVE_SELF')
  const now = deps.clock.now()
  const rules = await findRules(db, r.community_path)
  await requireVolunteer(db, input.volunteerId, r.community_path, rules, now)
  // a group: staff fill one place per call, the same way a volunteer's accept does
  const serviceId = await joinOrAccept(db, id, r.volunteers_needed, input.volunteerId, now, input.version, async (tx) => {
    await notify(tx, now, { userId: input.volunteerId, kind: 'timebank.assigned', title: '社区为您派了一单志愿服务', body: `请按时为${r.elder_name}提供帮助。` })
  })
  return toRequestView((await findRequest(db, serviceId))!, rules.autoConfirmHours)
}
