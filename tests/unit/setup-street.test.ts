import { idCheckDigitValid, birthDateOfId } from '../../cloud/platform/privacy'
import { escapeCell } from '../../cloud/platform/xlsx'
import { overlapArea, ringsOf, selfIntersection, uncoveredArea, type Geometry } from '../../cloud/org/geometry'
import { boundariesSvg } from '../../src/packages/admin/boundaries/svg'

const square = (w: number, s: number, e: number, n: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
})

describe('GB 11643 check digit', () => {
  it('accepts the standard sample numbers and refuses a changed last character', () => {
    expect(idCheckDigitValid('11010519491231002X')).toBe(true) // the GB 11643 example
    expect(idCheckDigitValid('11010519491231002x')).toBe(true)
    expect(idCheckDigitValid('110105194912310021')).toBe(false)
    expect(idCheckDigitValid('1101051949123100')).toBe(false)
    expect(birthDateOfId('11010519491231002X')).toBe('1949-12-31')
  })
})

describe('xlsx cell escaping', () => {
  it('writes cells that would run as formulas as text', () => {
    for (const s of ['=1+2', '+86', '-3', '@SUM(A1)', '\t=x']) expect(escapeCell(s)).toBe(`'${s}`)
    expect(escapeCell('东湖路 1 号')).toBe('东湖路 1 号')
  })
})

describe('boundary geometry', () => {
  it('one ring per row, holes flagged, closing point dropped', () => {
    const withHole: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
        [
          [1, 1],
          [1, 2],
          [2, 2],
          [2, 1],
          [1, 1],
        ],
      ],
    }
    expect(ringsOf(withHole)).toEqual([
      { part: 0, ring: 0, isHole: false, shape: '((0,0),(4,0),(4,4),(0,4))' },
      { part: 0, ring: 1, isHole: true, shape: '((1,1),(1,2),(2,2),(2,1))' },
    ])
  })
  it('finds a bow-tie, overlaps and gaps in square metres', () => {
    expect(
      selfIntersection({
        type: 'Polygon',
        coordinates: [
          [
            [121.44, 31.205],
            [121.445, 31.215],
            [121.445, 31.205],
            [121.44, 31.215],
            [121.44, 31.205],
          ],
        ],
      }),
    ).toContain('自相交')
    expect(selfIntersection(square(121.44, 31.2, 121.445, 31.21))).toBeNull()
    expect(overlapArea(square(121.44, 31.2, 121.445, 31.21), square(121.445, 31.2, 121.45, 31.21))).toBe(0) // touching only
    expect(overlapArea(square(121.44, 31.2, 121.445, 31.21), square(121.444, 31.2, 121.45, 31.21))).toBeGreaterThan(50_000)
    const community = square(121.44, 31.2, 121.445, 31.21)
    expect(uncoveredArea(community, [square(121.44, 31.2, 121.445, 31.205), square(121.44, 31.205, 121.445, 31.21)])).toBeLessThan(1)
    expect(uncoveredArea(community, [square(121.44, 31.2, 121.445, 31.205)])).toBeGreaterThan(200_000)
  })
  it('draws an SVG with one path per unit and escaped names', () => {
    const svg = boundariesSvg([
      { name: '东湖社区', kind: 'community', geometry: square(121.43, 31.195, 121.435, 31.215) },
      { name: '<第一网格>', kind: 'grid', geometry: square(121.43, 31.205, 121.435, 31.215) },
    ])
    expect(svg.match(/<path /g)).toHaveLength(2)
    expect(svg).toContain('&lt;第一网格&gt;')
    expect(Number(/height="(\d+)"/.exec(svg)![1])).toBeLessThanOrEqual(520)
  })
})
