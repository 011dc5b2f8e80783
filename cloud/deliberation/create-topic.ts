import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { addMinutes } from '../platform/clock'
import { inTransaction } from '../platform/tx'
import type { TCreateTopic, TTopic } from '../../types/deliberation'
import { DELIBERATION_STAFF, residentRole, unitInReach } from './deliberation.policy'
import { hasScope } from '../org'
import { countResidentsUnder, isResidentUnder } from './repository/units'
import { deliberationSettings, findTopic, follow, insertTopic, knownUploads } from './repository/topics'
import { toTopic } from './deliberation.mappers'

/**
 * The support threshold of a new topic, fixed when it is raised: the smaller of the community's
 * count (default 30) and its share of the residents in the topic's scope (default 5 %, rounded up),
 * never below min_supports (default 2) — a small 楼栋 is not held to 30 supports.
 */
export function supportThreshold(s: { support_count: number; support_percent: number; min_supports: number }, residents: number): number {
  return Math.max(s.min_supports, Math.min(s.support_count, Math.ceil((residents * s.support_percent) / 100)))
}

/** 议题征集: a resident raises a topic in their community (or a 楼栋/小区 in it); staff may raise one for triage. */
export async function createTopic(deps: AppDeps, actor: Actor, input: TCreateTopic): Promise<TTopic> {
  const unit = await unitInReach(deps.db.kysely, actor, input.scopeOrgUnitId)
  if (!unit.communityId) throw new AppError('COMMUNITY_REQUIRED')
  const byStaff = hasScope(actor, DELIBERATION_STAFF, unit.path)
  if (!byStaff) {
    if (!residentRole(actor) || !(await isResidentUnder(deps.db.kysely, actor.userId, unit.path))) throw new AppError('RESIDENT_REQUIRED')
    if (!input.category) throw new AppError('INVALID_INPUT', { fields: { category: '请选择议题类别' } })
  }
  const photoKeys = [...new Set(input.photoKeys ?? [])]
  const known = await knownUploads(deps.db.kysely, photoKeys)
  const missing = photoKeys.filter((k) => !known.has(k))
  if (missing.length) throw new AppError('UPLOAD_NOT_FOUND', { photoKeys: missing })
  const now = deps.clock.now()
  const settings = await deliberationSettings(deps.db.kysely, unit.communityId!)
  const threshold = supportThreshold(settings, await countResidentsUnder(deps.db.kysely, unit.path))
  const id = newId()
  await inTransaction(deps.db.kysely, async (tx) => {
    await insertTopic(tx, {
      id,
      community_id: unit.communityId!,
      scope_org_unit_id: unit.id,
      scope_path: unit.path,
      author_id: actor.userId,
      by_staff: byStaff,
      title: input.title,
      description: input.description,
      photo_keys: photoKeys,
      category: input.category ?? 'other',
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      // staff raise a topic straight to triage: it needs no supports to be answered
      status: byStaff ? 'triage' : 'collecting',
      threshold,
      collect_until: addMinutes(now, settings.window_days * 24 * 60),
      created_at: now,
    })
    await follow(tx, id, actor.userId, now)
  })
  return toTopic((await findTopic(deps.db.kysely, id, actor.userId))!, actor.userId, deps.storage, now)
}
