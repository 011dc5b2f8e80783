import type { AppDeps } from '../platform/context'
import type { TRosterEntry, TWaitlistEntry } from '../../types/checkups'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { addMinutes, businessDate, shanghaiTime } from '../platform/clock'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { roster } from './repository/roster'
import { findCampaign } from './repository/campaigns'
import { listWaitlistOfCampaign } from './repository/waitlist'

async function campaignInScope(deps: AppDeps, actor: Actor, campaignId: string) {
  const campaign = await findCampaign(deps.db.kysely, campaignId)
  requireScope(actor, CHECKUP_STAFF_ROLES, campaign?.community_path ?? null, 'CAMPAIGN_NOT_FOUND')
  if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND')
  return campaign
}

/** A day's roster (default today) for check-in. */
export async function getRoster(deps: AppDeps, actor: Actor, campaignId: string, date?: string): Promise<{ date: string; items: TRosterEntry[] }> {
  const campaign = await campaignInScope(deps, actor, campaignId)
  const now = deps.clock.now()
  const day = date ?? businessDate(now)
  const from = shanghaiTime(day)
  return { date: day, items: await roster(deps.db.kysely, { campaignId: campaign.id, from, to: addMinutes(from, 24 * 60) }, now) }
}

/** No-show call list: elders who did not come, with family to call. */
export async function getNoShows(deps: AppDeps, actor: Actor, campaignId: string): Promise<{ items: TRosterEntry[] }> {
  const campaign = await campaignInScope(deps, actor, campaignId)
  return { items: await roster(deps.db.kysely, { campaignId: campaign.id, statuses: ['no_show'] }, deps.clock.now()) }
}

/** The whole roster for the attendance export. */
export async function getFullRoster(deps: AppDeps, actor: Actor, campaignId: string): Promise<{ title: string; items: TRosterEntry[] }> {
  const campaign = await campaignInScope(deps, actor, campaignId)
  return { title: `${campaign.community_name}${campaign.title}`, items: await roster(deps.db.kysely, { campaignId: campaign.id }, deps.clock.now()) }
}

export async function getCampaignWaitlist(deps: AppDeps, actor: Actor, campaignId: string): Promise<{ items: TWaitlistEntry[] }> {
  const campaign = await campaignInScope(deps, actor, campaignId)
  return { items: await listWaitlistOfCampaign(deps.db.kysely, campaign.id) }
}
