import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import { recordActingFor } from '../platform/notices'
import type { TElector, TPaperBallot } from '../../types/deliberation'
import { requireDeliberationStaff } from './deliberation.policy'
import { electorOf, searchElectors } from './repository/votes'
import { checkChoices, voteStatus } from './vote-rules'
import { shapeOf, visibleVote, voteLink } from './get-vote'
import { alreadyVoted, recordBallot, type BallotAnswer } from './cast-ballot'

/**
 * 纸质选票: staff enter a ballot collected door to door or at the counter, after checking the
 * voter's ID. It is counted like any ballot and excludes an online one for the same elector (and
 * the reverse) through the same primary key. Who entered it for whom is recorded and the voter is
 * told (the choices of a secret vote are not in the record).
 */
export async function enterPaperBallot(deps: AppDeps, actor: Actor, id: string, input: TPaperBallot): Promise<BallotAnswer> {
  const v = await visibleVote(deps, actor, id)
  requireDeliberationStaff(actor, v.org_path, 'VOTE_NOT_FOUND')
  if (voteStatus(v, deps.clock.now()) !== 'open') throw new AppError('VOTE_NOT_OPEN')
  const elector = await electorOf(deps.db.kysely, v.id, input.voterId)
  if (!elector) throw new AppError('NOT_ELECTOR')
  const choices = checkChoices(shapeOf(v), input.choices)
  const cast = await recordBallot(deps, v, { userId: input.voterId, electorKey: elector.elector_key, floorArea: elector.floor_area }, choices, { staffId: actor.userId })
  if (!cast) return alreadyVoted(deps, v.id, elector.elector_key, input.voterId)
  const now = deps.clock.now()
  await inTransaction(deps.db.kysely, (tx) =>
    recordActingFor(tx, now, {
      actorId: actor.userId,
      subjectId: input.voterId,
      action: 'vote.paper_ballot',
      details: { voteId: v.id, idChecked: true, ...(v.secret ? {} : { choices }) },
      notice: { kind: 'vote.paper_ballot', title: '您的纸质选票已录入', body: `「${v.title}」：工作人员已核对身份并录入您的纸质选票`, link: voteLink(v.id) },
    }),
  )
  return { receipt: cast.receipt, replaced: false }
}

/** Find a voter on the electorate for paper entry (by name, phone, ID tail or house). */
export async function listElectors(deps: AppDeps, actor: Actor, id: string, q: string): Promise<{ items: TElector[] }> {
  const v = await visibleVote(deps, actor, id)
  requireDeliberationStaff(actor, v.org_path, 'VOTE_NOT_FOUND')
  const rows = await searchElectors(deps.db.kysely, v.id, q)
  return { items: rows.map((r) => ({ userId: r.user_id, name: r.name, idNumberMasked: r.id_number_masked, house: r.house, voted: r.channel })) }
}
