import type { AppDeps } from '../platform/context'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { businessDate, shanghaiTime } from '../platform/clock'
import { inTransaction } from '../platform/tx'
import type { Kdb } from '../db/db'
import type { TResource, TResourceBooking, TSaveResource } from '../../types/resources'
import { findResource, insertResource, listCommunityResources, updateResource } from './repository/resources'
import { listCommunityBookings, type BookingRow } from './repository/bookings'
import { RESOURCE_STAFF_ROLES } from './resources.policy'
import { toBooking, toResource } from './resources.mappers'

/** The community a staff page is about: the one asked for (in scope), else the caller's own community role. */
export async function staffCommunity(db: Kdb, actor: Actor, communityId?: string): Promise<{ id: string; name: string; path: string }> {
  const id = communityId ?? actor.roles.find((r) => r.role === 'community_staff')?.orgUnitId
  if (!id) {
    if (actor.roles.some((r) => RESOURCE_STAFF_ROLES.includes(r.role))) throw new AppError('COMMUNITY_REQUIRED')
    throw new AppError('FORBIDDEN')
  }
  const unit = await db.selectFrom('org_units').select(['id', 'name', 'path']).where('id', '=', id).where('kind', '=', 'community').executeTakeFirst()
  requireScope(actor, RESOURCE_STAFF_ROLES, unit?.path ?? null, 'ORG_UNIT_NOT_FOUND')
  return unit!
}

/** Staff: the bookings of the communities they cover (or one community), by status and day. */
export async function listStaffBookings(deps: AppDeps, actor: Actor, q: { communityId?: string; status?: BookingRow['status']; date?: string }): Promise<{ items: TResourceBooking[] }> {
  const db = deps.db.kysely
  const paths = q.communityId ? [(await staffCommunity(db, actor, q.communityId)).path] : actor.roles.filter((r) => RESOURCE_STAFF_ROLES.includes(r.role)).map((r) => r.path)
  if (paths.length === 0) throw new AppError('FORBIDDEN')
  const now = deps.clock.now()
  const from = q.date ? shanghaiTime(q.date === 'today' ? businessDate(now) : q.date) : undefined
  const to = from ? new Date(from.getTime() + 86_400_000) : undefined
  return { items: (await listCommunityBookings(db, { paths, status: q.status, from, to })).map((b) => toBooking(b, now)) }
}

export async function listStaffResources(deps: AppDeps, actor: Actor, communityId?: string): Promise<{ items: TResource[] }> {
  const community = await staffCommunity(deps.db.kysely, actor, communityId)
  return { items: (await listCommunityResources(deps.db.kysely, community.id)).map((r) => toResource(r, null, [])) }
}

/** A community lists a resource (photos are upload keys from POST /api/v1/uploads). */
export async function createResource(deps: AppDeps, actor: Actor, input: TSaveResource): Promise<TResource> {
  const db = deps.db.kysely
  const community = await staffCommunity(db, actor, input.communityId)
  if (input.openFrom >= input.openUntil) throw new AppError('INVALID_INPUT', { fields: { openUntil: '结束时间要晚于开始时间' } })
  const id = newId()
  await inTransaction(db, (tx) => insertResource(tx, { ...input, id, communityId: community.id, createdBy: actor.userId, now: deps.clock.now() }))
  return toResource((await findResource(db, id))!, null, [])
}

export async function saveResource(deps: AppDeps, actor: Actor, id: string, input: TSaveResource & { active?: boolean }): Promise<TResource> {
  const db = deps.db.kysely
  const row = await findResource(db, id)
  requireScope(actor, RESOURCE_STAFF_ROLES, row?.community_path ?? null, 'RESOURCE_NOT_FOUND')
  if (input.openFrom >= input.openUntil) throw new AppError('INVALID_INPUT', { fields: { openUntil: '结束时间要晚于开始时间' } })
  await inTransaction(db, (tx) => updateResource(tx, id, input))
  return toResource((await findResource(db, id))!, null, [])
}
