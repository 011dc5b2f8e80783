import { shanghai, shanghaiDate } from '../../src/utils/shanghai'

describe('Shanghai wall clock on the phone', () => {
  test('late evening UTC is already the next morning in Shanghai', () => {
    expect(shanghaiDate('2026-11-27T16:21:00Z')).toBe('2026-11-28')
    expect(shanghai(new Date('2026-11-27T16:21:00Z')).getUTCHours()).toBe(0)
  })
  test('the year turns at 16:00 UTC on 31 December', () => {
    expect(shanghaiDate(Date.parse('2026-12-31T15:59:59Z'))).toBe('2026-12-31')
    expect(shanghaiDate(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })
})
