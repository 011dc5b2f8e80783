import type { AppDeps } from '../platform/context'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { recordActingFor } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TCreateEnrolment, TEnrolment } from '../../types/care'
import { ENROL_ROLES } from './care.policy'
import { findElder, findEnrolment, findGrid, toEnrolment } from './repository/enrolments'

const UNIQUE_VIOLATION = '23505'

/**
 * Staff enrol an elder living alone with a meter, recording the elder's consent (given by the elder in
 * the app, or at the counter with the elder present). From this moment, and only from it, the meter's
 * readings are kept. One active enrolment per elder and per meter (partial unique indexes).
 */
export async function enrolElder(deps: AppDeps, actor: Actor, input: TCreateEnrolment): Promise<TEnrolment> {
  const db = deps.db.kysely
  const elder = await findElder(db, input.elderId)
  if (!elder || !elder.community_id || !elder.community_path) throw new AppError('USER_NOT_FOUND')
  requireScope(actor, ENROL_ROLES, elder.community_path, 'USER_NOT_FOUND')
  if (input.gridId) {
    const grid = await findGrid(db, input.gridId)
    if (!grid || grid.kind !== 'grid' || grid.parent_id !== elder.community_id) throw new AppError('INVALID_INPUT', { fields: { gridId: '请选择老人所在社区的网格' } })
  }
  const now = deps.clock.now()
  const id = newId()
  try {
    await inTransaction(db, async (tx) => {
      await tx
        .insertInto('care_enrolments')
        .values({
          id,
          elder_id: elder.id,
          meter_id: input.meterId,
          community_id: elder.community_id!,
          grid_id: input.gridId ?? null,
          consent_by: input.consent.by,
          consent_at: now,
          consent_recorded_by: actor.userId,
          no_use_hours: input.noUseHours ?? null,
          flow_hours: input.flowHours ?? null,
          flow_litres: input.flowLitres ?? null,
          quiet_litres: input.quietLitres ?? null,
          silent_hours: input.silentHours ?? null,
          quiet_start: input.quietStart ?? null,
          quiet_end: input.quietEnd ?? null,
          created_at: now,
        })
        .execute()
      await recordActingFor(tx, now, {
        actorId: actor.userId,
        subjectId: elder.id,
        action: 'care.enrolled',
        details: { enrolmentId: id, meterId: input.meterId, consentBy: input.consent.by },
        notice: {
          kind: 'care.enrolled',
          title: '已开通水表关爱',
          body: `${actor.name} 为您登记了智能水表关爱（水表 ${input.meterId}）。长时间没用水或用水异常时，网格员和家人会及时联系您。您可以随时到社区撤回同意。`,
          link: `/packages/care/family/index?elderId=${elder.id}`,
        },
      })
    })
  } catch (error) {
    const e = error as { code?: string; constraint?: string; message?: string }
    if (e.code === UNIQUE_VIOLATION) {
      const meter = (e.constraint ?? e.message ?? '').includes('meter')
      throw new AppError(meter ? 'CARE_METER_IN_USE' : 'CARE_ALREADY_ENROLLED')
    }
    throw error
  }
  return toEnrolment((await findEnrolment(db, id))!, [])
}
