import type { AppDeps } from '../platform/context'
import type { TCampaign, TCreateCampaignRequest } from '../../types/checkups'
import { requireScope, type Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { toCampaign } from './checkups.mappers'
import { campaignDefaults, findCampaign, insertCampaign } from './repository/campaigns'
import { findCommunity } from './repository/elders'

/** A community's checkup campaign for a year (one per community and year). */
export async function createCampaign(deps: AppDeps, actor: Actor, input: TCreateCampaignRequest): Promise<TCampaign> {
  const db = deps.db.kysely
  const community = await findCommunity(db, input.communityId)
  requireScope(actor, CHECKUP_STAFF_ROLES, community?.path ?? null, 'ORG_UNIT_NOT_FOUND')
  if (!community) throw new AppError('ORG_UNIT_NOT_FOUND')
  const id = newId()
  // what the form leaves out comes from the street's settings, read now: a later change of the
  // setting never alters a campaign already created
  const streetId = community.path.split('/')[1]
  const defaults = await campaignDefaults(db, streetId)
  try {
    await insertCampaign(db, {
      id,
      communityId: community.id,
      year: input.year,
      title: input.title,
      minAge: input.minAge ?? defaults?.checkup_min_age ?? 65,
      ageOn: input.ageOn ?? `${input.year}-12-31`,
      bring: input.bring,
      fasting: input.fasting,
      releaseAt: new Date(input.releaseAt),
      cancelCutoff: input.cancelCutoff ?? defaults?.checkup_cancel_cutoff ?? '18:00',
      heldBack: input.heldBack,
      offerMinutes: input.offerMinutes,
      createdBy: actor.userId,
      now: deps.clock.now(),
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CAMPAIGN_EXISTS', { communityId: community.id, year: input.year })
    throw error
  }
  return toCampaign((await findCampaign(db, id))!, 0)
}
