import { createHash, createHmac } from 'node:crypto'
import { SMS_TIMEOUT_MS, SmsUnavailableError, chinaMainland, type SmsProvider } from './common'

export interface TencentSmsOptions {
  secretId: string
  secretKey: string
  sdkAppId: string
  signName: string
  templateId: string
  region: string
  /** https://sms.tencentcloudapi.com (TENCENT_SMS_ENDPOINT points elsewhere, e.g. a test stand-in). */
  endpoint: string
  fetch?: typeof fetch
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest()

/**
 * TC3-HMAC-SHA256, as Tencent Cloud API 3.0 documents it ("签名方法 v3"): a canonical request of
 * method, path, query, the signed headers (content-type;host) and the body's SHA-256; a key derived
 * from the secret through the date, the service and "tc3_request".
 */
export function tc3Authorization(input: { secretId: string; secretKey: string; service: string; host: string; contentType: string; body: string; timestamp: number }): string {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10)
  const signedHeaders = 'content-type;host'
  const canonicalRequest = ['POST', '/', '', `content-type:${input.contentType}\nhost:${input.host}\n`, signedHeaders, sha256(input.body)].join('\n')
  const scope = `${date}/${input.service}/tc3_request`
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256(canonicalRequest)].join('\n')
  const signingKey = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request')
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex')
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
}

/** Tencent Cloud SMS SendSms (API version 2021-01-11); template parameters: the code, minutes valid. */
export function tencentSmsProvider(options: TencentSmsOptions): SmsProvider {
  const doFetch = options.fetch ?? fetch
  const url = new URL(options.endpoint)
  return {
    async sendLoginCode(phone, code) {
      const body = JSON.stringify({
        PhoneNumberSet: [chinaMainland(phone)],
        SmsSdkAppId: options.sdkAppId,
        SignName: options.signName,
        TemplateId: options.templateId,
        TemplateParamSet: [code, '5'],
      })
      const contentType = 'application/json; charset=utf-8'
      const timestamp = Math.floor(Date.now() / 1000)
      let answer: { Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; Message: string }[] } }
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': contentType,
            authorization: tc3Authorization({ secretId: options.secretId, secretKey: options.secretKey, service: 'sms', host: url.host, contentType, body, timestamp }),
            'x-tc-action': 'SendSms',
            'x-tc-version': '2021-01-11',
            'x-tc-region': options.region,
            'x-tc-timestamp': String(timestamp),
          },
          body,
          signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
        })
        if (!res.ok) throw new SmsUnavailableError('tencent', `HTTP ${res.status}`)
        answer = (await res.json()) as typeof answer
      } catch (error) {
        if (error instanceof SmsUnavailableError) throw error
        throw new SmsUnavailableError('tencent', String((error as Error).message ?? error))
      }
      const err = answer.Response?.Error
      if (err) throw new SmsUnavailableError('tencent', `${err.Code}: ${err.Message}`)
      const status = answer.Response?.SendStatusSet?.[0]
      if (!status || status.Code !== 'Ok') throw new SmsUnavailableError('tencent', `${status?.Code ?? 'no status'}: ${status?.Message ?? ''}`)
    },
  }
}
