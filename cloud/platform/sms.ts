import type { Logger } from './logger'
import { ConfigError } from './config'
import { tencentSmsProvider } from './sms/tencent'
import { aliyunSmsProvider } from './sms/aliyun'
import { SmsUnavailableError, type SmsProvider } from './sms/common'

export { SmsUnavailableError, type SmsProvider }

/** Demo mode: the code is written to the log instead of a phone. */
export function logSmsProvider(logger: Logger): SmsProvider {
  return {
    async sendLoginCode(phone, code) {
      logger.info({ phone, code }, `【邻里通】验证码 ${code}（演示模式：未真正发送短信）`)
    },
    async sendNotice(phone, text) {
      logger.info({ phone }, `${text}（演示模式：未真正发送短信）`)
    },
  }
}

/** SMS_PROVIDER=log (development only, with ALLOW_LOG_SMS=1): the code at warn level. */
export function warnLogSmsProvider(logger: Logger): SmsProvider {
  return {
    async sendLoginCode(phone, code) {
      logger.warn(`SMS code for ${phone}: ${code}`)
    },
  }
}

/** Tests read what would have been sent. */
export function memorySmsProvider(): SmsProvider & { sent: { phone: string; code: string }[]; notices: { phone: string; text: string }[] } {
  const sent: { phone: string; code: string }[] = []
  const notices: { phone: string; text: string }[] = []
  return {
    sent,
    notices,
    async sendLoginCode(phone, code) {
      sent.push({ phone, code })
    },
    async sendNotice(phone, text) {
      notices.push({ phone, text })
    },
  }
}

/** A provider for PHONE_LOGIN=false: never called (the routes refuse first), refuses if it is. */
export function disabledSmsProvider(): SmsProvider {
  return {
    async sendLoginCode() {
      throw new SmsUnavailableError('none', 'phone login is turned off')
    },
  }
}

function need(env: Record<string, string | undefined>, provider: string, names: string[]): Record<string, string> {
  const missing = names.filter((n) => !env[n])
  if (missing.length) throw new ConfigError(`短信服务 ${provider} 缺少配置 ${missing.join(', ')} / SMS provider ${provider} needs ${missing.join(', ')}`)
  return Object.fromEntries(names.map((n) => [n, env[n]!]))
}

/**
 * SMS_PROVIDER=tencent|aliyun|log picks the provider. Unset: the demo log in demo mode; in
 * production start is refused unless PHONE_LOGIN=false. `log` needs ALLOW_LOG_SMS=1 and is refused
 * in production: a code in a log is a login for whoever reads the log.
 */
export function smsProviderFromEnv(
  env: Record<string, string | undefined>,
  options: { production: boolean; demoMode: boolean; phoneLogin: boolean; logger: Logger; fetch?: typeof fetch },
): SmsProvider {
  const kind = env.SMS_PROVIDER?.trim().toLowerCase() || ''
  if (!options.phoneLogin) return disabledSmsProvider()
  switch (kind) {
    case 'tencent': {
      const v = need(env, 'tencent', ['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME', 'TENCENT_SMS_TEMPLATE_ID'])
      return tencentSmsProvider({
        secretId: v.TENCENT_SECRET_ID,
        secretKey: v.TENCENT_SECRET_KEY,
        sdkAppId: v.TENCENT_SMS_SDK_APP_ID,
        signName: v.TENCENT_SMS_SIGN_NAME,
        templateId: v.TENCENT_SMS_TEMPLATE_ID,
        region: env.TENCENT_SMS_REGION || 'ap-guangzhou',
        endpoint: env.TENCENT_SMS_ENDPOINT || 'https://sms.tencentcloudapi.com',
        fetch: options.fetch,
      })
    }
    case 'aliyun': {
      const v = need(env, 'aliyun', ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATE_CODE'])
      return aliyunSmsProvider({
        accessKeyId: v.ALIYUN_ACCESS_KEY_ID,
        accessKeySecret: v.ALIYUN_ACCESS_KEY_SECRET,
        signName: v.ALIYUN_SMS_SIGN_NAME,
        templateCode: v.ALIYUN_SMS_TEMPLATE_CODE,
        endpoint: env.ALIYUN_SMS_ENDPOINT || 'https://dysmsapi.aliyuncs.com',
        fetch: options.fetch,
      })
    }
    case 'log':
      if (options.production) throw new ConfigError('生产模式不允许 SMS_PROVIDER=log（验证码会写进日志） / SMS_PROVIDER=log is refused in production: codes would be logged')
      if (env.ALLOW_LOG_SMS !== '1') throw new ConfigError('SMS_PROVIDER=log 需要同时设置 ALLOW_LOG_SMS=1 / SMS_PROVIDER=log needs ALLOW_LOG_SMS=1')
      return warnLogSmsProvider(options.logger)
    case '':
      if (options.production) {
        throw new ConfigError('生产模式必须配置短信服务 SMS_PROVIDER=tencent|aliyun，或设置 PHONE_LOGIN=false / production mode needs SMS_PROVIDER=tencent|aliyun, or PHONE_LOGIN=false')
      }
      return logSmsProvider(options.logger)
    default:
      throw new ConfigError(`未知的短信服务 SMS_PROVIDER=${kind}（可选 tencent、aliyun、log） / unknown SMS_PROVIDER=${kind}: use tencent, aliyun or log`)
  }
}
