import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import { ageOn } from '../platform/clock'
import { maskPhone } from '../platform/privacy'
import type { TVolunteerApplication } from '../../types/timebank'
import { listApplications, type findApplication } from './repository/applications'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'

type Row = NonNullable<Awaited<ReturnType<typeof findApplication>>>

export function toApplicationView(a: Row, now: Date, staff: boolean): TVolunteerApplication {
  return {
    id: a.id,
    userId: a.user_id,
    name: a.name,
    age: ageOn(a.birth_date, now),
    // staff call the applicant back; the phone is shown to them only, masked
    phone: staff ? maskPhone(a.phone) : null,
    skills: a.skills,
    status: a.status,
    reason: a.reason,
    createdAt: new Date(a.created_at).toISOString(),
  }
}

/** 志愿者认证: applications in the staff member's scope, oldest first. */
export async function listVolunteerApplications(
  deps: AppDeps,
  actor: Actor,
  q: { status: 'pending' | 'verified' | 'rejected'; limit: number },
): Promise<{ items: TVolunteerApplication[]; nextCursor: null }> {
  requireAnyRole(actor, TIMEBANK_STAFF_ROLES)
  const paths = actor.roles.filter((r) => TIMEBANK_STAFF_ROLES.includes(r.role)).map((r) => r.path)
  const rows = await listApplications(deps.db.kysely, paths, q.status, q.limit)
  const now = deps.clock.now()
  return { items: rows.map((a) => toApplicationView(a, now, true)), nextCursor: null }
}
