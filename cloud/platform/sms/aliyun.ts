import { createHmac, randomUUID } from 'node:crypto'
import { SMS_TIMEOUT_MS, SmsUnavailableError, type SmsProvider } from './common'

export interface AliyunSmsOptions {
  accessKeyId: string
  accessKeySecret: string
  signName: string
  templateCode: string
  /** https://dysmsapi.aliyuncs.com (ALIYUN_SMS_ENDPOINT points elsewhere, e.g. a test stand-in). */
  endpoint: string
  fetch?: typeof fetch
}

/** RFC 3986 encoding as Aliyun's RPC signature wants it (space %20, * %2A, ~ kept). */
export function aliyunEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * Aliyun RPC signature (HMAC-SHA1, SignatureVersion 1.0): the parameters sorted by name, encoded,
 * joined; `METHOD&%2F&<encoded query>` signed with `<secret>&`.
 */
export function aliyunRpcSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${aliyunEncode(k)}=${aliyunEncode(params[k])}`)
    .join('&')
  const stringToSign = `${method}&${aliyunEncode('/')}&${aliyunEncode(canonical)}`
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64')
}

/** Aliyun 短信服务 SendSms (dysmsapi 2017-05-25); the template has one parameter, ${code}. */
export function aliyunSmsProvider(options: AliyunSmsOptions): SmsProvider {
  const doFetch = options.fetch ?? fetch
  return {
    async sendLoginCode(phone, code) {
      const params: Record<string, string> = {
        AccessKeyId: options.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: phone,
        SignName: options.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: options.templateCode,
        TemplateParam: JSON.stringify({ code }),
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      }
      const signature = aliyunRpcSignature('POST', params, options.accessKeySecret)
      const body = new URLSearchParams({ ...params, Signature: signature }).toString()
      let answer: { Code?: string; Message?: string }
      try {
        const res = await doFetch(new URL('/', options.endpoint), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
          signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
        })
        answer = (await res.json().catch(() => ({ Code: `HTTP ${res.status}` }))) as typeof answer
      } catch (error) {
        throw new SmsUnavailableError('aliyun', String((error as Error).message ?? error))
      }
      if (answer.Code !== 'OK') throw new SmsUnavailableError('aliyun', `${answer.Code}: ${answer.Message ?? ''}`)
    },
  }
}
