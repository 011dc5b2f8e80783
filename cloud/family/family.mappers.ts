import type { TFamilyLink, TFamilyScope } from '../../types/accounts'
import type { LinkRow } from './family.repository'

/** Rows of the family domain → the contracts in types/accounts. */

/** The same row as built by linksWithNames, as JSON inside a larger query (timestamps as strings). */
export type LinkJson = Omit<LinkRow, 'requested_at' | 'confirmed_at'> & { requested_at: string; confirmed_at: string | null }

export function toLink(r: LinkRow | LinkJson): TFamilyLink {
  return {
    id: r.id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    memberId: r.member_id,
    memberName: r.member_name,
    relation: r.relation as TFamilyLink['relation'],
    scopes: r.scopes as TFamilyScope[],
    status: r.status,
    requestedAt: new Date(r.requested_at).toISOString(),
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
    confirmedVia: r.confirmed_via,
  }
}
