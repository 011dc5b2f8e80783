import { newId } from '../platform/ids'
import { findUserByLogin, insertResident } from './leancloud.repository'
import type { TClassMapping } from './mapping'
import { get, text, type RowContext, type RowOutcome } from './row-context'
import type { LcRow } from './sources'

type UsersMapping = Extract<TClassMapping, { kind: 'users' }>

/** "+86 138-0000-0001" → "13800000001"; anything else that is not a mainland mobile is null. */
export function normalisePhone(v: unknown): string | null {
  const raw = text(v)
  if (!raw) return null
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '')
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null
}

/** WeChat ids from LeanCloud's authData: lc_weapp (mini-program), weixin (official account / app), union entries. */
export function wechatIds(authData: unknown): { openid: string | null; unionid: string | null } {
  const a = (authData && typeof authData === 'object' ? authData : {}) as Record<string, Record<string, unknown> | undefined>
  const openid = text(a.lc_weapp?.openid) ?? text(a.weixin?.openid) ?? text(a.lc_weapp?.uid)
  const unionid = text(a.lc_weapp?.unionid) ?? text(a.weixin?.unionid) ?? text(a.lc_weapp_union?.uid) ?? text(a._weixin_unionid?.uid) ?? text(a.weixin_union?.uid)
  return { openid, unionid }
}

/**
 * _User → users: phone, nickname, WeChat openid/unionid. A person already here (same phone or
 * openid) is linked, not duplicated; a user without a usable phone is refused (when required).
 */
export async function importUser(ctx: RowContext, m: UsersMapping, row: LcRow): Promise<RowOutcome> {
  const rawPhone = get(row, m.fields.phone)
  const phone = normalisePhone(rawPhone)
  const { openid, unionid } = wechatIds(get(row, m.fields.authData))
  if (!phone && text(rawPhone)) return { kind: 'refused', reason: `手机号格式不对：${text(rawPhone)}` }
  if (!phone && (ctx.requirePhone || !openid)) return { kind: 'refused', reason: '缺少手机号' }
  const existing = await findUserByLogin(ctx.tx, phone, openid)
  if (existing) return { kind: 'linked', targetTable: 'users', targetId: existing, note: '已有同手机号或同微信的用户，已关联' }
  const name = (text(get(row, m.fields.nickname)) ?? text(get(row, m.fields.fallbackName)) ?? `居民${phone ? phone.slice(-4) : ''}`).slice(0, 40)
  const id = newId()
  await insertResident(ctx.tx, { id, name, phone, openid, unionid, communityId: ctx.community.id, createdAt: new Date(row.createdAt), now: ctx.now })
  return { kind: 'created', targetTable: 'users', targetId: id }
}
