import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { CALL_OUTCOMES, type TUnbookedElder } from '../../types/dashboard'
import { formatShanghai } from '../platform/clock'
import { addSheet, escapeCell, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { campaignInScope, listUnbookedElders } from './list-unbooked-elders'

/** The whole call list as xlsx (the same rows as the page, every page of them). */
export async function exportUnbookedElders(deps: AppDeps, actor: Actor, campaignId: string): Promise<XlsxFile> {
  const campaign = await campaignInScope(deps, actor, campaignId)
  const all: TUnbookedElder[] = []
  let cursor: string | undefined
  do {
    const page = await listUnbookedElders(deps, actor, { campaignId, limit: 100, cursor })
    all.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  const book = await newWorkbook()
  const sheet = addSheet(book, '未预约老人', [
    { header: '姓名', key: 'name', width: 10 },
    { header: '年龄', key: 'age', width: 6 },
    { header: '手机', key: 'phone', width: 14 },
    { header: '地址', key: 'address', width: 28 },
    { header: '独居', key: 'alone', width: 6 },
    { header: '家属', key: 'family', width: 30 },
    { header: '紧急联系人', key: 'emergency', width: 18 },
    { header: '最近联系', key: 'lastCall', width: 30 },
  ])
  for (const e of all) {
    const row = {
      name: e.name,
      age: e.age,
      phone: e.phoneMasked,
      address: e.address,
      alone: e.livesAlone === null ? '' : e.livesAlone ? '是' : '否',
      family: e.family.map((f) => `${f.relation} ${f.name} ${f.phoneMasked ?? ''}`.trim()).join('；'),
      emergency: e.emergencyContact,
      lastCall: e.lastCall ? `${CALL_OUTCOMES[e.lastCall.outcome]} ${e.lastCall.by} ${formatShanghai(new Date(e.lastCall.at), 'MM-DD HH:mm')} ${e.lastCall.note}`.trim() : '',
    }
    sheet.addRow(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, escapeCell(v)])))
  }
  return xlsxFile(book, `${campaign.title}-未预约老人.xlsx`)
}
