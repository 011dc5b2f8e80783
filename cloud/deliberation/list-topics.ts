import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import type { TTopic, TTopicListQuery } from '../../types/deliberation'
import { unitInReach } from './deliberation.policy'
import { listTopics as listRows } from './repository/topics'
import { toTopic } from './deliberation.mappers'

function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|')
  const date = new Date(at ?? '')
  if (!id || Number.isNaN(date.getTime())) throw new AppError('INVALID_INPUT', { fields: { cursor: '翻页位置无效' } })
  return { at: date, id }
}

/** 议题 of the caller's community (or a unit in reach), newest first; staff use status=triage as their queue. */
export async function listTopics(deps: AppDeps, actor: Actor, q: TTopicListQuery): Promise<{ items: TTopic[]; nextCursor: string | null }> {
  const unit = await unitInReach(deps.db.kysely, actor, q.orgUnitId)
  const rows = await listRows(deps.db.kysely, { path: unit.path, viewerId: actor.userId, status: q.status, category: q.category, cursor: decodeCursor(q.cursor), limit: q.limit + 1 })
  const page = rows.slice(0, q.limit)
  const last = page[page.length - 1]
  const now = deps.clock.now()
  return {
    items: page.map((t) => toTopic(t, actor.userId, deps.storage, now)),
    nextCursor: rows.length > q.limit && last ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url') : null,
  }
}
