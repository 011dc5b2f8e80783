import gcoord from 'gcoord'
import { describeEachDb } from '../helpers/app'
import { browserToGcj02 } from '../../src/utils/crs'
import { distanceMetres as distanceMeters } from '../../cloud/timebank/timebank.policy'
import { routeLocation } from '../../cloud/reports/repository/routing'

/** 东湖社区第一网格 (GCJ-02, as stored): where grid01 works. */
const AT = { lat: 31.21, lng: 121.4327 }

describeEachDb('H5 positions (WGS-84 from the browser) against GCJ-02 boundaries', (ctx) => {
  it('the browser’s GPS reading, converted by the H5 app, routes to the grid the person stands in; unconverted it would not', async () => {
    const k = ctx().db.kysely
    const donghu1 = (await k.selectFrom('org_units').select('id').where('name', '=', '东湖社区第一网格').executeTakeFirstOrThrow()).id
    // what navigator.geolocation says standing at AT (GPS = WGS-84)
    const [lng, lat] = gcoord.transform([AT.lng, AT.lat], gcoord.GCJ02, gcoord.WGS84)
    const gps = { lat, lng }
    expect(distanceMeters(gps, AT)).toBeGreaterThan(300) // the offset is hundreds of metres here
    const raw = await routeLocation(k, gps.lat, gps.lng)
    expect(raw?.gridId).not.toBe(donghu1)
    const converted = browserToGcj02(gps)
    expect(distanceMeters(converted, AT)).toBeLessThan(2)
    expect((await routeLocation(k, converted.lat, converted.lng))?.gridId).toBe(donghu1)
  })

  it('outside China the position is left as it is', () => {
    expect(browserToGcj02({ lat: 51.5, lng: -0.12 })).toEqual({ lat: 51.5, lng: -0.12 })
  })
})
