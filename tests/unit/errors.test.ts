import { ERROR_CODES } from '../../types/errors'
import { AppError, fromDatabaseError } from '../../cloud/platform/errors'

describe('error table', () => {
  it('every code has a 4xx/5xx status and a Chinese message', () => {
    for (const [code, [status, message]] of Object.entries(ERROR_CODES)) {
      expect(status).toBeGreaterThanOrEqual(400)
      expect(status).toBeLessThan(600)
      expect(message).toMatch(/[\u4e00-\u9fa5]/)
      expect(code).toMatch(/^[A-Z0-9_]+$/)
    }
  })

  it('only INTERNAL is a 500; only an outside service being down (SMS) or not set up here (the meter webhook) is a 503', () => {
    const fives = Object.entries(ERROR_CODES)
      .filter(([, [s]]) => s >= 500)
      .map(([c, [s]]) => `${c} ${s}`)
    expect(fives).toEqual(['IOT_NOT_CONFIGURED 503', 'INTERNAL 500', 'SMS_UNAVAILABLE 503'])
  })

  it('AppError renders the documented shape', () => {
    const e = new AppError('INVALID_INPUT', { fields: { phone: '手机号应为 11 位数字' } })
    expect(e.status).toBe(400)
    expect(e.toBody()).toEqual({ error: { code: 'INVALID_INPUT', message: ERROR_CODES.INVALID_INPUT[1], details: { fields: { phone: '手机号应为 11 位数字' } } } })
    expect(new AppError('NOT_FOUND').toBody()).toEqual({ error: { code: 'NOT_FOUND', message: '找不到请求的内容' } })
  })

  it('database errors a user can cause map to 4xx; others stay unknown', () => {
    expect(fromDatabaseError({ code: '23505', constraint: 'x' })?.status).toBe(409)
    expect(fromDatabaseError({ code: '23514' })?.status).toBe(422)
    expect(fromDatabaseError({ code: '22P02' })?.status).toBe(400)
    expect(fromDatabaseError({ code: '42P01' })).toBeNull()
    expect(fromDatabaseError(new Error('boom'))).toBeNull()
  })
})
