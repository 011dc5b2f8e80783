import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Kdb } from '../db/db'
import type { Actor } from '../org'
import type { JobContext } from '../platform/jobs'
import { notify } from '../platform/notices'
import type { TReconciliation } from '../../types/points'
import { staffOfCommunity } from './repository/accounts'
import { communitiesWithAccounts, reconcileCommunity, recordReconciliation } from './repository/ledger'
import { staffCommunity } from './points.policy'

/** Proves for a community that every journal sums to zero and every balance equals its entries (and its lots). */
export async function checkCommunity(db: Kdb, communityId: string): Promise<TReconciliation> {
  // one snapshot: postings running meanwhile are either wholly in it or wholly out
  const r = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((tx) => reconcileCommunity(tx, communityId))
  return { communityId, ok: r.unbalancedJournals.length === 0 && r.driftedAccounts.length === 0, ...r }
}

/** Staff run it on demand (read only). */
export async function reconcilePoints(deps: AppDeps, actor: Actor, input: { communityId?: string }): Promise<TReconciliation> {
  const community = await staffCommunity(deps.db.kysely, actor, input.communityId)
  return checkCommunity(deps.db.kysely, community.id)
}

/** Job 'points.reconcile' (nightly): records the result for every community and alerts staff on drift. */
export async function reconcileAllPoints({ db, now }: JobContext): Promise<void> {
  for (const communityId of await communitiesWithAccounts(db)) {
    const result = await checkCommunity(db, communityId)
    await inTransaction(db, async (tx) => {
      await recordReconciliation(tx, communityId, result.ok, { ...result }, now)
      if (!result.ok) {
        for (const userId of await staffOfCommunity(tx, communityId)) {
          await notify(tx, now, {
            userId,
            kind: 'points.drift',
            title: '积分对账发现差异',
            body: `夜间对账发现 ${result.unbalancedJournals.length} 笔不平的记录、${result.driftedAccounts.length} 个余额不符的账户，请联系技术人员核查。`,
          })
        }
      }
    })
  }
}
