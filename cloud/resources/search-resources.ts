import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { businessDate, shanghaiTime } from '../platform/clock'
import { streetPathOf } from '../organisations'
import type { TResource, TResourceSearch } from '../../types/resources'
import { communityCentre, findResource, listStreetResources, type ResourceRow } from './repository/resources'
import { takenBetween, takenBetweenMany } from './repository/bookings'
import { visibleTo } from './resources.policy'
import { toResource, toTaken } from './resources.mappers'

function metres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2
  return Math.round(2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h))))
}

function distance(row: ResourceRow, from: { lat: number; lng: number } | null): number | null {
  if (!from || row.center_lat == null || row.center_lng == null) return null
  return metres(from, { lat: Number(row.center_lat), lng: Number(row.center_lng) })
}

async function takenOn(deps: AppDeps, row: ResourceRow, date: string) {
  const from = shanghaiTime(date)
  return toTaken(await takenBetween(deps.db.kysely, row.id, from, new Date(from.getTime() + 86_400_000)))
}

/** Where distances start: the given point, else the caller's community centre. */
async function origin(deps: AppDeps, actor: Actor, q: TResourceSearch) {
  if (q.lat != null && q.lng != null) return { lat: q.lat, lng: q.lng }
  if (!actor.communityId) return null
  const c = await communityCentre(deps.db.kysely, actor.communityId)
  return c ? { lat: Number(c.center_lat), lng: Number(c.center_lng) } : null
}

/**
 * Street-wide search by kind, date and distance (nearest first). An own-residents-only resource of
 * another community is left out (it does not exist for this caller); with a date each item lists
 * the ranges already taken that day.
 */
export async function searchResources(deps: AppDeps, actor: Actor, q: TResourceSearch): Promise<{ items: TResource[] }> {
  const path = actor.communityPath ?? actor.roles[0]?.path
  if (!path) throw new AppError('COMMUNITY_REQUIRED')
  const rows = (await listStreetResources(deps.db.kysely, streetPathOf(path), q.kind)).filter((r) => visibleTo(actor, r))
  const from = await origin(deps, actor, q)
  const day = shanghaiTime(q.date ?? businessDate(deps.clock.now()))
  const taken = await takenBetweenMany(
    deps.db.kysely,
    rows.map((r) => r.id),
    day,
    new Date(day.getTime() + 86_400_000),
  )
  const items = rows.map((r) => toResource(r, distance(r, from), toTaken(taken.filter((t) => t.resource_id === r.id))))
  const near = q.radiusM ? items.filter((i) => i.distanceM == null || i.distanceM <= q.radiusM!) : items
  near.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.communityName.localeCompare(b.communityName) || a.name.localeCompare(b.name))
  return { items: near }
}

/** One resource with the ranges taken on a date (default today); invisible ones are 404. */
export async function getResource(deps: AppDeps, actor: Actor, id: string, date?: string): Promise<TResource> {
  const row = await findResource(deps.db.kysely, id)
  if (!row || !visibleTo(actor, row)) throw new AppError('RESOURCE_NOT_FOUND')
  const from = await origin(deps, actor, {})
  return toResource(row, distance(row, from), await takenOn(deps, row, date ?? businessDate(deps.clock.now())))
}
