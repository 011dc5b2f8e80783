import type { AppDeps } from '../platform/context'
import type { TReportDetail, TSubmitReportRequest } from '../../types/reports'
import { REPORT_CATEGORIES } from '../../types/reports'
import type { Actor } from '../org'
import { addMinutes } from '../platform/clock'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { scheduleJob } from '../platform/jobs'
import { notify } from '../platform/notices'
import { getReportView } from './get-report'
import { categorySetting, findDepartmentByName, routeLocation, staffAt } from './repository/routing'
import { existingUploads } from './repository/uploads'
import { hasConsent } from './repository/supporters'
import { insertEvent, insertPhotos, insertReport, nextReportNumber } from './repository/reports'
import { inTransaction } from '../platform/tx'
import { escalationJob } from './escalate-overdue-report'

/**
 * A resident reports a problem: routed to a grid by location, given the category's time limit,
 * and the grid worker is told at once. Anonymous to the public by default, never to staff.
 */
export async function submitReport(deps: AppDeps, actor: Actor, input: TSubmitReportRequest): Promise<TReportDetail> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  // the phone's own position is personal information: only with the location consent (a typed
  // address or a pin placed by hand needs none)
  if (input.locationSource === 'device' && !(await hasConsent(db, actor.userId, 'location'))) throw new AppError('LOCATION_CONSENT_REQUIRED', { kind: 'location' })
  const keys = [...new Set(input.photoKeys)]
  const found = await existingUploads(db, keys)
  const missing = keys.filter((k) => !found.has(k))
  if (missing.length) throw new AppError('UPLOAD_NOT_FOUND', { photoKeys: missing })
  const route = await routeLocation(db, input.lat, input.lng)
  if (!route) throw new AppError('OUTSIDE_STREET', { lat: input.lat, lng: input.lng })
  const defaults = REPORT_CATEGORIES.find((c) => c.code === input.category)!
  const setting = await categorySetting(db, route.streetId, input.category)
  // the street admin turned this category off (管理 → 设置): new reports go to another category
  if (setting && !setting.enabled) throw new AppError('CATEGORY_DISABLED', { category: input.category })
  const limitMinutes = setting?.limit_minutes ?? defaults.limitMinutes
  const departmentId = setting ? setting.department_id : defaults.department ? await findDepartmentByName(db, route.streetId, defaults.department) : null
  // who holds it first (管理 → 设置, read now so a later change leaves this report alone): the grid
  // worker; the community staff; or the category's department, as if the community had dispatched it
  // ("不归我们" then goes back to the community)
  const handler = setting?.handler_level === 'department' && departmentId ? 'department' : setting?.handler_level === 'community' ? 'community' : 'grid'
  const level = handler === 'grid' ? 'grid' : 'community'
  const status = handler === 'department' ? 'dispatched' : 'submitted'
  const id = newId()
  const deadline = addMinutes(now, limitMinutes)
  await inTransaction(
    db,
    async (tx) => {
      const number = await nextReportNumber(tx, now)
      await insertReport(tx, {
        id,
        number,
        category: input.category,
        description: input.description,
        lat: input.lat,
        lng: input.lng,
        address: input.address || null,
        reporter_id: actor.userId,
        anonymous: input.anonymous,
        no_contact: input.noContact ?? false,
        street_id: route.streetId,
        community_id: route.communityId,
        grid_id: route.gridId,
        scope_path: route.gridPath,
        assignee_id: null,
        level,
        // a grid/community handler: the category's department is only proposed for dispatch
        department_id: handler === 'department' ? departmentId : null,
        dispatched_from: handler === 'department' ? 'community' : null,
        status,
        limit_minutes: limitMinutes,
        deadline_at: deadline,
        merged_into: null,
        reject_reason: null,
        resolution_note: null,
        resolved_at: null,
        closed_at: null,
        rating: null,
        rating_comment: null,
        created_at: now,
        updated_at: now,
      })
      await insertPhotos(tx, id, 'before', keys, actor.userId, now)
      await insertEvent(tx, {
        reportId: id,
        actorId: actor.userId,
        actorRole: 'reporter',
        action: 'submit',
        from: null,
        to: status,
        level,
        details: { defaultDepartmentId: departmentId, handler },
        now,
      })
      const [unitId, roles, kind, title] =
        handler === 'department'
          ? [departmentId!, ['department_staff'], 'report.dispatched', '有一条随手拍派给贵部门']
          : handler === 'community'
            ? [route.communityId, ['community_staff'], 'report.new', '新的随手拍待受理']
            : [route.gridId, ['grid_worker'], 'report.new', '新的随手拍待受理']
      for (const userId of await staffAt(tx, unitId, roles)) {
        await notify(tx, now, { userId, kind, title, body: `${number}：${input.description.slice(0, 40)}`, link: `/packages/staff/reports/detail/index?id=${id}` })
      }
      await scheduleJob(tx, escalationJob(id, 0, deadline), now)
    },
    { conflictCode: 'REPORT_STATE_CONFLICT' },
  )
  return getReportView(deps, actor, id)
}
