import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TAdjustment } from '../../types/points'
import { listAdjustments } from './repository/reports'
import { staffCommunity } from './points.policy'

/** The adjust journal of a community: every manual correction, who made it and why (newest first). */
export async function listPointsAdjustments(
  deps: AppDeps,
  actor: Actor,
  input: { communityId?: string; cursor?: string; limit: number },
): Promise<{ items: TAdjustment[]; nextCursor: string | null }> {
  const community = await staffCommunity(deps.db.kysely, actor, input.communityId)
  const rows = await listAdjustments(deps.db.kysely, community.id, input.limit, input.cursor)
  const page = rows.slice(0, input.limit)
  return {
    items: page.map((r) => ({
      journalId: r.journal_id,
      userId: r.user_id,
      userName: r.user_name,
      points: r.points,
      reason: r.reason,
      actorName: r.actor_name,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1].journal_id : null,
  }
}
