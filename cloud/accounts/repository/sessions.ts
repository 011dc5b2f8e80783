import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** Sessions: the version every token carries, logged-out session ids, and known devices (staff login). */

/** Ends every session of the person (logout everywhere, disable, role change): one version bump. */
export async function bumpSessionVersion(db: Kdb, userId: string): Promise<number | null> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ session_version: eb('session_version', '+', 1) }))
    .where('id', '=', userId)
    .returning('session_version')
    .executeTakeFirst()
  return row?.session_version ?? null
}

/** Ends one session (logout): its id is refused until it would have expired anyway. */
export async function revokeSession(db: Kdb, jti: string, userId: string, now: Date, expiresAt: Date): Promise<void> {
  await sql`INSERT INTO revoked_sessions (jti, user_id, revoked_at, expires_at) VALUES (${jti}::uuid, ${userId}::uuid, ${now}::timestamptz, ${expiresAt}::timestamptz)
            ON CONFLICT (jti) DO NOTHING`.execute(db)
}

export async function findKnownDevice(db: Kdb, tokenHash: string, userId: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('known_devices')
    .set({ last_used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .returning('token_hash')
    .executeTakeFirst()
  return Boolean(row)
}

export async function addKnownDevice(db: Kdb, tokenHash: string, userId: string, now: Date, expiresAt: Date): Promise<void> {
  await db.insertInto('known_devices').values({ token_hash: tokenHash, user_id: userId, created_at: now, last_used_at: now, expires_at: expiresAt }).execute()
}

/** Ended sessions past their expiry are refused by the signature anyway. */
export async function pruneRevokedSessions(db: Kdb, now: Date): Promise<void> {
  await db.deleteFrom('revoked_sessions').where('expires_at', '<', now).execute()
}

export async function pruneKnownDevices(db: Kdb, now: Date): Promise<void> {
  await db.deleteFrom('known_devices').where('expires_at', '<', now).execute()
}
