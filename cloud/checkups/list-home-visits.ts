import type { AppDeps } from '../platform/context'
import type { THomeVisit } from '../../types/checkups'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { toHomeVisit } from './checkups.mappers'
import { findCampaign } from './repository/campaigns'
import { listHomeVisitsOfCampaign } from './repository/home-visits'

/** 上门体检 to arrange: requests waiting for a visitor and time, then the scheduled ones. Staff in scope only. */
export async function listHomeVisits(deps: AppDeps, actor: Actor, campaignId: string): Promise<{ items: THomeVisit[] }> {
  const campaign = await findCampaign(deps.db.kysely, campaignId)
  requireScope(actor, CHECKUP_STAFF_ROLES, campaign?.community_path ?? null, 'CAMPAIGN_NOT_FOUND')
  if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND')
  return { items: (await listHomeVisitsOfCampaign(deps.db.kysely, campaign.id)).map(toHomeVisit) }
}
