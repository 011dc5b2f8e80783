import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { formatShanghai } from '../platform/clock'
import { recordActingFor } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TAway } from '../../types/care'
import { requireElderView } from './care.policy'
import { findElderEnrolment } from './repository/enrolments'

/**
 * 外出 (hospital, visiting the children): alerts pause from start to end. The elder, family who
 * follow him, or staff in scope set it; someone else doing it for the elder is recorded and he is told.
 */
export async function setAway(deps: AppDeps, actor: Actor, elderId: string, input: TAway): Promise<{ id: string }> {
  const db = deps.db.kysely
  const enrolment = await findElderEnrolment(db, elderId)
  await requireElderView(db, actor, elderId, enrolment ?? null)
  if (!enrolment || enrolment.status !== 'active') throw new AppError('CARE_NOT_ENROLLED')
  const now = deps.clock.now()
  const id = newId()
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto('care_away')
      .values({ id, enrolment_id: enrolment.id, starts_at: input.startsAt, ends_at: input.endsAt, reason: input.reason, created_by: actor.userId, created_at: now })
      .execute()
    await recordActingFor(tx, now, {
      actorId: actor.userId,
      subjectId: elderId,
      action: 'care.away',
      details: { awayId: id, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason },
      notice: {
        kind: 'care.away',
        title: '已登记外出',
        body: `${actor.name} 登记了您 ${formatShanghai(new Date(input.startsAt), 'M月D日 HH:mm')} 至 ${formatShanghai(new Date(input.endsAt), 'M月D日 HH:mm')} 外出（${input.reason || '外出'}），这段时间不发用水提醒。`,
      },
    })
  })
  return { id }
}

/** Ends an away period early (back home): alerts resume from now. */
export async function cancelAway(deps: AppDeps, actor: Actor, elderId: string, awayId: string): Promise<void> {
  const db = deps.db.kysely
  const enrolment = await findElderEnrolment(db, elderId)
  await requireElderView(db, actor, elderId, enrolment ?? null)
  if (!enrolment) throw new AppError('NOT_FOUND')
  const now = deps.clock.now()
  // ends now rather than disappearing: the rules then count "since back home", not since before leaving
  const done = await db
    .updateTable('care_away')
    .set((eb) => ({ ends_at: eb.fn('least', [eb.ref('ends_at'), eb.val(now)]) }))
    .where('id', '=', awayId)
    .where('enrolment_id', '=', enrolment.id)
    .where('cancelled_at', 'is', null)
    .where('starts_at', '<', now)
    .executeTakeFirst()
  if (Number(done.numUpdatedRows) !== 1) {
    const future = await db.updateTable('care_away').set({ cancelled_at: now }).where('id', '=', awayId).where('enrolment_id', '=', enrolment.id).where('cancelled_at', 'is', null).executeTakeFirst()
    if (Number(future.numUpdatedRows) !== 1) throw new AppError('NOT_FOUND')
  }
}
