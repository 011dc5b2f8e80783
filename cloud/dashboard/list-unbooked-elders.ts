import type { AppDeps } from '../platform/context'
import { requireScope, type Actor } from '../org'
import type { TUnbookedElder, TUnbookedQuery } from '../../types/dashboard'
import { ageOn } from '../platform/clock'
import { maskPhone } from '../platform/privacy'
import { AppError } from '../platform/errors'
import { LIST_ROLES } from './dashboard.policy'
import { findCampaign, unbookedElders, type CampaignRow } from './repository/lists'

export async function campaignInScope(deps: AppDeps, actor: Actor, campaignId: string): Promise<CampaignRow> {
  const campaign = await findCampaign(deps.db.kysely, campaignId)
  if (!campaign) throw new AppError('NOT_FOUND')
  requireScope(actor, LIST_ROLES, campaign.community_path)
  return campaign
}

/**
 * 精准滴灌 call list: elders eligible for this year's checkup who have not booked, oldest first,
 * with family to call. Phone numbers are masked here; the full number is shown on tap (audited)
 * by the family/people pages, as everywhere else.
 */
export async function listUnbookedElders(deps: AppDeps, actor: Actor, query: TUnbookedQuery): Promise<{ items: TUnbookedElder[]; nextCursor: string | null }> {
  const campaign = await campaignInScope(deps, actor, query.campaignId)
  const rows = await unbookedElders(deps.db.kysely, campaign.id, { limit: query.limit + 1, cursor: query.cursor, outcome: query.outcome })
  const page = rows.slice(0, query.limit)
  const now = deps.clock.now()
  return {
    items: page.map((r) => ({
      elderId: r.elder_id,
      name: r.name,
      age: ageOn(r.birth_date, now),
      phoneMasked: maskPhone(r.phone),
      address: r.address,
      communityName: campaign.community_name,
      livesAlone: r.lives_alone,
      family: r.family.map((f) => ({ name: f.name, relation: f.relation, phoneMasked: maskPhone(f.phone) })),
      emergencyContact: r.emergency_contact,
      lastCall: r.last_outcome ? { outcome: r.last_outcome, note: r.last_note ?? '', by: r.last_by ?? '', at: new Date(r.last_at!).toISOString() } : null,
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1].sort_key : null,
  }
}
