import { Writable } from 'node:stream'
import pino from 'pino'
import { describeEachDb } from '../helpers/app'
import { aliyunStandIn, tencentStandIn, type SmsStandIn } from '../helpers/sms-standins'
import { smsProviderFromEnv, type SmsProvider } from '../../cloud/platform/sms'
import { ConfigError } from '../../cloud/platform/config'
import { silentLogger } from '../../cloud/platform/logger'

const TENCENT = { id: 'AKIDtest0000000000000000000000000000', key: 'tencent-secret-key-for-the-stand-in' }
const ALIYUN = { id: 'LTAI5ttest000000000000', key: 'aliyun-secret-for-the-stand-in' }

function tencentEnv(url: string, secretKey = TENCENT.key): Record<string, string | undefined> {
  return {
    SMS_PROVIDER: 'tencent',
    TENCENT_SECRET_ID: TENCENT.id,
    TENCENT_SECRET_KEY: secretKey,
    TENCENT_SMS_SDK_APP_ID: '1400000000',
    TENCENT_SMS_SIGN_NAME: '邻里通',
    TENCENT_SMS_TEMPLATE_ID: '1000001',
    TENCENT_SMS_ENDPOINT: url,
  }
}
function aliyunEnv(url: string, secret = ALIYUN.key): Record<string, string | undefined> {
  return {
    SMS_PROVIDER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: ALIYUN.id,
    ALIYUN_ACCESS_KEY_SECRET: secret,
    ALIYUN_SMS_SIGN_NAME: '邻里通',
    ALIYUN_SMS_TEMPLATE_CODE: 'SMS_000000001',
    ALIYUN_SMS_ENDPOINT: url,
  }
}
const provider = (env: Record<string, string | undefined>, production = true): SmsProvider => smsProviderFromEnv(env, { production, demoMode: !production, phoneLogin: true, logger: silentLogger })

describeEachDb('SMS providers (loopback stand-ins that check the signature)', (ctx) => {
  let tencent: SmsStandIn
  let aliyun: SmsStandIn
  let original: SmsProvider
  beforeAll(async () => {
    tencent = await tencentStandIn(TENCENT.id, TENCENT.key)
    aliyun = await aliyunStandIn(ALIYUN.id, ALIYUN.key)
    original = ctx().deps.sms
  })
  afterAll(async () => {
    ctx().deps.sms = original
    await tencent.close()
    await aliyun.close()
  })

  it('Tencent: a signed SendSms delivers the code, and that code logs in', async () => {
    const c = ctx()
    c.deps.sms = provider(tencentEnv(tencent.url))
    const sent = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000001' } })
    expect(sent.status).toBe(200)
    const got = tencent.received.at(-1)!
    expect(got.signatureOk).toBe(true)
    expect(got.phone).toBe('+8613700000001')
    const params = got.params as { SmsSdkAppId: string; SignName: string; TemplateId: string; TemplateParamSet: string[] }
    expect(params).toMatchObject({ SmsSdkAppId: '1400000000', SignName: '邻里通', TemplateId: '1000001' })
    const verified = await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13700000001', code: params.TemplateParamSet[0] } })
    expect(verified.status).toBe(200)
    expect(verified.body.token).toEqual(expect.any(String))
  })

  it('Tencent: a refused signature or a provider error is SMS_UNAVAILABLE (503) and the person may try again at once', async () => {
    const c = ctx()
    c.deps.sms = provider(tencentEnv(tencent.url, 'a-wrong-secret-key'))
    const bad = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000002' } })
    expect(bad.status).toBe(503)
    expect(bad.body.error).toMatchObject({ code: 'SMS_UNAVAILABLE', message: expect.stringMatching(/短信/) })
    expect(tencent.received.at(-1)!.signatureOk).toBe(false)
    // nothing reached the phone: no code to guess, no minute to wait
    const row = await c.db.kysely.selectFrom('sms_codes').selectAll().where('phone', '=', '13700000002').executeTakeFirst()
    expect(row?.code_hash ?? null).toBeNull()

    c.deps.sms = provider(tencentEnv(tencent.url))
    tencent.failNext = 'LimitExceeded.PhoneNumberDailyLimit'
    const limited = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000002' } })
    expect(limited.status).toBe(503)
    const retry = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000002' } })
    expect(retry.status).toBe(200)
    const code = (tencent.received.at(-1)!.params as { TemplateParamSet: string[] }).TemplateParamSet[0]
    expect((await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13700000002', code } })).status).toBe(200)
  })

  it('Aliyun: a signed SendSms delivers the code; a throttled send is 503 and retried at once', async () => {
    const c = ctx()
    c.deps.sms = provider(aliyunEnv(aliyun.url))
    expect((await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000003' } })).status).toBe(200)
    const got = aliyun.received.at(-1)!
    expect(got.signatureOk).toBe(true)
    expect(got.params).toMatchObject({ PhoneNumbers: '13700000003', SignName: '邻里通', TemplateCode: 'SMS_000000001', Version: '2017-05-25' })
    const code = JSON.parse((got.params as { TemplateParam: string }).TemplateParam).code
    expect((await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13700000003', code } })).status).toBe(200)

    aliyun.failNext = 'isv.BUSINESS_LIMIT_CONTROL'
    const limited = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000004' } })
    expect(limited.status).toBe(503)
    expect(limited.body.error.code).toBe('SMS_UNAVAILABLE')
    expect((await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000004' } })).status).toBe(200)

    c.deps.sms = provider(aliyunEnv(aliyun.url, 'wrong-secret'))
    const unsigned = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000005' } })
    expect(unsigned.status).toBe(503)
    expect(aliyun.received.at(-1)!.signatureOk).toBe(false)
  })

  it('an unreachable provider is 503 too, never 500', async () => {
    const c = ctx()
    const gone = await tencentStandIn(TENCENT.id, TENCENT.key)
    await gone.close()
    c.deps.sms = provider(tencentEnv(gone.url))
    const res = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000006' } })
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('SMS_UNAVAILABLE')
  })

  it('PHONE_LOGIN=false: phone login answers PHONE_LOGIN_DISABLED and sends nothing', async () => {
    const c = ctx()
    const before = tencent.received.length
    c.deps.config.phoneLogin = false
    try {
      const res = await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13700000007' } })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('PHONE_LOGIN_DISABLED')
      expect((await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13800000001', code: '123456' } })).body.error.code).toBe('PHONE_LOGIN_DISABLED')
    } finally {
      c.deps.config.phoneLogin = true
    }
    expect(tencent.received.length).toBe(before)
  })
})

describe('SMS_PROVIDER rules', () => {
  const opts = (production: boolean) => ({ production, demoMode: !production, phoneLogin: true, logger: silentLogger })

  it('log needs ALLOW_LOG_SMS=1 and is refused in production; production needs a provider', () => {
    expect(() => smsProviderFromEnv({ SMS_PROVIDER: 'log' }, opts(false))).toThrow(ConfigError)
    expect(() => smsProviderFromEnv({ SMS_PROVIDER: 'log', ALLOW_LOG_SMS: '1' }, opts(true))).toThrow(/production/)
    expect(() => smsProviderFromEnv({}, opts(true))).toThrow(/SMS_PROVIDER/)
    expect(() => smsProviderFromEnv({ SMS_PROVIDER: 'tencent' }, opts(true))).toThrow(/TENCENT_SECRET_ID/)
    expect(() => smsProviderFromEnv({ SMS_PROVIDER: 'carrier-pigeon' }, opts(false))).toThrow(/unknown SMS_PROVIDER/)
    expect(() => smsProviderFromEnv({}, { ...opts(true), phoneLogin: false })).not.toThrow()
  })

  it('log writes "SMS code for <phone>: <code>" at warn level', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const logger = pino({ level: 'warn' }, sink)
    await smsProviderFromEnv({ SMS_PROVIDER: 'log', ALLOW_LOG_SMS: '1' }, { ...opts(false), logger }).sendLoginCode('13700000009', '482913')
    expect(lines).toHaveLength(1)
    const line = JSON.parse(lines[0])
    expect(line.level).toBe(40)
    expect(line.msg).toBe('SMS code for 13700000009: 482913')
  })
})
