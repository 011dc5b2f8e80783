import { Hono } from 'hono'
import type { AppEnv } from '../platform/context'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { idempotent } from '../platform/idempotency'
import { requireAuth } from '../platform/session'
import {
  ZAddMilestoneSchema,
  ZAnswerTopicSchema,
  ZCastBallotSchema,
  ZCheckInSchema,
  ZCreateActionSchema,
  ZCreateMeetingSchema,
  ZCreateTopicSchema,
  ZCreateVoteSchema,
  ZElectorQuerySchema,
  ZMinutesSchema,
  ZPaperBallotSchema,
  ZReceiptCheckSchema,
  ZTopicListQuerySchema,
  ZVoteListQuerySchema,
} from '../../types/deliberation'
import { createTopic } from './create-topic'
import { followTopic, supportTopic } from './support-topic'
import { listTopics } from './list-topics'
import { getTopic } from './get-topic'
import { answerTopic } from './answer-topic'
import { createVote } from './create-vote'
import { getVote, isSecretVote, listVotes } from './get-vote'
import { castBallot, checkReceipt } from './cast-ballot'
import { secretBallotOnce } from './secret-ballot-key'
import { enterPaperBallot, listElectors } from './enter-paper-ballot'
import { closeVote, getResults, publishResults } from './vote-results'
import { checkInMeeting, getMeeting, listCommunityMeetings, meetingCode, recordMinutes, scheduleMeeting } from './meetings'
import { addActionItem, addMilestone } from './track-actions'

/** 议事协商: topics, answers, meetings, votes and ballots, results, 落实. */
export const deliberationRoutes = new Hono<AppEnv>()
  // 议题
  .post('/topics', requireAuth, async (c) => c.json(await createTopic(c.var.deps, c.var.actor, await parseBody(c, ZCreateTopicSchema)), 201))
  .get('/topics', requireAuth, async (c) => c.json(await listTopics(c.var.deps, c.var.actor, parseQuery(c, ZTopicListQuerySchema))))
  .get('/topics/:id', requireAuth, async (c) => c.json(await getTopic(c.var.deps, c.var.actor, parseId(c, 'id', 'TOPIC_NOT_FOUND'))))
  .post('/topics/:id/support', requireAuth, async (c) => c.json(await supportTopic(c.var.deps, c.var.actor, parseId(c, 'id', 'TOPIC_NOT_FOUND'))))
  .post('/topics/:id/follow', requireAuth, async (c) => c.json(await followTopic(c.var.deps, c.var.actor, parseId(c, 'id', 'TOPIC_NOT_FOUND'), true)))
  .delete('/topics/:id/follow', requireAuth, async (c) => c.json(await followTopic(c.var.deps, c.var.actor, parseId(c, 'id', 'TOPIC_NOT_FOUND'), false)))
  .post('/staff/topics/:id/answer', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'TOPIC_NOT_FOUND')
    return c.json(await answerTopic(c.var.deps, c.var.actor, id, await parseBody(c, ZAnswerTopicSchema)))
  })
  .post('/staff/topics/:id/actions', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'TOPIC_NOT_FOUND')
    return c.json(await addActionItem(c.var.deps, c.var.actor, id, (await parseBody(c, ZCreateActionSchema)).title), 201)
  })
  .post('/staff/actions/:id/milestones', requireAuth, async (c) => {
    const id = parseId(c)
    return c.json(await addMilestone(c.var.deps, c.var.actor, id, await parseBody(c, ZAddMilestoneSchema)), 201)
  })
  // 议事会
  .get('/meetings', requireAuth, async (c) => c.json(await listCommunityMeetings(c.var.deps, c.var.actor, parseQuery(c, ZVoteListQuerySchema).orgUnitId)))
  .get('/meetings/:id', requireAuth, async (c) => c.json(await getMeeting(c.var.deps, c.var.actor, parseId(c))))
  .post('/meetings/checkin', requireAuth, async (c) => c.json(await checkInMeeting(c.var.deps, c.var.actor, (await parseBody(c, ZCheckInSchema)).code)))
  .post('/staff/meetings', requireAuth, async (c) => c.json(await scheduleMeeting(c.var.deps, c.var.actor, await parseBody(c, ZCreateMeetingSchema)), 201))
  .post('/staff/meetings/:id/code', requireAuth, async (c) => c.json(await meetingCode(c.var.deps, c.var.actor, parseId(c))))
  .post('/staff/meetings/:id/minutes', requireAuth, async (c) => {
    const id = parseId(c)
    return c.json(await recordMinutes(c.var.deps, c.var.actor, id, await parseBody(c, ZMinutesSchema)))
  })
  // 表决
  .get('/votes', requireAuth, async (c) => c.json(await listVotes(c.var.deps, c.var.actor, parseQuery(c, ZVoteListQuerySchema))))
  .get('/votes/:id', requireAuth, async (c) => c.json(await getVote(c.var.deps, c.var.actor, parseId(c, 'id', 'VOTE_NOT_FOUND'))))
  .post('/votes/:id/ballots', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'VOTE_NOT_FOUND')
    const body = await parseBody(c, ZCastBallotSchema)
    // a secret ballot's key keeps neither its choices nor its receipt (secret-ballot-key.ts)
    if (await isSecretVote(c.var.deps, id)) return secretBallotOnce(c, id, () => castBallot(c.var.deps, c.var.actor, id, body))
    return idempotent(c, async () => ({ status: 201, body: await castBallot(c.var.deps, c.var.actor, id, body) }))
  })
  .post('/votes/:id/receipt', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'VOTE_NOT_FOUND')
    return c.json(await checkReceipt(c.var.deps, c.var.actor, id, (await parseBody(c, ZReceiptCheckSchema)).receipt))
  })
  .get('/votes/:id/results', requireAuth, async (c) => c.json(await getResults(c.var.deps, c.var.actor, parseId(c, 'id', 'VOTE_NOT_FOUND'))))
  .post('/staff/votes', requireAuth, async (c) => c.json(await createVote(c.var.deps, c.var.actor, await parseBody(c, ZCreateVoteSchema)), 201))
  .get('/staff/votes/:id/electors', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'VOTE_NOT_FOUND')
    return c.json(await listElectors(c.var.deps, c.var.actor, id, parseQuery(c, ZElectorQuerySchema).q))
  })
  .post('/staff/votes/:id/paper-ballots', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'VOTE_NOT_FOUND')
    const body = await parseBody(c, ZPaperBallotSchema)
    return idempotent(c, async () => ({ status: 201, body: await enterPaperBallot(c.var.deps, c.var.actor, id, body) }))
  })
  .post('/staff/votes/:id/close', requireAuth, async (c) => c.json(await closeVote(c.var.deps, c.var.actor, parseId(c, 'id', 'VOTE_NOT_FOUND'))))
  .post('/staff/votes/:id/publish', requireAuth, async (c) => c.json(await publishResults(c.var.deps, c.var.actor, parseId(c, 'id', 'VOTE_NOT_FOUND'))))
