/**
 * WeChat subscribe messages (订阅消息): the one-time messages a resident allowed right after an
 * action ("tell me when my report moves"). Sent only when a template is configured in env; without
 * one every send is a logged no-op, so development, tests and the H5 site never call WeChat.
 *
 * Two real transports: inside a WeChat cloud function `cloud.openapi.subscribeMessage.send`
 * (wx-server-sdk, no secret needed), elsewhere the HTTPS API with an access token from
 * WECHAT_APPID / WECHAT_SECRET (base URL configurable so tests can stand in for api.weixin.qq.com).
 */
import type { Logger } from './logger'

/** Our template kinds; each maps to a template id chosen in the mini-program's admin console. */
export const SUBSCRIBE_TEMPLATES = {
  /** 随手拍 进度通知: number, status, who holds it, deadline, note. */
  reportStatus: 'WECHAT_TEMPLATE_REPORT_STATUS',
  /** 独居老人关爱 预警提醒: who, what, when, what to do. */
  careAlert: 'WECHAT_TEMPLATE_CARE_ALERT',
} as const
export type TemplateKey = keyof typeof SUBSCRIBE_TEMPLATES

/** The `data` of a subscribe message: `{ thing3: { value: '东湖社区第一网格' } }`. */
export type SubscribeData = Record<string, { value: string }>

export type SendResult = { sent: true } | { sent: false; reason: 'not_configured' | 'refused' }

export interface SubscribeSender {
  send(openid: string, templateKey: TemplateKey, data: SubscribeData, page?: string): Promise<SendResult>
}

export interface SubscribeConfig {
  templates: Partial<Record<TemplateKey, string>>
  appId: string | null
  secret: string | null
  apiBase: string
  /** 'developer' | 'trial' | 'formal': which mini-program version the message opens. */
  miniprogramState: string
  /** Running inside a WeChat cloud function (use wx-server-sdk's openapi). */
  inCloud: boolean
}

export function subscribeConfigFromEnv(env: Record<string, string | undefined>): SubscribeConfig {
  const templates: Partial<Record<TemplateKey, string>> = {}
  for (const [key, name] of Object.entries(SUBSCRIBE_TEMPLATES) as [TemplateKey, string][]) {
    const id = env[name]?.trim()
    if (id) templates[key] = id
  }
  return {
    templates,
    appId: env.WECHAT_APPID?.trim() || null,
    secret: env.WECHAT_SECRET?.trim() || null,
    apiBase: (env.WECHAT_API_BASE?.trim() || 'https://api.weixin.qq.com').replace(/\/+$/, ''),
    miniprogramState: env.WECHAT_MINIPROGRAM_STATE?.trim() || 'formal',
    inCloud: env.WECHAT_SUBSCRIBE_VIA === 'cloud' || (env.WECHAT_SUBSCRIBE_VIA !== 'https' && env.TENCENTCLOUD_RUNENV === 'SCF'),
  }
}

// ── template data: WeChat's field rules (thing ≤ 20 characters, phrase ≤ 5, character_string ≤ 32) ──

const cut = (s: string, n: number) => {
  const chars = [...s.replace(/\s+/g, ' ').trim()]
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n - 1).join('')}…`
}

/** 「2026年11月27日 14:30」 in Shanghai time (the `time` field format). */
function wechatTime(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${s.getUTCFullYear()}年${p(s.getUTCMonth() + 1)}月${p(s.getUTCDate())}日 ${p(s.getUTCHours())}:${p(s.getUTCMinutes())}`
}

/**
 * 随手拍 进度通知 template fields (set up the template with these keywords in this order):
 * character_string1 工单编号, phrase2 办理状态, thing3 当前处理单位, time4 处理期限, thing5 说明.
 */
export function reportStatusData(r: { number: string; statusLabel: string; holder: string; deadlineAt: Date; note: string }): SubscribeData {
  return {
    character_string1: { value: cut(r.number, 32) },
    phrase2: { value: cut(r.statusLabel, 5) },
    thing3: { value: cut(r.holder, 20) },
    time4: { value: wechatTime(r.deadlineAt) },
    thing5: { value: cut(r.note, 20) },
  }
}

/**
 * 独居老人关爱 预警提醒 template fields (keywords in this order): thing1 关爱对象, thing2 预警类型,
 * time3 发生时间, thing4 温馨提示. No health detail: the reason stays in the app.
 */
export function careAlertData(a: { elder: string; kindLabel: string; at: Date; hint: string }): SubscribeData {
  return {
    thing1: { value: cut(a.elder, 20) },
    thing2: { value: cut(a.kindLabel, 20) },
    time3: { value: wechatTime(a.at) },
    thing4: { value: cut(a.hint, 20) },
  }
}

// ── senders ──

/** Not configured: say what would have been sent, send nothing. */
export function noopSubscribeSender(logger?: Pick<Logger, 'debug'>): SubscribeSender {
  return {
    async send(openid, templateKey, data) {
      logger?.debug({ templateKey, openid: `${openid.slice(0, 4)}…`, data }, 'subscribe message not sent: no template configured')
      return { sent: false, reason: 'not_configured' }
    },
  }
}

/** WeChat's answer to a send: errcode 0 is sent; 43101 means the person did not (or no longer) subscribe. */
function interpret(result: { errcode?: number; errCode?: number; errmsg?: string; errMsg?: string }): SendResult {
  const code = result.errcode ?? result.errCode ?? 0
  if (code === 0) return { sent: true }
  if (code === 43101) return { sent: false, reason: 'refused' }
  throw new Error(`WeChat subscribe send failed: ${code} ${result.errmsg ?? result.errMsg ?? ''}`.trim())
}

/** HTTPS API: access token (cached until shortly before it expires), then message/subscribe/send. */
export function httpsSubscribeSender(config: SubscribeConfig, fetchImpl: typeof fetch = fetch): SubscribeSender {
  let token: { value: string; until: number } | null = null
  const getToken = async (fresh: boolean): Promise<string> => {
    if (!fresh && token && token.until > Date.now()) return token.value
    const url = `${config.apiBase}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(config.appId!)}&secret=${encodeURIComponent(config.secret!)}`
    const res = await fetchImpl(url)
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }
    if (!body.access_token) throw new Error(`WeChat access token refused: ${body.errcode ?? res.status} ${body.errmsg ?? ''}`.trim())
    token = { value: body.access_token, until: Date.now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 }
    return token.value
  }
  const post = async (accessToken: string, payload: object) => {
    const res = await fetchImpl(`${config.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
    return (await res.json()) as { errcode?: number; errmsg?: string }
  }
  return {
    async send(openid, templateKey, data, page) {
      const templateId = config.templates[templateKey]
      if (!templateId) return { sent: false, reason: 'not_configured' }
      const payload = { touser: openid, template_id: templateId, page, data, miniprogram_state: config.miniprogramState, lang: 'zh_CN' }
      let answer = await post(await getToken(false), payload)
      // 40001 / 42001: the cached token was revoked or expired early: fetch a new one once
      if (answer.errcode === 40001 || answer.errcode === 42001) answer = await post(await getToken(true), payload)
      return interpret(answer)
    },
  }
}

interface CloudOpenApi {
  openapi: { subscribeMessage: { send(args: Record<string, unknown>): Promise<{ errCode?: number; errMsg?: string }> } }
}

/** Inside a WeChat cloud function: the platform signs the call, no secret in env. */
export function cloudSubscribeSender(config: SubscribeConfig, loadCloud: () => CloudOpenApi = () => require('wx-server-sdk') as CloudOpenApi): SubscribeSender {
  return {
    async send(openid, templateKey, data, page) {
      const templateId = config.templates[templateKey]
      if (!templateId) return { sent: false, reason: 'not_configured' }
      const result = await loadCloud().openapi.subscribeMessage.send({ touser: openid, templateId, page, data, miniprogramState: config.miniprogramState, lang: 'zh_CN' })
      return interpret(result)
    },
  }
}

/**
 * The sender for this process: no template configured → no-op that logs; in a cloud function →
 * wx-server-sdk; with WECHAT_APPID and WECHAT_SECRET → HTTPS; otherwise no-op (and a warning, since
 * a template without credentials is a half-finished set-up).
 */
export function createSubscribeSender(env: Record<string, string | undefined>, logger: Pick<Logger, 'debug' | 'warn'>, fetchImpl?: typeof fetch): SubscribeSender {
  const config = subscribeConfigFromEnv(env)
  if (Object.keys(config.templates).length === 0) return noopSubscribeSender(logger)
  if (config.inCloud) return cloudSubscribeSender(config)
  if (config.appId && config.secret) return httpsSubscribeSender(config, fetchImpl)
  logger.warn({ templates: Object.keys(config.templates) }, 'subscribe templates configured but no WECHAT_APPID/WECHAT_SECRET: messages are not sent')
  return noopSubscribeSender(logger)
}
