import ExcelJS from 'exceljs'
import { describeEachDb, type TestContext } from '../helpers/app'
import { tableCounts } from '../helpers/db'
import { badCheckDigit, idNumber, PEOPLE_HEADER, peopleRows, peopleXlsx } from '../helpers/people-sheet'

async function postSheet(c: TestContext, token: string, bytes: Buffer, fields: Record<string, string>, path = '/api/v1/admin/people/import', name = '台账.xlsx') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), name)
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  const res = await c.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  const type = res.headers.get('content-type') ?? ''
  return { status: res.status, body: type.includes('json') ? ((await res.json()) as any) : Buffer.from(await res.arrayBuffer()) }
}

/** Every table's row count except the audit log (an import attempt is itself audited). */
async function dataCounts(c: TestContext) {
  const { audit_log: _audit, ...rest } = await tableCounts(c.db)
  return rest
}

describeEachDb('导入居民和老人台账 people import', (ctx) => {
  const t: Record<string, string> = {}
  beforeAll(async () => {
    for (const who of ['staff01', 'lead01', 'admin01']) t[who] = await ctx().login(who)
  })

  it('2,000 rows with 20 bad ones: dry run, then 1,980 created and 20 refused with reasons; a second run changes nothing', async () => {
    const c = ctx()
    const { rows, bad } = peopleRows({ rows: 2000, community: '东湖社区', withBadRows: true })
    const file = await peopleXlsx(PEOPLE_HEADER, rows)
    const before = await tableCounts(c.db)

    const dry = await postSheet(c, t.admin01, file, { dryRun: 'true' })
    expect(dry.status).toBe(200)
    expect(dry.body).toMatchObject({ dryRun: true, created: 1980, matched: 0, rows: 2000 })
    expect(dry.body.refused).toHaveLength(20)
    expect(await tableCounts(c.db)).toEqual(before)

    const done = await postSheet(c, t.admin01, file, { dryRun: 'false' })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ dryRun: false, created: 1980, matched: 0 })
    const refused = done.body.refused as { row: number; reason: string }[]
    expect(refused.map((r) => r.row)).toEqual(bad.map((b) => b.row).sort((a, b) => a - b))
    const reasonOf = (kind: string) => refused.filter((r) => bad.find((b) => b.row === r.row)!.kind === kind).map((r) => r.reason)
    expect(reasonOf('bad check digit').every((r) => r.includes('校验位'))).toBe(true)
    expect(reasonOf('duplicate').every((r) => /与第 \d+ 行的身份证号重复/.test(r))).toBe(true)
    expect(reasonOf('unknown community').every((r) => r.includes('不存在社区'))).toBe(true)
    expect(reasonOf('bad date').every((r) => r.includes('出生日期格式不对'))).toBe(true)
    const after = await tableCounts(c.db)
    expect(after.users - before.users).toBe(1980)
    expect(after.people_profiles - before.people_profiles).toBe(1980)
    expect(after.role_assignments - before.role_assignments).toBe(1980)

    // stored masked + keyed hash, never the number
    const sample = rows[1]
    const person = await c.db.kysely.selectFrom('users').selectAll().where('name', '=', sample[0]!).executeTakeFirstOrThrow()
    expect(person.id_number_masked).toBe(`**************${sample[1]!.slice(-4)}`)
    expect(JSON.stringify(person)).not.toContain(sample[1]!)
    const profile = await c.db.kysely.selectFrom('people_profiles').selectAll().where('user_id', '=', person.id).executeTakeFirstOrThrow()
    expect(profile).toMatchObject({ lives_alone: false, disabled: false, source: 'import' })

    const countsAfterFirst = await dataCounts(c)
    const again = await postSheet(c, t.admin01, file, { dryRun: 'false' })
    expect(again.body).toMatchObject({ created: 0, matched: 1980 })
    expect(again.body.refused).toHaveLength(20)
    expect(await dataCounts(c)).toEqual(countsAfterFirst)
  }, 120_000)

  it('a person imported with a phone logs in by SMS; one without is a counter-registered elder staff find by ID number', async () => {
    const c = ctx()
    const withPhone = idNumber('1948-05-06', 901)
    const noPhone = idNumber('1941-02-03', 902)
    const file = await peopleXlsx(PEOPLE_HEADER, [
      ['周玉兰', withPhone, '1948-05-06', '13912345678', '东湖路 9 弄', '东湖社区', '是', '否', '儿子 周强'],
      ['钱阿婆', noPhone, '', '', '东湖路 11 弄', '东湖社区', '是', '是', null],
    ])
    const done = await postSheet(c, t.admin01, file, { dryRun: 'false' })
    expect(done.body).toMatchObject({ created: 2, matched: 0, refused: [] })
    expect((await c.call('POST', '/api/v1/auth/sms/send', { body: { phone: '13912345678' } })).status).toBe(200)
    const login = await c.call('POST', '/api/v1/auth/sms/verify', { body: { phone: '13912345678', code: c.sms.sent.at(-1)!.code } })
    expect(login.status).toBe(200)
    expect(login.body.user.name).toBe('周玉兰')
    const found = await c.call('GET', `/api/v1/staff/elders?q=${noPhone}`, { token: t.staff01 })
    expect(found.status).toBe(200)
    expect(found.body.items.map((e: { name: string }) => e.name)).toEqual(['钱阿婆'])
    expect(found.body.items[0].communityName).toBe('东湖社区')
  })

  it('a column map reads other headers; formula cells are refused; the refusals download escapes = + - @', async () => {
    const c = ctx()
    const header = ['居民姓名', '证件号码', '出生日期', '手机', '地址', '社区']
    const good = idNumber('1950-01-02', 903)
    const file = await peopleXlsx(header, [
      ['吴老伯', good, '1950-01-02', null, '复兴中路 1 号', '东湖社区'],
      [{ formula: 'HYPERLINK("http://evil.example","点我")' }, idNumber('1950-01-03', 904), null, null, '复兴中路 2 号', '东湖社区'],
      ['郑老伯', badCheckDigit(idNumber('1950-01-04', 905)), null, null, '=1+2', '东湖社区'],
      ['王老伯', idNumber('1950-01-05', 906), null, null, '@SUM(A1)', '东湖社区'],
    ])
    const columns = JSON.stringify({ 居民姓名: 'name', 证件号码: 'idNumber' })
    const missing = await postSheet(c, t.admin01, file, { dryRun: 'true' })
    expect(missing.status).toBe(422)
    expect(missing.body.error.code).toBe('IMPORT_COLUMNS_MISSING')
    expect(missing.body.error.message).toContain('姓名')

    const dry = await postSheet(c, t.admin01, file, { dryRun: 'true', columns })
    expect(dry.status).toBe(200)
    expect(dry.body).toMatchObject({ created: 2, matched: 0 })
    expect(dry.body.refused).toEqual([
      { row: 3, reason: expect.stringContaining('公式') },
      { row: 4, reason: expect.stringContaining('校验位') },
    ])

    const xlsx = await postSheet(c, t.admin01, file, { dryRun: 'true', columns }, '/api/v1/admin/people/import/refusals')
    expect(xlsx.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    const ws = book.worksheets[0]
    expect(ws.getRow(1).values).toEqual([undefined, ...header, '原因'])
    expect(ws.rowCount).toBe(3)
    const cells = (n: number) => (ws.getRow(n).values as unknown[]).slice(1)
    expect(cells(2)[0]).toBe(`'=HYPERLINK("http://evil.example","点我")`) // the formula comes back as inert text
    expect(cells(3)[4]).toBe(`'=1+2`)
    expect(cells(3)[6]).toContain('校验位')
    for (let r = 1; r <= ws.rowCount; r++) for (const v of cells(r)) expect(typeof v === 'string' && /^[=+\-@]/.test(v)).toBe(false)
  })

  it('not an xlsx → 415 and nothing written; community staff get 404; a 片区 lead cannot import into another 片区', async () => {
    const c = ctx()
    const before = await tableCounts(c.db)
    const csv = await postSheet(c, t.admin01, Buffer.from('姓名,身份证号,社区\n张三,110101195001011234,东湖社区\n'), { dryRun: 'false' }, undefined, '台账.xlsx')
    expect(csv.status).toBe(415)
    expect(csv.body.error.code).toBe('IMPORT_NOT_XLSX')
    const fakeZip = await postSheet(c, t.admin01, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), { dryRun: 'false' })
    expect(fakeZip.status).toBe(415)
    const file = await peopleXlsx(PEOPLE_HEADER, [['孙老伯', idNumber('1950-01-06', 907), null, null, '乌中路 1 号', '乌中社区', null, null, null]])
    expect((await postSheet(c, t.staff01, file, { dryRun: 'false' })).status).toBe(404)
    const lead = await postSheet(c, t.lead01, file, { dryRun: 'false' })
    expect(lead.status).toBe(200)
    expect(lead.body.created).toBe(0)
    expect(lead.body.refused[0].reason).toContain('不在您管理的范围内')
    const notMultipart = await c.call('POST', '/api/v1/admin/people/import', { token: t.admin01, body: { dryRun: 'false' } })
    expect(notMultipart.status).toBe(415)
    const badFlag = await postSheet(c, t.admin01, file, { dryRun: 'maybe' })
    expect(badFlag.status).toBe(400)
    expect(await dataCounts(c)).toEqual((({ audit_log: _a, ...rest }) => rest)(before))
  })
})
