import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'

/** Accounts: who logs in with what (username, phone, WeChat), new accounts, a person's own details. */

export async function findStaffLogin(db: Kdb, username: string) {
  return db.selectFrom('users').select(['id', 'password_hash', 'must_change_password', 'disabled_at']).where('username', '=', username).executeTakeFirst()
}

export async function findPasswordAccount(db: Kdb, userId: string) {
  return db.selectFrom('users').select(['id', 'username', 'password_hash']).where('id', '=', userId).executeTakeFirst()
}

/** A password the person chose (the one-time one is done with). */
export async function setOwnPassword(tx: Kdb, userId: string, hash: string): Promise<void> {
  await tx.updateTable('users').set({ password_hash: hash, must_change_password: false }).where('id', '=', userId).execute()
}

/** What a new session is signed with: the person's session version, and whether it is a demo account. */
export async function findSessionAccount(db: Kdb, userId: string) {
  return db.selectFrom('users').select(['session_version', 'demo_account']).where('id', '=', userId).executeTakeFirst()
}

export async function findUserIdByOpenid(db: Kdb, openid: string): Promise<string | null> {
  return (await db.selectFrom('users').select('id').where('wx_openid', '=', openid).executeTakeFirst())?.id ?? null
}

export async function insertWechatUser(db: Kdb, u: { id: string; openid: string; unionid: string | null; now: Date }): Promise<void> {
  await db.insertInto('users').values({ id: u.id, name: '微信用户', wx_openid: u.openid, wx_unionid: u.unionid, created_at: u.now }).execute()
}

export async function findUserByPhone(db: Kdb, phone: string) {
  return db.selectFrom('users').select(['id', 'demo_account']).where('phone', '=', phone).executeTakeFirst()
}

/** A phone seen for the first time becomes a resident account named after its last four digits. */
export async function insertPhoneUser(db: Kdb, id: string, phone: string, now: Date): Promise<void> {
  await db
    .insertInto('users')
    .values({ id, name: `居民${phone.slice(-4)}`, phone, created_at: now })
    .execute()
}

export async function findCommunity(db: Kdb, id: string) {
  return db.selectFrom('org_units').select(['id', 'path']).where('id', '=', id).where('kind', '=', 'community').executeTakeFirst()
}

/** An elder registered at the counter (长辈模式 on), and their resident role in the community. */
export async function insertCounterElder(
  tx: Kdb,
  e: { id: string; name: string; phone: string | null; birthDate: string; idMasked: string; idHash: string; address: string | null; communityId: string; registeredBy: string; now: Date },
): Promise<void> {
  await tx
    .insertInto('users')
    .values({
      id: e.id,
      name: e.name,
      phone: e.phone,
      birth_date: e.birthDate,
      id_number_masked: e.idMasked,
      id_number_hash: e.idHash,
      address: e.address,
      community_id: e.communityId,
      registered_by: e.registeredBy,
      elder_mode: true,
      created_at: e.now,
    })
    .execute()
  await tx.insertInto('role_assignments').values({ id: newId(), user_id: e.id, role: 'resident', org_unit_id: e.communityId, created_at: e.now }).execute()
}

/** Moving house: the resident role follows the person to the new community. */
export async function moveResidentRole(tx: Kdb, userId: string, communityId: string, now: Date): Promise<void> {
  await tx.deleteFrom('role_assignments').where('user_id', '=', userId).where('role', '=', 'resident').execute()
  await tx.insertInto('role_assignments').values({ id: newId(), user_id: userId, role: 'resident', org_unit_id: communityId, created_at: now }).execute()
}

export async function updateProfile(tx: Kdb, userId: string, set: { name?: string; elder_mode?: boolean; community_id?: string }): Promise<void> {
  await tx.updateTable('users').set(set).where('id', '=', userId).execute()
}
