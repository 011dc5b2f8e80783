/**
 * src/api/client.ts on its own: Taro's request and storage replaced by a fake network, so each rule of
 * `request()` is shown by what the user would notice (the login page, a kept session, one key per action).
 */
type Answer = { statusCode: number; data: unknown } | 'lost'
interface Sent {
  url: string
  method: string
  header: Record<string, string>
  data: unknown
}

function loadClient(answers: (req: Sent) => Answer | Promise<Answer>) {
  const storage = new Map<string, unknown>([['linli.token', 'tok-1']])
  const sent: Sent[] = []
  const navigations: string[] = []
  const taro = {
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    getCurrentPages: () => [{ route: 'pages/me/index' }],
    navigateTo: async ({ url }: { url: string }) => {
      navigations.push(url)
      // the page change takes a moment: calls failing meanwhile must not open a second login page
      await new Promise((r) => setTimeout(r, 5))
    },
    request: async (o: Sent) => {
      sent.push(o)
      const a = await answers(o)
      if (a === 'lost') throw new Error('request:fail timeout')
      return a
    },
  }
  const g = globalThis as Record<string, unknown>
  g.API_BASE = 'https://api.test'
  g.CLOUD_ENV = ''
  let client!: typeof import('../../src/api/client')
  jest.isolateModules(() => {
    jest.doMock('@tarojs/taro', () => ({ __esModule: true, default: taro }))
    // isolateModules loads synchronously: a fresh module with this test's Taro mock
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    client = require('../../src/api/client')
  })
  return { client, storage, sent, navigations }
}

const refusal = (statusCode: number, code: string, message: string, details?: unknown) => ({ statusCode, data: { error: { code, message, details } } })

describe('request() — the one way the app calls the server', () => {
  afterEach(() => jest.dontMock('@tarojs/taro'))

  it('sends the session; an ended session (401) is forgotten and the login page opens once for all the calls that failed', async () => {
    const { client, storage, sent, navigations } = loadClient(() => refusal(401, 'TOKEN_EXPIRED', '登录已过期，请重新登录'))
    const calls = [client.request('GET', '/me'), client.request('GET', '/me/points'), client.request('GET', '/me/notices')]
    const results = await Promise.allSettled(calls)
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(sent[0].header.Authorization).toBe('Bearer tok-1')
    expect(storage.has('linli.token')).toBe(false)
    expect(navigations).toEqual(['/pages/login/index'])
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ status: 401, message: '登录已过期，请重新登录' })
  })

  it('a 401 for an older token (a new session came meanwhile) and BAD_CREDENTIALS keep the session', async () => {
    let answer = refusal(401, 'TOKEN_EXPIRED', '登录已过期，请重新登录')
    const { client, storage, navigations } = loadClient(async () => {
      storage.set('linli.token', 'tok-2') // a password change handed out a new session while this call was out
      return answer
    })
    await expect(client.request('GET', '/me')).rejects.toMatchObject({ status: 401 })
    expect(storage.get('linli.token')).toBe('tok-2')
    answer = refusal(401, 'BAD_CREDENTIALS', '当前密码不正确')
    await expect(client.request('POST', '/auth/staff/password', { body: {} })).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' })
    expect(storage.get('linli.token')).toBe('tok-2')
    expect(navigations).toEqual([])
  })

  it('a public call sends no session and a 401 there is only an answer', async () => {
    const { client, storage, sent, navigations } = loadClient(() => refusal(401, 'SMS_CODE_INVALID', '验证码不正确'))
    await expect(client.request('POST', '/auth/sms/verify', { body: {}, auth: false })).rejects.toMatchObject({ message: '验证码不正确' })
    expect(sent[0].header.Authorization).toBeUndefined()
    expect(storage.get('linli.token')).toBe('tok-1')
    expect(navigations).toEqual([])
  })

  it('no answer at all is a Chinese network error', async () => {
    const { client } = loadClient(() => 'lost')
    await expect(client.request('GET', '/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK', message: '网络连接失败，请检查网络后重试' })
  })

  it('one Idempotency-Key per user action: kept after a lost answer or while the first try runs, new once the server has answered', async () => {
    const script: Answer[] = [
      'lost',
      refusal(409, 'CONFLICT', '同一个请求正在处理中，请稍候', { idempotencyKey: 'x' }),
      { statusCode: 201, data: { id: 'r1' } },
      { statusCode: 201, data: { id: 'r2' } },
    ]
    const { client, sent } = loadClient(() => script.shift()!)
    const redeem = () => client.request('POST', '/points/redemptions', { body: { goodsId: 'g1' }, idempotent: true })
    await expect(redeem()).rejects.toMatchObject({ code: 'NETWORK' })
    await expect(redeem()).rejects.toMatchObject({ status: 409 })
    await expect(redeem()).resolves.toEqual({ id: 'r1' })
    await expect(redeem()).resolves.toEqual({ id: 'r2' })
    const keys = sent.map((s) => s.header['Idempotency-Key'])
    expect(keys[0]).toMatch(/^a-[a-z0-9]+-[a-z0-9]+$/)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).toBe(keys[0])
    // the next redeem is another action
    expect(keys[3]).not.toBe(keys[0])
  })

  it('a refusal ends the action: the next tap is a new one', async () => {
    const script: Answer[] = [refusal(422, 'POINTS_NOT_ENOUGH', '积分不够'), { statusCode: 201, data: {} }]
    const { client, sent } = loadClient(() => script.shift()!)
    const redeem = () => client.request('POST', '/points/redemptions', { body: { goodsId: 'g1' }, idempotent: true })
    await expect(redeem()).rejects.toMatchObject({ message: '积分不够' })
    await redeem()
    expect(sent[1].header['Idempotency-Key']).not.toBe(sent[0].header['Idempotency-Key'])
  })
})
