import { sql } from 'kysely'
import { toLink, type LinkJson } from '../../family'
import type { Kdb } from '../../db/db'
import type { Actor, ActorRole, SessionState } from '../../platform/context'
import type { TConsent, TFamilyLink } from '../../../types/accounts'
import { executePrepared } from '../../db/prepared'

/**
 * The hot path of every signed-in request. The reads are database functions
 * (cloud/db/functions/accounts_identity.sql, accounts_me.sql, accounts_session_me.sql): one round
 * trip each, sent as named prepared statements (cloud/db/prepared.ts), with plans kept by plpgsql
 * for the connection's life. Nothing is cached here: a role
 * change, a disable or a logout is seen by the next request in every process.
 */

interface IdentityRow {
  session_version: number
  demo_account: boolean
  revoked: boolean
  name: string
  community_id: string | null
  community_path: string | null
  must_change_password: boolean
  disabled: boolean
  roles: ActorRole[]
}

interface MeRow {
  id: string
  name: string
  phone: string | null
  birth_date: string | null
  community_id: string | null
  community_name: string | null
  elder_mode: boolean
  unread: number
  consents: { kind: TConsent['kind']; version: string; accepted_at: string; recorded_by_name: string | null }[]
  links: LinkJson[]
}

export interface MeView {
  row: MeRow
  consents: TConsent[]
  familyLinks: TFamilyLink[]
}

function toSession(userId: string, row: IdentityRow): { state: SessionState; actor: Actor } {
  return {
    state: { session_version: row.session_version, demo_account: row.demo_account, revoked: row.revoked },
    actor: {
      userId,
      name: row.name,
      communityId: row.community_id,
      communityPath: row.community_path,
      roles: row.roles,
      ...(row.must_change_password ? { mustChangePassword: true } : {}),
      ...(row.disabled ? { disabled: true } : {}),
    },
  }
}

function toMeView(row: MeRow): MeView {
  return {
    row,
    consents: row.consents.map((k): TConsent => ({ kind: k.kind, version: k.version, acceptedAt: new Date(k.accepted_at).toISOString(), recordedBy: k.recorded_by_name })),
    familyLinks: row.links.map(toLink) as TFamilyLink[],
  }
}

/** The session's state and the actor, in one statement; null when the person does not exist. */
export async function loadSession(db: Kdb, userId: string, jti: string): Promise<{ state: SessionState; actor: Actor } | null> {
  const r = await executePrepared(db, sql<IdentityRow>`SELECT * FROM accounts_identity(${userId}::uuid, ${jti}::uuid)`)
  return r.rows[0] ? toSession(userId, r.rows[0]) : null
}

/**
 * Everything GET /me shows besides the actor, in one round trip. The family links are built as the
 * same rows family.repository reads, and mapped the same way.
 */
export async function loadMe(db: Kdb, userId: string): Promise<MeView | null> {
  const r = await executePrepared(db, sql<MeRow>`SELECT * FROM accounts_me(${userId}::uuid)`)
  return r.rows[0] ? toMeView(r.rows[0]) : null
}

/** GET /me (the busiest read of the app: every page open): the session check and the view in one round trip. */
export async function loadSessionWithMe(db: Kdb, userId: string, jti: string): Promise<{ state: SessionState; actor: Actor; me: MeView } | null> {
  const r = await executePrepared(db, sql<IdentityRow & Omit<MeRow, 'id'>>`SELECT * FROM accounts_session_me(${userId}::uuid, ${jti}::uuid)`)
  const row = r.rows[0]
  if (!row) return null
  return { ...toSession(userId, row), me: toMeView({ ...row, id: userId }) }
}
