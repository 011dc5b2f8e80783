import type { TActivity, TOrganisation, TOrganisationMember } from '../../types/resources'
import type { OrganisationRow } from './repository/organisations'
import type { ActivityRow } from './repository/activities'

export function toOrganisation(row: OrganisationRow, myRole: 'leader' | 'member' | null, members?: { user_id: string; name: string; role: 'leader' | 'member' }[]): TOrganisation {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    status: row.status,
    hostCommunityId: row.host_community_id,
    hostCommunityName: row.host_community_name,
    leaderName: row.leader_name ?? '',
    memberCount: Number(row.member_count ?? 0),
    myRole,
    decisionNote: row.decision_note,
    ...(members ? { members: members.map((m): TOrganisationMember => ({ userId: m.user_id, name: m.name, role: m.role })) } : {}),
  }
}

export function toActivity(row: ActivityRow): TActivity {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    title: row.title,
    description: row.description,
    place: row.place,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    attendees: Number(row.attendees ?? 0),
    signedIn: Boolean(row.signed_in),
  }
}
