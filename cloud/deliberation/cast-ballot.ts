import { createHash, randomBytes } from 'node:crypto'
import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { maskName } from '../platform/privacy'
import { inTransaction } from '../platform/tx'
import type { TCastBallot } from '../../types/deliberation'
import { electorOf, type VoteRow } from './repository/votes'
import { choicesByReceipt, insertParticipation, insertSecretChoices, participationOf, replaceOpenChoices, replaceSecretChoices } from './repository/ballots'
import { checkChoices, voteStatus } from './vote-rules'
import { shapeOf, visibleVote } from './get-vote'

export const hashReceipt = (receipt: string) => createHash('sha256').update(receipt).digest('hex')
/** What the voter keeps: 16 random bytes, nothing derived from who they are. */
const newReceipt = () => randomBytes(16).toString('base64url')

export interface BallotAnswer {
  receipt: string
  /** true when an earlier ballot of this voter was replaced */
  replaced: boolean
}

/**
 * One ballot per elector, in one transaction: the participation row (who, which channel) under the
 * (vote, elector) primary key, and the choices — with the voter for an open vote, in vote_choices
 * with only a receipt's hash for a secret one. A second device, a second household member, or a
 * paper ballot already entered finds the key taken and changes nothing.
 */
export async function recordBallot(
  deps: AppDeps,
  v: VoteRow,
  voter: { userId: string; electorKey: string; floorArea: string | null },
  choices: number[],
  paper: { staffId: string } | null,
): Promise<{ receipt: string } | null> {
  const receipt = newReceipt()
  const now = deps.clock.now()
  return inTransaction(deps.db.kysely, async (tx) => {
    const inserted = await insertParticipation(tx, {
      voteId: v.id,
      electorKey: voter.electorKey,
      voterId: voter.userId,
      channel: paper ? 'paper' : 'online',
      enteredBy: paper?.staffId ?? null,
      choices: v.secret ? null : choices,
      receiptHash: v.secret ? null : hashReceipt(receipt),
      now,
    })
    if (!inserted) return null
    if (v.secret) await insertSecretChoices(tx, { voteId: v.id, receiptHash: hashReceipt(receipt), choices, floorArea: voter.floorArea })
    return { receipt }
  })
}

/** Why a ballot was refused when the elector has already voted: who (masked) and how. */
export async function alreadyVoted(deps: AppDeps, voteId: string, electorKey: string, userId: string): Promise<never> {
  const p = await participationOf(deps.db.kysely, voteId, electorKey)
  if (p && p.voter_id !== userId) throw new AppError('HOUSEHOLD_ALREADY_VOTED', { votedBy: maskName(p.voter_name), channel: p.channel })
  throw new AppError('ALREADY_VOTED', { channel: p?.channel ?? null })
}

/** 投票 online (POST /votes/{id}/ballots). A changeable vote takes a new ballot: an open one from its voter, a secret one with its receipt. */
export async function castBallot(deps: AppDeps, actor: Actor, id: string, input: TCastBallot): Promise<BallotAnswer> {
  const v = await visibleVote(deps, actor, id)
  if (voteStatus(v, deps.clock.now()) !== 'open') throw new AppError('VOTE_NOT_OPEN')
  const elector = await electorOf(deps.db.kysely, v.id, actor.userId)
  if (!elector) throw new AppError('NOT_ELECTOR')
  const choices = checkChoices(shapeOf(v), input.choices)
  if (input.receipt) return changeBallot(deps, actor, v, elector.elector_key, choices, input.receipt)
  const cast = await recordBallot(deps, v, { userId: actor.userId, electorKey: elector.elector_key, floorArea: elector.floor_area }, choices, null)
  if (cast) return { receipt: cast.receipt, replaced: false }
  const p = await participationOf(deps.db.kysely, v.id, elector.elector_key)
  // an open vote's own online ballot is changed in place (no receipt needed: the choices are the voter's)
  if (p && p.voter_id === actor.userId && p.channel === 'online' && !v.secret && v.changeable) {
    return changeBallot(deps, actor, v, elector.elector_key, choices, null)
  }
  return alreadyVoted(deps, v.id, elector.elector_key, actor.userId)
}

async function changeBallot(deps: AppDeps, actor: Actor, v: VoteRow, electorKey: string, choices: number[], receipt: string | null): Promise<BallotAnswer> {
  if (!v.changeable) throw new AppError('BALLOT_NOT_CHANGEABLE')
  const p = await participationOf(deps.db.kysely, v.id, electorKey)
  if (!p || p.voter_id !== actor.userId || p.channel !== 'online') return p ? alreadyVoted(deps, v.id, electorKey, actor.userId) : Promise.reject(new AppError('RECEIPT_INVALID'))
  const now = deps.clock.now()
  // a secret ballot keeps its receipt (the voter has it); an open one gets a new receipt for its new choices
  const kept = v.secret ? (receipt ?? '') : newReceipt()
  const changed = await inTransaction(deps.db.kysely, (tx) =>
    v.secret ? replaceSecretChoices(tx, v.id, hashReceipt(kept), choices) : replaceOpenChoices(tx, v.id, electorKey, actor.userId, choices, hashReceipt(kept), now),
  )
  if (!changed) throw new AppError('RECEIPT_INVALID')
  return { receipt: kept, replaced: true }
}

/** 回执: a voter checks that the ballot with this receipt is in the count, and what it says. */
export async function checkReceipt(deps: AppDeps, actor: Actor, id: string, receipt: string): Promise<{ counted: boolean; choices: number[] | null }> {
  const v = await visibleVote(deps, actor, id)
  const choices = await choicesByReceipt(deps.db.kysely, v.id, hashReceipt(receipt))
  return { counted: choices !== null, choices }
}
