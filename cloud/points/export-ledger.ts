import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { businessDate, formatShanghai } from '../platform/clock'
import { maskPhone } from '../platform/privacy'
import { addSheet, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { JOURNAL_KIND_LABELS } from '../../types/points'
import { ledgerJournals } from './repository/reports'
import { staffCommunity } from './points.policy'
import { ledgerReportFor, monthRange } from './get-ledger-report'

/** 积分台账 as xlsx: a summary sheet by kind and every journal of the month (staff of the community only). */
export async function exportLedger(deps: AppDeps, actor: Actor, input: { month?: string; communityId?: string }): Promise<XlsxFile> {
  const community = await staffCommunity(deps.db.kysely, actor, input.communityId)
  const month = input.month ?? businessDate(deps.clock.now()).slice(0, 7)
  const report = await ledgerReportFor(deps, community, month)
  const { from, to } = monthRange(month)
  const journals = await ledgerJournals(deps.db.kysely, community.id, from, to)
  const book = await newWorkbook()
  const summary = addSheet(book, '汇总', [
    { header: '类型', key: 'label', width: 14 },
    { header: '笔数', key: 'journals', width: 10 },
    { header: '涉及积分', key: 'points', width: 12 },
    { header: '居民积分净变化', key: 'residentNet', width: 16 },
  ])
  for (const k of report.byKind) summary.addRow(k)
  summary.addRow({ label: '合计', journals: report.journals, residentNet: report.residentNet })
  summary.addRow({})
  summary.addRow({ label: '居民可用积分（当前）', journals: report.outstandingAvailable })
  summary.addRow({ label: '居民冻结积分（当前）', journals: report.outstandingHeld })
  const detail = addSheet(book, '明细', [
    { header: '时间', key: 'time', width: 18 },
    { header: '类型', key: 'kind', width: 12 },
    { header: '居民', key: 'name', width: 10 },
    { header: '电话', key: 'phone', width: 14 },
    { header: '居民积分变化', key: 'net', width: 14 },
    { header: '涉及积分', key: 'points', width: 10 },
    { header: '事项', key: 'memo', width: 24 },
    { header: '原因', key: 'reason', width: 30 },
    { header: '经办人', key: 'actor', width: 10 },
    { header: '记录号', key: 'id', width: 38 },
  ])
  for (const j of journals) {
    detail.addRow({
      time: formatShanghai(new Date(j.created_at)),
      kind: JOURNAL_KIND_LABELS[j.kind],
      name: j.user_name ?? '',
      phone: maskPhone(j.phone) ?? '',
      net: j.resident_net,
      points: j.points,
      memo: j.memo,
      reason: j.reason ?? '',
      actor: j.actor_name ?? '',
      id: j.id,
    })
  }
  return xlsxFile(book, `${community.name}-积分台账-${month}.xlsx`)
}
