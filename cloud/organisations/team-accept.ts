import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { recordActingFor } from '../platform/notices'
import { acceptAsTeam, listOpenForTeam } from '../timebank'
import type { TServiceRequest } from '../../types/timebank'
import { listMembers } from './repository/organisations'
import { requireLeader } from './organisations.policy'

/**
 * 以组织名义接单: the leader of a verified organisation fills places of an open time bank request of its
 * host community with its members, all or none. The time bank decides who may serve and how many
 * places there are; this records that the leader acted for the organisation and tells each member.
 */
export async function acceptRequestAsTeam(deps: AppDeps, actor: Actor, organisationId: string, requestId: string, memberIds: string[]): Promise<TServiceRequest[]> {
  const db = deps.db.kysely
  const org = await requireLeader(db, actor, organisationId)
  const members = new Set((await listMembers(db, organisationId)).map((m) => m.user_id))
  const unique = [...new Set(memberIds)]
  const stranger = unique.find((id) => !members.has(id))
  if (stranger) throw new AppError('USER_NOT_FOUND', { userId: stranger })
  const now = deps.clock.now()
  return acceptAsTeam(db, requestId, unique, org.host_path, now, async (tx, r) => {
    // the leader places each member in the organisation's name: one audit row per member, who is told
    for (const userId of unique) {
      await recordActingFor(tx, now, {
        actorId: actor.userId,
        subjectId: userId,
        action: 'organisation.timebank_accept',
        details: { organisationId, organisationName: org.name, requestId, memberIds: unique },
        notice: {
          kind: 'timebank.assigned',
          title: `「${org.name}」为您接了一单志愿服务`,
          body: `${actor.name}以组织名义接单，请按时为${r.elder_name}提供帮助。`,
          link: `/packages/timebank/tasks/index`,
        },
      })
    }
  })
}

/** The leader's list: open time bank requests of the host community the team may take. */
export async function listTeamRequests(deps: AppDeps, actor: Actor, organisationId: string): Promise<{ items: TServiceRequest[] }> {
  const org = await requireLeader(deps.db.kysely, actor, organisationId)
  return { items: await listOpenForTeam(deps.db.kysely, org.host_community_id, deps.clock.now()) }
}
