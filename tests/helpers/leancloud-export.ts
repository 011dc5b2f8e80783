import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A LeanCloud app's data, as its export holds it: objects with objectId, createdAt, updatedAt, ACL,
 * Pointer and File fields. One data set feeds both the export folder and the fake LeanCloud server.
 */
export type LcObject = Record<string, unknown> & { objectId: string; createdAt: string; updatedAt: string }
export type Dataset = Record<string, LcObject[]>

const ACL = { '*': { read: true } }
let seq = 0
/** LeanCloud objectIds are 24 hex characters. */
export function objectId(prefix: string): string {
  seq++
  return `${prefix}${seq.toString(16).padStart(23, '0')}`
}

export function at(minutes: number): string {
  return new Date(Date.UTC(2025, 2, 1, 0, 0, 0) + minutes * 60_000).toISOString()
}

export const pointer = (className: string, id: string) => ({ __type: 'Pointer', className, objectId: id })
export const file = (url: string, name = 'photo.jpg') => ({ __type: 'File', url, name, objectId: objectId('f') })

export interface Fixture {
  data: Dataset
  /** objectIds by role in the story (what the assertions look for). */
  ids: Record<string, string>
  phones: { zhang: string; li: string }
  /** Rows each class should create / refuse, and what the ledgers should show. */
  expect: {
    users: { created: number; linked: number; refused: number }
    reports: { created: number; refused: number }
    pointsHistory: { created: number; refused: number }
    pointsBalance: { created: number; skipped: number }
    hours: { created: number; refused: number }
    checkups: { created: number; refused: number }
    points: Record<string, number>
    minutes: Record<string, number>
  }
}

/**
 * The story: five residents (one without a phone, one with a broken phone, one already in 邻里通 as
 * 王芳), reports with a GPS-tagged photo, a 404 photo, a _File pointer, an unknown category, bad
 * coordinates and an unknown author; points history with a bad amount and an overdraft; balances;
 * volunteer hours; checkup bookings with a second booking in one year.
 * `fileBase` is where the test serves the photos (`<fileBase>/files/<name>`).
 */
export function buildFixture(fileBase: string, extraReports = 0, variant = 0): Fixture {
  // a second app (variant 1) has other people: other phones and openids
  const phone = (n: string) => `13${9 - variant * 2}0000${n}`
  const oid = (s: string) => `o${variant || ''}-${s}`
  const u = { zhang: objectId('u'), li: objectId('u'), nophone: objectId('u'), badphone: objectId('u'), wangfang: objectId('u') }
  const f1 = objectId('f')
  const users: LcObject[] = [
    {
      objectId: u.zhang,
      createdAt: at(1),
      updatedAt: at(1),
      ACL,
      username: 'zhang',
      nickname: '张阿姨',
      mobilePhoneNumber: phone('0011'),
      authData: { lc_weapp: { openid: oid('zhang-weapp'), session_key: 'x', unionid: 'un-zhang' } },
    },
    {
      objectId: u.li,
      createdAt: at(2),
      updatedAt: at(2),
      ACL,
      username: 'li',
      nickname: '李师傅',
      mobilePhoneNumber: `+86 ${phone('0012').slice(0, 3)}-0000-0012`,
      authData: { weixin: { openid: oid('li-wx'), unionid: 'un-li' } },
    },
    { objectId: u.nophone, createdAt: at(3), updatedAt: at(3), ACL, username: 'nophone', nickname: '没手机', authData: { lc_weapp: { openid: oid('nophone') } } },
    { objectId: u.badphone, createdAt: at(4), updatedAt: at(4), ACL, username: 'bad', nickname: '错号码', mobilePhoneNumber: '12345' },
    { objectId: u.wangfang, createdAt: at(5), updatedAt: at(5), ACL, username: 'wf', nickname: '王芳', mobilePhoneNumber: '13800000001' },
  ]
  const geo = (latitude: number, longitude: number) => ({ __type: 'GeoPoint', latitude, longitude })
  const r = { gps: objectId('r'), unknownCat: objectId('r'), badGeo: objectId('r'), noAuthor: objectId('r'), filePtr: objectId('r'), done: objectId('r'), nul: objectId('r') }
  const reports: LcObject[] = [
    {
      objectId: r.gps,
      createdAt: at(10),
      updatedAt: at(10),
      ACL,
      author: pointer('_User', u.zhang),
      category: '环境卫生',
      content: '楼下垃圾桶满了没人清',
      location: geo(31.2105, 121.4452),
      images: [file(`${fileBase}/files/gps.jpg`), file(`${fileBase}/files/missing.jpg`)],
      status: '待处理',
    },
    {
      objectId: r.unknownCat,
      createdAt: at(11),
      updatedAt: at(11),
      ACL,
      author: pointer('_User', u.li),
      category: '井盖丢失',
      content: '小区门口井盖不见了',
      location: geo(31.2101, 121.4461),
      images: [],
      status: '处理中',
    },
    { objectId: r.badGeo, createdAt: at(12), updatedAt: at(12), ACL, author: pointer('_User', u.zhang), category: '噪音扰民', content: '半夜装修很吵', lat: 200, lng: 121.44 },
    { objectId: r.noAuthor, createdAt: at(13), updatedAt: at(13), ACL, author: pointer('_User', u.nophone), category: '环境卫生', content: '绿化带里有垃圾', location: geo(31.21, 121.445) },
    {
      objectId: r.filePtr,
      createdAt: at(14),
      updatedAt: at(14),
      ACL,
      author: pointer('_User', u.wangfang),
      category: '园林绿化',
      content: '树枝压到电线了',
      location: geo(31.2108, 121.4449),
      images: [pointer('_File', f1)],
    },
    // a NUL byte passes every check in memory but PostgreSQL text refuses it: the batch is redone row by row
    { objectId: r.nul, createdAt: at(16), updatedAt: at(16), ACL, author: pointer('_User', u.li), category: '环境卫生', content: '楼道里\u0000有杂物堆放', location: geo(31.2104, 121.4453) },
    {
      objectId: r.done,
      createdAt: at(15),
      updatedAt: at(20),
      ACL,
      author: pointer('_User', u.li),
      category: '市政设施',
      content: '路灯不亮已经修好',
      location: geo(31.2103, 121.4455),
      status: '已处理',
    },
  ]
  for (let i = 0; i < extraReports; i++) {
    reports.push({
      objectId: objectId('x'),
      createdAt: at(100 + Math.floor(i / 3)),
      updatedAt: at(100 + Math.floor(i / 3)),
      ACL,
      author: pointer('_User', i % 2 ? u.zhang : u.li),
      category: '环境卫生',
      content: `第 ${i} 号问题：楼道堆物`,
      location: geo(31.21 + (i % 50) / 10000, 121.445),
    })
  }
  const files: LcObject[] = [{ objectId: f1, createdAt: at(9), updatedAt: at(9), ACL, name: 'tree.jpg', url: `${fileBase}/files/tree.jpg`, mime_type: 'image/jpeg' }]
  const history: LcObject[] = [
    { objectId: objectId('p'), createdAt: at(30), updatedAt: at(30), ACL, user: pointer('_User', u.zhang), points: 50, reason: '垃圾分类' },
    { objectId: objectId('p'), createdAt: at(31), updatedAt: at(31), ACL, user: pointer('_User', u.zhang), points: 30, reason: '志愿活动' },
    { objectId: objectId('p'), createdAt: at(32), updatedAt: at(32), ACL, user: pointer('_User', u.zhang), points: -20, reason: '兑换洗衣液' },
    { objectId: objectId('p'), createdAt: at(33), updatedAt: at(33), ACL, user: pointer('_User', u.li), points: 10, reason: '随手拍' },
    { objectId: objectId('p'), createdAt: at(34), updatedAt: at(34), ACL, user: pointer('_User', u.li), points: 'abc', reason: '坏数据' },
    { objectId: objectId('p'), createdAt: at(35), updatedAt: at(35), ACL, user: pointer('_User', u.li), points: -500, reason: '透支' },
  ]
  const balances: LcObject[] = [
    { objectId: objectId('b'), createdAt: at(40), updatedAt: at(40), ACL, user: pointer('_User', u.zhang), balance: 60 },
    { objectId: objectId('b'), createdAt: at(41), updatedAt: at(41), ACL, user: pointer('_User', u.li), balance: 25 },
    { objectId: objectId('b'), createdAt: at(42), updatedAt: at(42), ACL, user: pointer('_User', u.wangfang), balance: 100 },
  ]
  const hours: LcObject[] = [
    { objectId: objectId('v'), createdAt: at(50), updatedAt: at(50), ACL, volunteer: pointer('_User', u.li), hours: 2, activity: '陪老人就医' },
    { objectId: objectId('v'), createdAt: at(51), updatedAt: at(51), ACL, volunteer: pointer('_User', u.li), minutes: 45, activity: '理发' },
    { objectId: objectId('v'), createdAt: at(52), updatedAt: at(52), ACL, volunteer: pointer('_User', u.li), hours: 'x', activity: '坏数据' },
    { objectId: objectId('v'), createdAt: at(53), updatedAt: at(53), ACL, volunteer: pointer('_User', u.zhang), hours: 30, activity: '太长' },
  ]
  const checkups: LcObject[] = [
    { objectId: objectId('c'), createdAt: at(60), updatedAt: at(60), ACL, user: pointer('_User', u.zhang), date: '2025-05-12 08:30', place: '东湖社区卫生服务站', status: '已体检' },
    { objectId: objectId('c'), createdAt: at(61), updatedAt: at(61), ACL, user: pointer('_User', u.li), date: '2025-05-12 08:30', place: '东湖社区卫生服务站', status: '已预约' },
    { objectId: objectId('c'), createdAt: at(62), updatedAt: at(62), ACL, user: pointer('_User', u.li), date: '2025-06-01 09:00', place: '东湖社区卫生服务站', status: '已预约' },
    {
      objectId: objectId('c'),
      createdAt: at(63),
      updatedAt: at(63),
      ACL,
      user: pointer('_User', u.zhang),
      date: { __type: 'Date', iso: '2024-05-10T00:30:00.000Z' },
      place: '东湖社区卫生服务站',
      status: '已取消',
    },
  ]
  return {
    data: { _User: users, _File: files, Report: reports, PointRecord: history, PointAccount: balances, VolunteerRecord: hours, CheckupBooking: checkups },
    phones: { zhang: phone('0011'), li: phone('0012') },
    ids: { ...Object.fromEntries(Object.entries(u).map(([k, v]) => [`user.${k}`, v])), ...Object.fromEntries(Object.entries(r).map(([k, v]) => [`report.${k}`, v])) },
    expect: {
      users: { created: 2, linked: 1, refused: 2 },
      reports: { created: 4 + extraReports, refused: 3 },
      pointsHistory: { created: 4, refused: 2 },
      pointsBalance: { created: 2, skipped: 1 },
      hours: { created: 2, refused: 2 },
      checkups: { created: 3, refused: 1 },
      points: { [u.zhang]: 60, [u.li]: 25, [u.wangfang]: 100 },
      minutes: { [u.li]: 165 },
    },
  }
}

/**
 * Writes the export folder: JSON lines for most classes, a JSON array for Report and
 * {"results": [...]} for PointAccount (the forms LeanCloud exports), plus one broken line in the _User file and a repeated PointRecord line.
 */
export async function writeExport(data: Dataset, dir = mkdtempSync(join(tmpdir(), 'linli-lc-export-'))): Promise<string> {
  mkdirSync(dir, { recursive: true })
  for (const [className, rows] of Object.entries(data)) {
    if (className === 'Report') {
      writeFileSync(join(dir, `${className}.json`), JSON.stringify(rows, null, 1))
      continue
    }
    if (className === 'PointAccount') {
      writeFileSync(join(dir, `${className}.json`), JSON.stringify({ results: rows }))
      continue
    }
    const out = createWriteStream(join(dir, `${className}.jsonl`))
    for (const row of rows) out.write(`${JSON.stringify(row)}\n`)
    if (className === '_User') out.write('{"objectId": "broken", "createdAt": \n')
    // an export concatenated twice: the first points line again (imported once)
    if (className === 'PointRecord') out.write(`${JSON.stringify(rows[0])}\n`)
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  }
  return dir
}
