import type { AppDeps } from '../platform/context'
import type { TLoginResponse } from '../../types/accounts'
import type { WxContext } from '../platform/http'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { issueSession } from './issue-session'

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
  let user = await db.selectFrom('users').select('id').where('wx_openid', '=', openid).executeTakeFirst()
  if (!user) {
    const id = newId()
    try {
      await db
        .insertInto('users')
        .values({ id, name: '微信用户', wx_openid: openid, wx_unionid: unionid, created_at: deps.clock.now() })
        .execute()
      user = { id }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      user = await db.selectFrom('users').select('id').where('wx_openid', '=', openid).executeTakeFirstOrThrow()
    }
  }
  return issueSession(deps, user.id)
}
