import { ageOn, businessDate, formatShanghai, shanghaiTime, addMinutes, fixedClock } from '../../cloud/platform/clock'
import { maskIdNumber, maskName, maskPhone, hashIdNumber } from '../../cloud/platform/privacy'

describe('Shanghai business time', () => {
  it('the business day turns at midnight Shanghai, 16:00 UTC', () => {
    expect(businessDate(new Date('2026-11-27T15:59:00Z'))).toBe('2026-11-27')
    expect(businessDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28')
  })

  it('a Shanghai wall-clock time is 8 hours ahead of UTC', () => {
    expect(shanghaiTime('2026-12-01', '18:00').toISOString()).toBe('2026-12-01T10:00:00.000Z')
    expect(formatShanghai(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30')
  })

  it('age counts full years on the Shanghai date', () => {
    // the evening of the 14th UTC is already the 15th in Shanghai: the birthday has come
    expect(ageOn('1948-03-15', new Date('2026-03-14T17:00:00Z'))).toBe(78)
    expect(ageOn('1948-03-15', new Date('2026-03-14T15:00:00Z'))).toBe(77)
    expect(ageOn(null, new Date())).toBeNull()
  })

  it('a fixed clock moves only when told', () => {
    const clock = fixedClock('2026-11-27T04:00:00Z')
    clock.advance(90)
    expect(clock.now().toISOString()).toBe('2026-11-27T05:30:00.000Z')
    expect(addMinutes(clock.now(), -30).toISOString()).toBe('2026-11-27T05:00:00.000Z')
  })
})

describe('masking', () => {
  it('keeps only what a stranger may see', () => {
    expect(maskPhone('13800000001')).toBe('138****0001')
    expect(maskPhone(null)).toBeNull()
    expect(maskIdNumber('31010419480315123X')).toBe('**************123X')
    expect(maskName('张三明')).toBe('张*明')
    expect(maskName('王芳')).toBe('王*')
  })

  it('ID hashes are keyed and case-insensitive for the X', () => {
    expect(hashIdNumber('31010419480315123x', 'p')).toBe(hashIdNumber('31010419480315123X', 'p'))
    expect(hashIdNumber('31010419480315123X', 'p')).not.toBe(hashIdNumber('31010419480315123X', 'q'))
  })
})
