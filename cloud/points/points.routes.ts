import { Hono } from 'hono'
import type { AppEnv } from '../platform/http'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { idempotent } from '../platform/idempotency'
import { requireAuth } from '../platform/session'
import { ZCursorQuerySchema } from '../../types/common'
import {
  ZAdjustPointsRequestSchema,
  ZApplyPointsRequestSchema,
  ZEventCheckInRequestSchema,
  ZCommunityQuerySchema,
  ZCreateEventRequestSchema,
  ZEarningQueueQuerySchema,
  ZFindRedemptionQuerySchema,
  ZLedgerReportQuerySchema,
  ZResidentSearchQuerySchema,
  ZLeaderboardQuerySchema,
  ZPointsHistoryQuerySchema,
  ZRedeemAtCounterRequestSchema,
  ZRedeemGoodsRequestSchema,
  ZRejectEarningRequestSchema,
  ZReverseJournalRequestSchema,
  ZSaveGoodsRequestSchema,
  ZSaveRuleRequestSchema,
} from '../../types/points'
import { getMyPoints, listPointsHistory } from './get-my-points'
import { listActiveRules, listMyRedemptions, listShopGoods, listStaffCatalogue } from './list-shop'
import { getLeaderboard } from './get-leaderboard'
import { redeemGoods } from './redeem-goods'
import { cancelRedemption } from './cancel-redemption'
import { redeemAtCounter } from './redeem-at-counter'
import { checkInEvent } from './check-in-event'
import { applyPoints } from './apply-points'
import { createRule, updatePointsRule } from './save-rule'
import { createGoods, updatePointsGoods } from './save-goods'
import { createEventCode } from './create-event-code'
import { listEarningQueue } from './list-earnings'
import { approveEarning } from './approve-earning'
import { rejectEarning } from './reject-earning'
import { adjustPoints } from './adjust-points'
import { reverseJournal } from './reverse-journal'
import { findRedemptionByCode } from './find-redemption'
import { reconcilePoints } from './reconcile-points'
import { getRedemption } from './get-redemption'
import { searchPointsResidents } from './search-residents'
import { listPointsAdjustments } from './list-adjustments'
import { getLedgerReport } from './get-ledger-report'
import { exportLedger } from './export-ledger'
import { sendXlsx } from '../platform/xlsx'

export const pointsRoutes = new Hono<AppEnv>()
  // resident
  .get('/me/points', requireAuth, async (c) => c.json(await getMyPoints(c.var.deps, c.var.actor)))
  .get('/me/points/history', requireAuth, async (c) => c.json(await listPointsHistory(c.var.deps, c.var.actor, parseQuery(c, ZPointsHistoryQuerySchema))))
  .get('/me/points/redemptions', requireAuth, async (c) => c.json(await listMyRedemptions(c.var.deps, c.var.actor, parseQuery(c, ZCursorQuerySchema))))
  .get('/points/rules', requireAuth, async (c) => c.json(await listActiveRules(c.var.deps, c.var.actor)))
  .get('/points/goods', requireAuth, async (c) => c.json(await listShopGoods(c.var.deps, c.var.actor)))
  .get('/points/leaderboard', requireAuth, async (c) => c.json(await getLeaderboard(c.var.deps, c.var.actor, parseQuery(c, ZLeaderboardQuerySchema))))
  .post('/points/redemptions', requireAuth, async (c) => {
    const input = await parseBody(c, ZRedeemGoodsRequestSchema)
    return idempotent(c, async () => ({ status: 201, body: await redeemGoods(c.var.deps, c.var.actor, input) }))
  })
  .get('/points/redemptions/:id', requireAuth, async (c) => c.json(await getRedemption(c.var.deps, c.var.actor, parseId(c, 'id', 'REDEMPTION_NOT_FOUND'))))
  .post('/points/redemptions/:id/cancel', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'REDEMPTION_NOT_FOUND')
    return idempotent(c, async () => ({ status: 200, body: await cancelRedemption(c.var.deps, c.var.actor, id) }))
  })
  .post('/points/check-ins', requireAuth, async (c) => {
    const input = await parseBody(c, ZEventCheckInRequestSchema)
    return idempotent(c, async () => ({ status: 201, body: await checkInEvent(c.var.deps, c.var.actor, input) }))
  })
  .post('/points/applications', requireAuth, async (c) => {
    const input = await parseBody(c, ZApplyPointsRequestSchema)
    return idempotent(c, async () => ({ status: 201, body: await applyPoints(c.var.deps, c.var.actor, input) }))
  })
  // staff: 核销 at the counter
  .post('/points/redemptions/:id/redeem', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'REDEMPTION_NOT_FOUND')
    const input = await parseBody(c, ZRedeemAtCounterRequestSchema)
    return idempotent(c, async () => ({ status: 200, body: await redeemAtCounter(c.var.deps, c.var.actor, id, input) }))
  })
  .get('/staff/points/redemptions', requireAuth, async (c) => c.json(await findRedemptionByCode(c.var.deps, c.var.actor, parseQuery(c, ZFindRedemptionQuerySchema))))
  .get('/staff/points/catalogue', requireAuth, async (c) => c.json(await listStaffCatalogue(c.var.deps, c.var.actor, parseQuery(c, ZCommunityQuerySchema))))
  .post('/staff/points/rules', requireAuth, async (c) => c.json(await createRule(c.var.deps, c.var.actor, await parseBody(c, ZSaveRuleRequestSchema)), 201))
  .put('/staff/points/rules/:id', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'POINTS_RULE_NOT_FOUND')
    return c.json(await updatePointsRule(c.var.deps, c.var.actor, id, await parseBody(c, ZSaveRuleRequestSchema)))
  })
  .post('/staff/points/goods', requireAuth, async (c) => c.json(await createGoods(c.var.deps, c.var.actor, await parseBody(c, ZSaveGoodsRequestSchema)), 201))
  .put('/staff/points/goods/:id', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'GOODS_NOT_FOUND')
    return c.json(await updatePointsGoods(c.var.deps, c.var.actor, id, await parseBody(c, ZSaveGoodsRequestSchema)))
  })
  .post('/staff/points/events', requireAuth, async (c) => c.json(await createEventCode(c.var.deps, c.var.actor, await parseBody(c, ZCreateEventRequestSchema)), 201))
  .get('/staff/points/earnings', requireAuth, async (c) => c.json(await listEarningQueue(c.var.deps, c.var.actor, parseQuery(c, ZEarningQueueQuerySchema.extend(ZCommunityQuerySchema.shape)))))
  .post('/staff/points/earnings/:id/approve', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'EARNING_NOT_FOUND')
    return idempotent(c, async () => ({ status: 200, body: await approveEarning(c.var.deps, c.var.actor, id) }))
  })
  .post('/staff/points/earnings/:id/reject', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'EARNING_NOT_FOUND')
    const input = await parseBody(c, ZRejectEarningRequestSchema)
    return c.json(await rejectEarning(c.var.deps, c.var.actor, id, input))
  })
  .post('/staff/points/adjustments', requireAuth, async (c) => {
    const input = await parseBody(c, ZAdjustPointsRequestSchema)
    return idempotent(c, async () => ({ status: 201, body: await adjustPoints(c.var.deps, c.var.actor, input) }))
  })
  .post('/staff/points/journals/:id/reverse', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'JOURNAL_NOT_FOUND')
    const input = await parseBody(c, ZReverseJournalRequestSchema)
    return idempotent(c, async () => ({ status: 201, body: await reverseJournal(c.var.deps, c.var.actor, id, input) }))
  })
  .get('/staff/points/reconciliation', requireAuth, async (c) => c.json(await reconcilePoints(c.var.deps, c.var.actor, parseQuery(c, ZCommunityQuerySchema))))
  .get('/staff/points/residents', requireAuth, async (c) => c.json(await searchPointsResidents(c.var.deps, c.var.actor, parseQuery(c, ZResidentSearchQuerySchema))))
  .get('/staff/points/adjustments', requireAuth, async (c) => c.json(await listPointsAdjustments(c.var.deps, c.var.actor, parseQuery(c, ZCursorQuerySchema.extend(ZCommunityQuerySchema.shape)))))
  .get('/staff/points/ledger', requireAuth, async (c) => c.json(await getLedgerReport(c.var.deps, c.var.actor, parseQuery(c, ZLedgerReportQuerySchema))))
  .get('/staff/points/ledger.xlsx', requireAuth, async (c) => {
    return sendXlsx(c, await exportLedger(c.var.deps, c.var.actor, parseQuery(c, ZLedgerReportQuerySchema)), 'points-ledger.xlsx')
  })
