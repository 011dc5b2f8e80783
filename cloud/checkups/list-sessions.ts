import type { AppDeps } from '../platform/context'
import type { TSession } from '../../types/checkups'
import { hasScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { shanghaiTime, businessDate } from '../platform/clock'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { findCampaignFor } from './repository/campaigns'
import { availability } from './repository/sessions'
import { fastingFrom } from './checkups.time'

/** Sessions of a campaign still ahead (staff: from the start of today), with the places a resident can still take. */
export async function listCheckupSessions(deps: AppDeps, actor: Actor, campaignId: string): Promise<{ items: TSession[] }> {
  const db = deps.db.kysely
  const campaign = await findCampaignFor(db, campaignId, actor.userId)
  if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND')
  const staff = hasScope(actor, CHECKUP_STAFF_ROLES, campaign.community_path)
  if (!staff && !campaign.may_book) throw new AppError('CAMPAIGN_NOT_FOUND')
  const now = deps.clock.now()
  // residents see what can still be booked; staff also see today's sessions that have begun
  const items = await availability(db, campaign.id, staff ? shanghaiTime(businessDate(now)) : now, campaign.held_back, now)
  if (staff) return { items }
  // online booking of a fasting session closes when the fasting starts (requireOpenSession): after
  // 22:00 tomorrow morning's sessions are no longer offered (only the counter can still book them)
  return {
    items: items.filter((s) => {
      const from = fastingFrom(new Date(s.startsAt), campaign.fasting)
      return !from || now < from
    }),
  }
}
