import type { AppDeps } from '../platform/context'
import { requireScope, type Actor } from '../org'
import type { Kdb } from '../db/db'
import type { TRole } from '../../types/org'
import { WORK_LIST_TITLES, type TListMark, type TWorkListItems, type TWorkListName, type TWorkListPage, type TWorkListQuery } from '../../types/dashboard-lists'
import { ageOn, businessDate } from '../platform/clock'
import { maskPhone } from '../platform/privacy'
import { AppError } from '../platform/errors'
import { categoryName } from '../reports'
import { monthDays } from './dashboard.dates'
import { LIST_ROLES } from './dashboard.policy'
import type { ReportFilter } from './repository/daily'
import { communitiesUnder, findUnit, type ScopeUnit } from './repository/live'
import { departmentWaiting, expiringPoints, inactiveVolunteers, isolatedElders, type ListPage, type MarkColumns } from './repository/work-lists'

const OFFICE_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']
/** Who works each list for a community, 片区 or street (a department works its own waiting list). */
const ROLES: Record<TWorkListName, readonly TRole[]> = {
  'isolated-elders': LIST_ROLES,
  'expiring-points': OFFICE_ROLES,
  'inactive-volunteers': OFFICE_ROLES,
  'department-waiting': OFFICE_ROLES,
}
const DEPARTMENT_ROLES: readonly TRole[] = ['department_staff', 'cluster_lead', 'street_admin']
export const INACTIVE_VOLUNTEER_DAYS = 90

export interface ListScope {
  unit: ScopeUnit
  filter: ReportFilter
}

/** First line of every work-list use case: the unit exists and the caller covers it for this list; else 404. */
export async function listScope(db: Kdb, actor: Actor, orgUnitId: string, list: TWorkListName): Promise<ListScope> {
  const unit = await findUnit(db, orgUnitId)
  if (!unit || unit.kind === 'grid') throw new AppError('NOT_FOUND')
  if (unit.kind === 'department') {
    if (list !== 'department-waiting') throw new AppError('NOT_FOUND')
    requireScope(actor, DEPARTMENT_ROLES, unit.path)
    return { unit, filter: { departmentId: unit.id } }
  }
  requireScope(actor, ROLES[list], unit.path)
  return { unit, filter: { communityIds: await communitiesUnder(db, unit.path) } }
}

const iso = (d: Date | string) => new Date(d).toISOString()
const markOf = (r: MarkColumns): TListMark | null => (r.mark_outcome ? { outcome: r.mark_outcome, note: r.mark_note ?? '', by: r.mark_by ?? '', at: iso(r.mark_at!) } : null)
const communityIdsOf = (filter: ReportFilter) => ('communityIds' in filter ? filter.communityIds : [])

type Keyed<N extends TWorkListName> = TWorkListItems[N] & { sortKey: string }
interface LoadContext {
  deps: AppDeps
  scope: ListScope
  days: number
  page: ListPage
  now: Date
  today: string
}

const LOADERS: { [N in TWorkListName]: (c: LoadContext) => Promise<Keyed<N>[]> } = {
  'isolated-elders': async ({ deps, scope, days, page, now, today }) => {
    const since = new Date(now.getTime() - days * 86_400_000)
    const rows = await isolatedElders(deps.db.kysely, communityIdsOf(scope.filter), today, now, since, page)
    return rows.map((r) => ({
      subjectId: r.id,
      name: r.name,
      age: ageOn(r.birth_date, now),
      phoneMasked: maskPhone(r.phone),
      address: r.address,
      communityName: r.community_name,
      livesAlone: r.lives_alone,
      bedBound: r.disabled,
      emergencyContact: r.emergency_contact,
      family: r.family.map((f) => ({ name: f.name, relation: f.relation, phoneMasked: maskPhone(f.phone) })),
      lastContact: r.contact_kind && r.contact_at ? { kind: r.contact_kind, at: iso(r.contact_at) } : null,
      lastMark: markOf(r),
      sortKey: r.sort_key,
    }))
  },
  'expiring-points': async ({ deps, scope, page, today }) => {
    const rows = await expiringPoints(deps.db.kysely, communityIdsOf(scope.filter), today, monthDays(today.slice(0, 7)).to, page)
    return rows.map((r) => ({
      subjectId: r.id,
      name: r.name,
      phoneMasked: maskPhone(r.phone),
      communityName: r.community_name,
      points: Number(r.points),
      expiresOn: r.expires_on,
      lastMark: markOf(r),
      sortKey: r.sort_key,
    }))
  },
  'inactive-volunteers': async ({ deps, scope, page, now }) => {
    const since = new Date(now.getTime() - INACTIVE_VOLUNTEER_DAYS * 86_400_000)
    const rows = await inactiveVolunteers(deps.db.kysely, scope.unit.path, since, page)
    return rows.map((r) => ({
      subjectId: r.id,
      name: r.name,
      phoneMasked: maskPhone(r.phone),
      communityName: r.community_name,
      volunteerSince: iso(r.since),
      lastServiceAt: r.last_at ? iso(r.last_at) : null,
      services: r.services,
      lastMark: markOf(r),
      sortKey: r.sort_key,
    }))
  },
  'department-waiting': async ({ deps, scope, page, now }) => {
    const rows = await departmentWaiting(deps.db.kysely, scope.filter, page)
    return rows.map((r) => ({
      subjectId: r.id,
      number: r.number,
      categoryName: categoryName(r.category),
      status: r.status,
      departmentName: r.department_name,
      communityName: r.community_name,
      gridName: r.grid_name,
      waitingSince: iso(r.since),
      hoursWaiting: Math.max(0, Math.floor((now.getTime() - new Date(r.since).getTime()) / 3_600_000)),
      deadlineAt: iso(r.deadline_at),
      overdue: new Date(r.deadline_at).getTime() < now.getTime(),
      lastMark: markOf(r),
      sortKey: r.sort_key,
    }))
  },
}

/** One list's rows for a scope (ask for limit + 1 to know whether more follow), as contract items with their sort key. */
export async function workListRows<N extends TWorkListName>(deps: AppDeps, list: N, scope: ListScope, query: Pick<TWorkListQuery, 'days'>, page: ListPage): Promise<Keyed<N>[]> {
  const now = deps.clock.now()
  const load = LOADERS[list] as (c: LoadContext) => Promise<Keyed<N>[]>
  return load({ deps, scope, days: query.days, page, now, today: businessDate(now) })
}

/** GET /staff/lists/<name>: one page of a work list for a unit in the caller's scope. */
export async function listWorkList<N extends TWorkListName>(deps: AppDeps, actor: Actor, list: N, query: TWorkListQuery): Promise<TWorkListPage<N>> {
  const scope = await listScope(deps.db.kysely, actor, query.orgUnitId, list)
  const rows = await workListRows(deps, list, scope, query, { limit: query.limit + 1, cursor: query.cursor, outcome: query.outcome })
  const page = rows.slice(0, query.limit)
  return {
    list,
    title: WORK_LIST_TITLES[list],
    items: page.map(({ sortKey: _key, ...item }) => item as unknown as TWorkListItems[N]),
    nextCursor: rows.length > query.limit ? page[page.length - 1].sortKey : null,
  }
}
