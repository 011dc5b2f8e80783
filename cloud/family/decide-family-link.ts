import type { AppDeps } from '../platform/context'
import type { TFamilyLink } from '../../types/accounts'
import { COUNTER_ROLES, hasScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify, recordActingFor } from '../platform/notices'
import { findLink, transitionLinkRow } from './family.repository'
import { toLink } from './family.mappers'
import type { Kdb } from '../db/db'
import type { Updateable } from 'kysely'
import type { FamilyLinksTable } from '../db/schema'

type LinkRow = NonNullable<Awaited<ReturnType<typeof findLink>>>

/** Loads a link the actor may see: its elder, its member, or staff over the elder's community. */
export async function loadVisibleLink(db: Kdb, actor: Actor, id: string): Promise<{ link: LinkRow; as: 'elder' | 'member' | 'staff' }> {
  const link = await findLink(db, id)
  if (link?.elder_id === actor.userId) return { link, as: 'elder' }
  if (link?.member_id === actor.userId) return { link, as: 'member' }
  if (link && hasScope(actor, COUNTER_ROLES, link.elder_community_path)) return { link, as: 'staff' }
  throw new AppError('FAMILY_LINK_NOT_FOUND')
}

/** Moves a link from one of `from` to `to` in one statement; losing a race is a 409 with the state. */
export async function transitionLink(tx: Kdb, link: LinkRow, from: TFamilyLink['status'][], set: Updateable<FamilyLinksTable> & { status: TFamilyLink['status'] }) {
  const moved = await transitionLinkRow(tx, link.id, from, set)
  if (!moved.ok) throw new AppError('INVALID_STATE', { status: moved.status ?? link.status })
}

/**
 * The elder confirms in the app, or staff confirm at the counter, declaring the elder present.
 */
export async function confirmFamilyLink(deps: AppDeps, actor: Actor, id: string, input: { elderPresent?: boolean; note?: string }) {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { link, as } = await loadVisibleLink(db, actor, id)
  if (as === 'member') throw new AppError('FORBIDDEN', undefined, '需要老人本人或社区工作人员确认')
  if (as === 'staff' && !input.elderPresent) throw new AppError('ELDER_PRESENCE_REQUIRED')
  await db.transaction().execute(async (tx) => {
    await transitionLink(tx, link, ['pending'], {
      status: 'active',
      confirmed_at: now,
      confirmed_by: actor.userId,
      confirmed_via: as === 'elder' ? 'elder' : 'counter',
    })
    if (as === 'staff') {
      await recordActingFor(tx, now, {
        actorId: actor.userId,
        subjectId: link.elder_id,
        action: 'family.confirmed_at_counter',
        details: { linkId: link.id, elderPresent: true, note: input.note ?? null },
        notice: { kind: 'family.linked', title: '亲情绑定已确认', body: `工作人员${actor.name}在社区窗口为您确认了与${link.member_name}的亲情绑定。` },
      })
    }
    await notify(tx, now, {
      userId: link.member_id,
      kind: 'family.confirmed',
      title: '亲情绑定已生效',
      body: `您与${link.elder_name}的亲情绑定已确认，可以代为办理已授权的事项。`,
    })
  })
  return toLink((await findLink(db, id))!)
}

export async function rejectFamilyLink(deps: AppDeps, actor: Actor, id: string) {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { link, as } = await loadVisibleLink(db, actor, id)
  if (as === 'member') throw new AppError('FORBIDDEN', undefined, '申请人可以撤回申请，不能替老人拒绝')
  await db.transaction().execute(async (tx) => {
    await transitionLink(tx, link, ['pending'], { status: 'rejected', ended_at: now, ended_by: actor.userId })
    await notify(tx, now, { userId: link.member_id, kind: 'family.rejected', title: '亲情绑定未通过', body: `${link.elder_name}没有同意这次绑定申请。` })
  })
  return toLink((await findLink(db, id))!)
}

/** Either side (or staff) ends a pending or active link; the other side is told. */
export async function revokeFamilyLink(deps: AppDeps, actor: Actor, id: string, input: { reason?: string }) {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { link, as } = await loadVisibleLink(db, actor, id)
  await db.transaction().execute(async (tx) => {
    await transitionLink(tx, link, ['pending', 'active'], { status: 'revoked', ended_at: now, ended_by: actor.userId, end_reason: input.reason ?? null })
    const body = `${actor.name}解除了${link.member_name}与${link.elder_name}的亲情绑定${input.reason ? `：${input.reason}` : '。'}`
    if (as !== 'elder') {
      await recordActingFor(tx, now, {
        actorId: actor.userId,
        subjectId: link.elder_id,
        action: 'family.revoked',
        details: { linkId: link.id },
        notice: { kind: 'family.revoked', title: '亲情绑定已解除', body },
      })
    }
    if (as !== 'member') await notify(tx, now, { userId: link.member_id, kind: 'family.revoked', title: '亲情绑定已解除', body })
  })
  return toLink((await findLink(db, id))!)
}
