import type { AppDeps } from '../platform/context'
import type { THomeVisitor } from '../../types/checkups'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { CHECKUP_STAFF_ROLES, HOME_VISITOR_ROLES } from './checkups.policy'
import { findCampaign } from './repository/campaigns'
import { staffServing } from './repository/home-visits'

/** Who can be sent on a 上门体检 for this campaign's community. Staff in scope only; elsewhere the campaign "does not exist". */
export async function listHomeVisitors(deps: AppDeps, actor: Actor, campaignId: string): Promise<{ items: THomeVisitor[] }> {
  const campaign = await findCampaign(deps.db.kysely, campaignId)
  requireScope(actor, CHECKUP_STAFF_ROLES, campaign?.community_path ?? null, 'CAMPAIGN_NOT_FOUND')
  if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND')
  return { items: await staffServing(deps.db.kysely, campaign.community_path, HOME_VISITOR_ROLES) }
}
