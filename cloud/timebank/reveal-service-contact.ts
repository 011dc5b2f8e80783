import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { recordActingFor } from '../platform/notices'
import type { TServiceContacts } from '../../types/timebank'
import { findServiceContacts } from './repository/people'
import { findRequest } from './repository/requests'

/** While the service is still to be done or settled, the volunteer may need to call (running late, cannot find the door). */
const LIVE = ['accepted', 'in_service', 'awaiting_confirmation', 'disputed'] as const

/**
 * 联系请求人: the volunteer who accepted a request taps 「联系对方」 and gets the full numbers of the
 * requester, the elder and (when neither has one) the elder's family — once per tap, recorded in the
 * audit log. Nobody else learns them: before acceptance, for another volunteer or a stranger the
 * request is not found (404); after the service is settled the numbers are no longer given.
 */
export async function revealServiceContact(deps: AppDeps, actor: Actor, id: string): Promise<TServiceContacts> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r || r.volunteer_id !== actor.userId) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  if (!(LIVE as readonly string[]).includes(r.status)) throw new AppError('INVALID_STATE', { status: r.status }, '这次服务已经结束，不再提供对方的电话')
  const people = await findServiceContacts(db, r.requested_by, r.elder_id)
  const contacts: TServiceContacts['contacts'] = []
  const requester = people.requester
  if (requester?.phone) contacts.push({ name: requester.name, relation: r.requested_by === r.elder_id ? '老人本人' : '请求人', phone: requester.phone })
  if (people.elder?.phone && r.requested_by !== r.elder_id) contacts.push({ name: people.elder.name, relation: '老人本人', phone: people.elder.phone })
  if (contacts.length === 0) for (const f of people.family) if (f.phone) contacts.push({ name: f.name, relation: '家属', phone: f.phone })
  if (contacts.length === 0) throw new AppError('SERVICE_NO_CONTACT')
  await recordActingFor(db, deps.clock.now(), {
    actorId: actor.userId,
    subjectId: r.elder_id,
    action: 'timebank.contact_viewed',
    details: { requestId: r.id, shown: contacts.map((c) => c.relation) },
  })
  return { contacts }
}
