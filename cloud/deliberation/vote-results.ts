import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import { hasScope } from '../org'
import type { TVoteResults } from '../../types/deliberation'
import { DELIBERATION_STAFF, requireDeliberationStaff } from './deliberation.policy'
import { electorUserIds, markPublished, setClosesAt, type VoteRow } from './repository/votes'
import { tally } from './repository/ballots'
import { outcomeOf, pct, voteStatus } from './vote-rules'
import { getVote, shapeOf, visibleVote, voteLink } from './get-vote'
import { notifyMany } from './repository/notices'

/** The results recounted from the ballots (never from a stored counter). */
export async function countVote(deps: AppDeps, v: VoteRow): Promise<TVoteResults> {
  const t = await tally(deps.db.kysely, v.id, shapeOf(v).options)
  return {
    voteId: v.id,
    eligible: t.eligible,
    ballots: t.ballots,
    paper: t.paper,
    online: t.online,
    turnout: pct(t.ballots, t.eligible),
    options: t.options,
    eligibleArea: v.electorate === 'residents' ? null : t.eligibleArea,
    ballotArea: v.electorate === 'residents' ? null : t.ballotArea,
    outcome: outcomeOf(v.rule, v.quorum_percent, shapeOf(v), t),
    status: voteStatus(v, deps.clock.now()),
    publishedAt: v.published_at?.toISOString() ?? null,
  }
}

/** Staff of the vote's scope see the count at any time; residents once it is published (公示). */
export async function getResults(deps: AppDeps, actor: Actor, id: string): Promise<TVoteResults> {
  const v = await visibleVote(deps, actor, id)
  if (!v.published_at && !hasScope(actor, DELIBERATION_STAFF, v.org_path)) throw new AppError('RESULTS_NOT_PUBLISHED')
  return countVote(deps, v)
}

/** 提前截止: staff close an open vote now. */
export async function closeVote(deps: AppDeps, actor: Actor, id: string) {
  const v = await visibleVote(deps, actor, id)
  requireDeliberationStaff(actor, v.org_path, 'VOTE_NOT_FOUND')
  const now = deps.clock.now()
  if (voteStatus(v, now) !== 'open') throw new AppError('VOTE_NOT_OPEN')
  await inTransaction(deps.db.kysely, (tx) => setClosesAt(tx, v.id, now))
  return getVote(deps, actor, id)
}

/** 公示: after the close, the figures are published (kept as announced) and every elector is told. */
export async function publishResults(deps: AppDeps, actor: Actor, id: string): Promise<TVoteResults> {
  const v = await visibleVote(deps, actor, id)
  requireDeliberationStaff(actor, v.org_path, 'VOTE_NOT_FOUND')
  const now = deps.clock.now()
  if (voteStatus(v, now) !== 'closed') throw new AppError('INVALID_STATE', { status: voteStatus(v, now) })
  const results = await countVote(deps, v)
  const published = { ...results, status: 'published' as const, publishedAt: now.toISOString() }
  await inTransaction(deps.db.kysely, async (tx) => {
    if (!(await markPublished(tx, v.id, now, published))) throw new AppError('INVALID_STATE')
    await notifyMany(tx, now, await electorUserIds(tx, v.id), {
      kind: 'vote.published',
      title: '表决结果已公示',
      body: `「${v.title}」共 ${results.ballots} 票（纸质 ${results.paper}），${results.outcome.text}`,
      link: voteLink(v.id),
    })
  })
  return published
}
