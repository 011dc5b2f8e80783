import type { Actor } from '../org'
import { isStaff } from '../org'
import type { TConsent, TElder, TNotice, TUser } from '../../types/accounts'
import { ageOn } from '../platform/clock'
import { maskPhone } from '../platform/privacy'
import { noticeLink } from '../platform/notices'

/** Rows of the accounts domain → the contracts in types/accounts. */

/** A users row (joined with its community's name) as the person sees themselves. */
export function toUserView(
  row: { id: string; name: string; phone: string | null; community_id: string | null; community_name: string | null; birth_date: string | null; elder_mode: boolean },
  actor: Pick<Actor, 'roles'>,
  now: Date,
): TUser {
  return {
    id: row.id,
    name: row.name,
    phoneMasked: maskPhone(row.phone),
    communityId: row.community_id,
    communityName: row.community_name,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, now),
    elderMode: row.elder_mode,
    isStaff: isStaff(actor),
  }
}

export function toElder(
  row: {
    id: string
    name: string
    phone: string | null
    birth_date: string | null
    community_id: string | null
    id_number_masked: string | null
    address: string | null
    community_name: string | null
    community_path: string | null
  },
  now: Date,
): TElder & { communityPath: string | null } {
  return {
    id: row.id,
    name: row.name,
    idNumberMasked: row.id_number_masked,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, now),
    address: row.address,
    communityId: row.community_id,
    communityName: row.community_name,
    phoneMasked: maskPhone(row.phone),
    communityPath: row.community_path,
  }
}

export function toConsent(r: { kind: string; version: string; accepted_at: Date | string; recorded_by_name: string | null }): TConsent {
  return {
    kind: r.kind as TConsent['kind'],
    version: r.version,
    acceptedAt: new Date(r.accepted_at).toISOString(),
    recordedBy: r.recorded_by_name,
  }
}

export function toNotice(n: { id: string; kind: string; title: string; body: string; created_at: Date; read_at: Date | null; link: string | null }): TNotice {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    createdAt: n.created_at.toISOString(),
    readAt: n.read_at ? n.read_at.toISOString() : null,
    link: noticeLink(n.kind, n.link),
  }
}
