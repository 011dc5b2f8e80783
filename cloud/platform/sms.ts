import type { Logger } from './logger'

/** Where login codes go. Production plugs in a real SMS gateway (Aliyun/Tencent SMS) here. */
export interface SmsProvider {
  sendLoginCode(phone: string, code: string): Promise<void>
}

/** Demo mode: the code is written to the log instead of a phone. */
export function logSmsProvider(logger: Logger): SmsProvider {
  return {
    async sendLoginCode(phone, code) {
      logger.info({ phone, code }, `【邻里通】验证码 ${code}（演示模式：未真正发送短信）`)
    },
  }
}

/** Tests read what would have been sent. */
export function memorySmsProvider(): SmsProvider & { sent: { phone: string; code: string }[] } {
  const sent: { phone: string; code: string }[] = []
  return {
    sent,
    async sendLoginCode(phone, code) {
      sent.push({ phone, code })
    },
  }
}
