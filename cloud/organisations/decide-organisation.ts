import type { AppDeps } from '../platform/context'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TOrganisation } from '../../types/resources'
import { decideOrganisation as decide, findOrganisation, listMembers } from './repository/organisations'
import { ORGANISATION_STAFF_ROLES } from './organisations.policy'
import { toOrganisation } from './organisations.mappers'

/** Staff of the host community verify (or reject, with a reason) a registered organisation, once. */
export async function decideOrganisation(deps: AppDeps, actor: Actor, organisationId: string, input: { decision: 'verify' | 'reject'; note?: string }): Promise<TOrganisation> {
  const db = deps.db.kysely
  const org = await findOrganisation(db, organisationId)
  requireScope(actor, ORGANISATION_STAFF_ROLES, org?.host_path ?? null, 'ORGANISATION_NOT_FOUND')
  if (input.decision === 'reject' && !input.note) throw new AppError('INVALID_INPUT', { fields: { note: '请写明不通过的原因' } })
  const now = deps.clock.now()
  const status = input.decision === 'verify' ? 'verified' : 'rejected'
  await inTransaction(db, async (tx) => {
    if (!(await decide(tx, organisationId, { status, by: actor.userId, note: input.note ?? null, now }))) throw new AppError('INVALID_STATE', { status: org!.status })
    await notify(tx, now, {
      userId: org!.registered_by,
      kind: 'organisation.decided',
      title: status === 'verified' ? `「${org!.name}」已通过社区认证` : `「${org!.name}」未通过社区审核`,
      body: status === 'verified' ? '现在可以以组织名义发布活动、预约场地了。' : `原因：${input.note}`,
      link: `/packages/resources/org/index?id=${organisationId}`,
    })
  })
  return toOrganisation((await findOrganisation(db, organisationId))!, null, await listMembers(db, organisationId))
}
