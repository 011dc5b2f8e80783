import type { AppDeps } from '../platform/context'
import type { TLoginResponse } from '../../types/accounts'
import type { WxContext } from '../platform/http'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { issueSession } from './issue-session'
import { findUserIdByOpenid, insertWechatUser } from './repository/users'

interface Code2Session {
  openid?: string
  unionid?: string
  errcode?: number
  errmsg?: string
}

/**
 * WeChat login. In the cloud function the openid is what getWXContext vouches for; anything the
 * client put in the body is ignored. Over HTTP the mini-program sends its Taro.login code and the
 * server exchanges it (jscode2session) with the configured AppID/secret.
 */
export async function loginWechat(deps: AppDeps, input: { code?: string }, wx: WxContext | undefined): Promise<TLoginResponse> {
  let openid = wx?.OPENID
  let unionid = wx?.UNIONID ?? null
  if (!openid) {
    const { appId, appSecret } = deps.config.wechat
    if (!appId || !appSecret || !input.code) throw new AppError('WECHAT_NOT_CONFIGURED')
    const url = new URL('https://api.weixin.qq.com/sns/jscode2session')
    url.search = new URLSearchParams({ appid: appId, secret: appSecret, js_code: input.code, grant_type: 'authorization_code' }).toString()
    const answer = (await (await fetch(url)).json()) as Code2Session
    if (!answer.openid) throw new AppError('UNAUTHENTICATED', { wechat: answer.errcode ?? null })
    openid = answer.openid
    unionid = answer.unionid ?? null
  }
  const db = deps.db.kysely
  let userId = await findUserIdByOpenid(db, openid)
  if (!userId) {
    const id = newId()
    try {
      await insertWechatUser(db, { id, openid, unionid, now: deps.clock.now() })
      userId = id
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      userId = await findUserIdByOpenid(db, openid)
      if (!userId) throw error
    }
  }
  return issueSession(deps, userId)
}
