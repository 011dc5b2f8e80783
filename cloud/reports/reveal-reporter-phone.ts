import type { AppDeps } from '../platform/context'
import type { TReporterPhoneResponse } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { recordActingFor } from '../platform/notices'
import { staffRoleFor } from './reports.policy'
import { findReport } from './repository/reports'

/**
 * Staff handling a 随手拍 tap 「联系上报人」: the full number, once per tap, recorded in the audit
 * log (who looked at whose number for which case). Outside scope the report does not exist; a
 * reporter who chose 不希望被联系 is never shown.
 */
export async function revealReporterPhone(deps: AppDeps, actor: Actor, id: string): Promise<TReporterPhoneResponse> {
  const db = deps.db.kysely
  const report = await findReport(db, id)
  if (!report || !staffRoleFor(actor, report)) throw new AppError('REPORT_NOT_FOUND')
  if (report.no_contact) throw new AppError('REPORTER_NO_CONTACT')
  if (!report.reporter_phone) throw new AppError('REPORTER_NO_PHONE')
  await recordActingFor(db, deps.clock.now(), {
    actorId: actor.userId,
    subjectId: report.reporter_id,
    action: 'report.reporter_phone_viewed',
    details: { reportId: report.id, number: report.number },
  })
  return { name: report.reporter_name, phone: report.reporter_phone }
}
