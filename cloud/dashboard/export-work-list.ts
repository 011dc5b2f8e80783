import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { CONTACT_KINDS, WORK_LIST_OUTCOMES, WORK_LIST_TITLES, type TListMark, type TWorkListItems, type TWorkListName, type TWorkListQuery } from '../../types/dashboard-lists'
import { STATUS_LABELS, type TReportStatus } from '../../types/reports'
import { formatShanghai } from '../platform/clock'
import { addSheet, escapeCell, newWorkbook, xlsxFile, type SheetColumn, type XlsxFile } from '../platform/xlsx'
import { listScope, workListRows } from './list-work-list'

const when = (at: string | null) => (at ? formatShanghai(new Date(at), 'YYYY-MM-DD HH:mm') : '')

function markText(list: TWorkListName, m: TListMark | null): string {
  if (!m) return ''
  const label = (WORK_LIST_OUTCOMES[list] as Record<string, string>)[m.outcome] ?? m.outcome
  return `${label} ${m.by} ${when(m.at)} ${m.note}`.trim()
}

type Row = Record<string, unknown>
const COLUMNS: { [N in TWorkListName]: { columns: SheetColumn[]; row: (item: TWorkListItems[N]) => Row } } = {
  'isolated-elders': {
    columns: [
      { header: '姓名', key: 'name', width: 10 },
      { header: '年龄', key: 'age', width: 6 },
      { header: '社区', key: 'community', width: 12 },
      { header: '情况', key: 'flags', width: 10 },
      { header: '手机', key: 'phone', width: 14 },
      { header: '地址', key: 'address', width: 28 },
      { header: '家属', key: 'family', width: 30 },
      { header: '紧急联系人', key: 'emergency', width: 18 },
      { header: '最近联系', key: 'contact', width: 22 },
      { header: '最近标记', key: 'mark', width: 30 },
    ],
    row: (e) => ({
      name: e.name,
      age: e.age,
      community: e.communityName,
      flags: [e.livesAlone ? '独居' : '', e.bedBound ? '卧床' : ''].filter(Boolean).join('、'),
      phone: e.phoneMasked,
      address: e.address,
      family: e.family.map((f) => `${f.relation} ${f.name} ${f.phoneMasked ?? ''}`.trim()).join('；'),
      emergency: e.emergencyContact,
      contact: e.lastContact ? `${CONTACT_KINDS[e.lastContact.kind]} ${when(e.lastContact.at)}` : '没有记录',
      mark: markText('isolated-elders', e.lastMark),
    }),
  },
  'expiring-points': {
    columns: [
      { header: '姓名', key: 'name', width: 10 },
      { header: '社区', key: 'community', width: 12 },
      { header: '手机', key: 'phone', width: 14 },
      { header: '本月到期积分', key: 'points', width: 14 },
      { header: '最早到期日', key: 'expiresOn', width: 12 },
      { header: '最近标记', key: 'mark', width: 30 },
    ],
    row: (p) => ({ name: p.name, community: p.communityName, phone: p.phoneMasked, points: p.points, expiresOn: p.expiresOn, mark: markText('expiring-points', p.lastMark) }),
  },
  'inactive-volunteers': {
    columns: [
      { header: '姓名', key: 'name', width: 10 },
      { header: '社区', key: 'community', width: 12 },
      { header: '手机', key: 'phone', width: 14 },
      { header: '成为志愿者', key: 'since', width: 12 },
      { header: '最近服务', key: 'last', width: 18 },
      { header: '完成服务次数', key: 'services', width: 12 },
      { header: '最近标记', key: 'mark', width: 30 },
    ],
    row: (v) => ({
      name: v.name,
      community: v.communityName,
      phone: v.phoneMasked,
      since: formatShanghai(new Date(v.volunteerSince), 'YYYY-MM-DD'),
      last: v.lastServiceAt ? when(v.lastServiceAt) : '从未服务',
      services: v.services,
      mark: markText('inactive-volunteers', v.lastMark),
    }),
  },
  'department-waiting': {
    columns: [
      { header: '编号', key: 'number', width: 18 },
      { header: '类别', key: 'category', width: 10 },
      { header: '处理部门', key: 'department', width: 14 },
      { header: '社区', key: 'community', width: 12 },
      { header: '网格', key: 'grid', width: 12 },
      { header: '状态', key: 'status', width: 10 },
      { header: '交给部门', key: 'since', width: 18 },
      { header: '已等小时', key: 'hours', width: 10 },
      { header: '期限', key: 'deadline', width: 18 },
      { header: '超期', key: 'overdue', width: 6 },
      { header: '最近标记', key: 'mark', width: 30 },
    ],
    row: (r) => ({
      number: r.number,
      category: r.categoryName,
      department: r.departmentName,
      community: r.communityName,
      grid: r.gridName,
      status: STATUS_LABELS[r.status as TReportStatus] ?? r.status,
      since: when(r.waitingSince),
      hours: r.hoursWaiting,
      deadline: when(r.deadlineAt),
      overdue: r.overdue ? '是' : '否',
      mark: markText('department-waiting', r.lastMark),
    }),
  },
}

/** A whole work list as xlsx: the same rows as the page (every page of them), text cells escaped. */
export async function exportWorkList<N extends TWorkListName>(deps: AppDeps, actor: Actor, list: N, query: Pick<TWorkListQuery, 'orgUnitId' | 'days' | 'outcome'>): Promise<XlsxFile> {
  const scope = await listScope(deps.db.kysely, actor, query.orgUnitId, list)
  const all: TWorkListItems[N][] = []
  let cursor: string | undefined
  do {
    const rows = await workListRows(deps, list, scope, query, { limit: 101, cursor, outcome: query.outcome })
    const page = rows.slice(0, 100)
    all.push(...page)
    cursor = rows.length > 100 ? page[page.length - 1].sortKey : undefined
  } while (cursor)
  const spec = COLUMNS[list] as { columns: SheetColumn[]; row: (item: TWorkListItems[N]) => Row }
  const book = await newWorkbook()
  const sheet = addSheet(book, WORK_LIST_TITLES[list].slice(0, 31), spec.columns)
  for (const item of all) sheet.addRow(Object.fromEntries(Object.entries(spec.row(item)).map(([k, v]) => [k, escapeCell(v)])))
  return xlsxFile(book, `${scope.unit.name}-${WORK_LIST_TITLES[list]}.xlsx`)
}
