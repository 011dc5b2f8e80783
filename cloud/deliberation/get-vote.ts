import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { maskName } from '../platform/privacy'
import { inTransaction } from '../platform/tx'
import { ELECTORATE_LABELS, VOTE_STATUS_LABELS, type TVote } from '../../types/deliberation'
import { canSee, unitInReach } from './deliberation.policy'
import { electorOf, findVote, fixElectorate, listVotes as listVoteRows, type VoteRow } from './repository/votes'
import { participationOf } from './repository/ballots'
import { ruleText, voteStatus, type VoteShape } from './vote-rules'

export const voteLink = (id: string) => `/packages/deliberation/vote/index?id=${id}`

export function shapeOf(v: VoteRow): VoteShape {
  return { kind: v.kind, options: v.options, budget: v.budget === null ? null : Number(v.budget), maxChoices: v.max_choices }
}

/** The vote as residents and staff see it, with the pass rule in words (shown before voting). */
export function toVote(v: VoteRow, now: Date, me: TVote['me']): TVote {
  const status = voteStatus(v, now)
  return {
    id: v.id,
    orgUnitId: v.org_unit_id,
    orgUnitName: v.org_unit_name,
    topicId: v.topic_id,
    title: v.title,
    description: v.description,
    kind: v.kind,
    options: v.options.map((o) => ({ label: o.label, cost: o.cost ?? null })),
    budget: v.budget === null ? null : Number(v.budget),
    maxChoices: v.max_choices,
    electorate: v.electorate,
    electorateLabel: ELECTORATE_LABELS[v.electorate],
    secret: v.secret,
    changeable: v.changeable,
    rule: v.rule,
    quorumPercent: v.quorum_percent,
    ruleText: ruleText(v.rule, v.quorum_percent, v.kind),
    opensAt: v.opens_at.toISOString(),
    closesAt: v.closes_at.toISOString(),
    status,
    statusLabel: VOTE_STATUS_LABELS[status],
    publishedAt: v.published_at?.toISOString() ?? null,
    me,
  }
}

/** Once the vote has opened, its electorate is fixed (at most once; later callers find it done). */
export async function ensureElectorate(deps: AppDeps, v: VoteRow): Promise<void> {
  if (v.electorate_fixed_at || deps.clock.now().getTime() < v.opens_at.getTime()) return
  await inTransaction(deps.db.kysely, (tx) => fixElectorate(tx, v), { retries: 3 })
}

/** A vote the caller may see (their community, or staff scope); otherwise it does not exist. */
export async function visibleVote(deps: AppDeps, actor: Actor, id: string): Promise<VoteRow> {
  const v = await findVote(deps.db.kysely, id)
  if (!v || !canSee(actor, v.community_path)) throw new AppError('VOTE_NOT_FOUND')
  await ensureElectorate(deps, v)
  return v
}

async function myPosition(deps: AppDeps, actor: Actor, v: VoteRow): Promise<TVote['me']> {
  if (deps.clock.now().getTime() < v.opens_at.getTime()) return { eligible: false, voted: false, channel: null, choices: null, votedByOther: null }
  const elector = await electorOf(deps.db.kysely, v.id, actor.userId)
  if (!elector) return { eligible: false, voted: false, channel: null, choices: null, votedByOther: null }
  const p = await participationOf(deps.db.kysely, v.id, elector.elector_key)
  if (!p) return { eligible: true, voted: false, channel: null, choices: null, votedByOther: null }
  const mine = p.voter_id === actor.userId
  return { eligible: true, voted: true, channel: p.channel, choices: mine ? p.choices : null, votedByOther: mine ? null : maskName(p.voter_name) }
}

export async function getVote(deps: AppDeps, actor: Actor, id: string): Promise<TVote> {
  const v = await visibleVote(deps, actor, id)
  return toVote(v, deps.clock.now(), await myPosition(deps, actor, v))
}

/** Votes of the caller's community (or a unit in reach), the latest first. */
export async function listVotes(deps: AppDeps, actor: Actor, q: { orgUnitId?: string; limit: number }): Promise<{ items: TVote[]; nextCursor: string | null }> {
  const unit = await unitInReach(deps.db.kysely, actor, q.orgUnitId)
  // a resident's list shows the whole community's votes; staff see those under the unit they chose
  const rows = await listVoteRows(deps.db.kysely, unit.kind === 'grid' ? unit.communityPath! : unit.path, q.limit)
  const items: TVote[] = []
  for (const v of rows) {
    await ensureElectorate(deps, v)
    items.push(toVote(v, deps.clock.now(), await myPosition(deps, actor, v)))
  }
  return { items, nextCursor: null }
}

/** Whether a vote is secret (routes pick the ballot's idempotency handling by it); unknown: false. */
export async function isSecretVote(deps: AppDeps, id: string): Promise<boolean> {
  const v = await findVote(deps.db.kysely, id)
  return Boolean(v?.secret)
}
