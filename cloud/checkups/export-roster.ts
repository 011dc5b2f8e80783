import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { formatShanghai } from '../platform/clock'
import { addSheet, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { BOOKING_CHANNEL_LABELS, BOOKING_STATUS_LABELS } from '../../types/checkups'
import { getFullRoster } from './get-roster'

/** Roster and attendance (签到) as xlsx for the office; phones appear only for staff in scope. */
export async function exportRoster(deps: AppDeps, actor: Actor, campaignId: string): Promise<XlsxFile> {
  const { title, items } = await getFullRoster(deps, actor, campaignId)
  const book = await newWorkbook()
  const sheet = addSheet(book, '体检名单', [
    { header: '日期', key: 'date', width: 12 },
    { header: '时间', key: 'time', width: 14 },
    { header: '地点', key: 'place', width: 24 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '年龄', key: 'age', width: 6 },
    { header: '身份证', key: 'id', width: 22 },
    { header: '电话', key: 'phone', width: 14 },
    { header: '家属联系', key: 'family', width: 24 },
    { header: '预约方式', key: 'channel', width: 12 },
    { header: '状态', key: 'status', width: 10 },
    { header: '签到时间', key: 'checkedIn', width: 18 },
  ])
  for (const r of items) {
    sheet.addRow({
      date: formatShanghai(new Date(r.session.startsAt), 'YYYY-MM-DD'),
      time: `${formatShanghai(new Date(r.session.startsAt), 'HH:mm')}–${formatShanghai(new Date(r.session.endsAt), 'HH:mm')}`,
      place: r.session.place,
      name: r.elderName,
      age: r.age ?? '',
      id: r.idNumberMasked ?? '',
      phone: r.phone ?? '',
      family: r.familyContacts.map((f) => `${f.name} ${f.phone ?? ''}`.trim()).join('；'),
      channel: BOOKING_CHANNEL_LABELS[r.channel],
      status: BOOKING_STATUS_LABELS[r.status],
      checkedIn: r.checkedInAt ? formatShanghai(new Date(r.checkedInAt)) : '',
    })
  }
  return xlsxFile(book, `${title}-名单.xlsx`)
}
