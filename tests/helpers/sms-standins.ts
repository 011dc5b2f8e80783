import { createHash, createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Loopback stand-ins for the two SMS APIs. Each checks the signature the way the provider
 * documents it (recomputed here from the secret it shares with the test), answers as the provider
 * does, and records what was sent. `failNext` makes the next call answer with the provider's error.
 */
export interface SmsStandIn {
  url: string
  received: { phone: string; params: unknown; signatureOk: boolean }[]
  failNext: string | null
  close(): Promise<void>
}

async function listen(handler: (body: string, headers: Record<string, string | string[] | undefined>, host: string) => { status: number; json: unknown }): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const { status, json } = handler(Buffer.concat(chunks).toString('utf8'), req.headers, req.headers.host ?? '')
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(json))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

const hex256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** Tencent Cloud SMS 2021-01-11 SendSms, checking TC3-HMAC-SHA256 (签名方法 v3). */
export async function tencentStandIn(secretId: string, secretKey: string): Promise<SmsStandIn> {
  const state: SmsStandIn = { url: '', received: [], failNext: null, close: async () => {} }
  const { server, url } = await listen((body, headers, host) => {
    const auth = String(headers.authorization ?? '')
    const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(auth)
    const timestamp = String(headers['x-tc-timestamp'] ?? '')
    let signatureOk = false
    if (m && m[1] === secretId && headers['x-tc-action'] === 'SendSms') {
      const date = m[2]
      const canonical = `POST\n/\n\ncontent-type:${headers['content-type']}\nhost:${host}\n\ncontent-type;host\n${hex256(body)}`
      const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${hex256(canonical)}`
      const kDate = createHmac('sha256', `TC3${secretKey}`).update(date).digest()
      const kService = createHmac('sha256', kDate).update('sms').digest()
      const kSigning = createHmac('sha256', kService).update('tc3_request').digest()
      signatureOk = createHmac('sha256', kSigning).update(toSign).digest('hex') === m[3] && new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) === date
    }
    const params = JSON.parse(body || '{}')
    state.received.push({ phone: params.PhoneNumberSet?.[0], params, signatureOk })
    if (!signatureOk) return { status: 200, json: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: 'r' } } }
    if (state.failNext) {
      const code = state.failNext
      state.failNext = null
      return { status: 200, json: { Response: { SendStatusSet: [{ Code: code, Message: 'limit exceeded', PhoneNumber: params.PhoneNumberSet[0] }], RequestId: 'r' } } }
    }
    return { status: 200, json: { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success', PhoneNumber: params.PhoneNumberSet[0], SerialNo: 's1' }], RequestId: 'r' } } }
  })
  state.url = url
  state.close = () => new Promise((r) => server.close(() => r()))
  return state
}

const percent = (s: string) =>
  encodeURIComponent(s).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~').replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29')

/** Aliyun dysmsapi 2017-05-25 SendSms, checking the RPC signature (HMAC-SHA1, version 1.0). */
export async function aliyunStandIn(accessKeyId: string, accessKeySecret: string): Promise<SmsStandIn> {
  const state: SmsStandIn = { url: '', received: [], failNext: null, close: async () => {} }
  const { server, url } = await listen((body) => {
    const form = new URLSearchParams(body)
    const given = form.get('Signature')
    form.delete('Signature')
    const canonical = [...form.keys()]
      .sort()
      .map((k) => `${percent(k)}=${percent(form.get(k)!)}`)
      .join('&')
    const expected = createHmac('sha1', `${accessKeySecret}&`)
      .update(`POST&%2F&${percent(canonical)}`)
      .digest('base64')
    const signatureOk = given === expected && form.get('AccessKeyId') === accessKeyId && form.get('SignatureMethod') === 'HMAC-SHA1' && form.get('Action') === 'SendSms'
    const params = Object.fromEntries(form.entries())
    state.received.push({ phone: form.get('PhoneNumbers') ?? '', params, signatureOk })
    if (!signatureOk) return { status: 400, json: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' } }
    if (state.failNext) {
      const code = state.failNext
      state.failNext = null
      return { status: 200, json: { Code: code, Message: '触发分钟级流控', RequestId: 'r' } }
    }
    return { status: 200, json: { Code: 'OK', Message: 'OK', BizId: 'b1', RequestId: 'r' } }
  })
  state.url = url
  state.close = () => new Promise((r) => server.close(() => r()))
  return state
}
