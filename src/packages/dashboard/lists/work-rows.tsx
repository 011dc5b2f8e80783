import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  CONTACT_KINDS,
  WORK_LIST_OUTCOMES,
  type TDepartmentWaiting,
  type TExpiringPoints,
  type TInactiveVolunteer,
  type TIsolatedElder,
  type TListMark,
  type TWorkListItems,
  type TWorkListName,
} from '../../../../types/dashboard-lists'
import { STATUS_LABELS, type TReportStatus } from '../../../../types/reports'
import { dashboardApi } from '../../../api/dashboard'
import { Btn, Message } from '../../../components'
import { useAction } from '../../../hooks/use-action'
import { shanghaiDateTime } from '../../../utils/shanghai'

const date = (iso: string) => shanghaiDateTime(iso).slice(0, 10)

function MarkLine({ name, mark }: { name: TWorkListName; mark: TListMark | null }) {
  if (!mark) return <Text className='lp-hint'>还没有标记</Text>
  const label = (WORK_LIST_OUTCOMES[name] as Record<string, string>)[mark.outcome] ?? mark.outcome
  return <Text className='lp-hint db-mark'>{`上次标记：${label}（${mark.by}，${shanghaiDateTime(mark.at)}）${mark.note}`}</Text>
}

function Elder({ e }: { e: TIsolatedElder }) {
  const flags = [e.livesAlone ? '独居' : '', e.bedBound ? '卧床' : ''].filter(Boolean).join('、')
  return (
    <View className='db-row-body'>
      <Text className='lp-label'>{`${e.name}${e.age !== null ? ` · ${e.age} 岁` : ''} · ${flags}`}</Text>
      <Text className='lp-hint'>{`${e.communityName} · ${e.phoneMasked ?? '没有手机号'}${e.address ? ` · ${e.address}` : ''}`}</Text>
      {e.family.map((f) => (
        <Text key={`${f.name}-${f.relation}`} className='lp-hint'>{`家属：${f.relation} ${f.name} ${f.phoneMasked ?? ''}`}</Text>
      ))}
      {e.emergencyContact ? <Text className='lp-hint'>紧急联系人：{e.emergencyContact}</Text> : null}
      <Text className={e.lastContact ? 'lp-hint' : 'lp-hint db-bad'}>{e.lastContact ? `最近联系：${CONTACT_KINDS[e.lastContact.kind]} ${date(e.lastContact.at)}` : '没有任何联系记录'}</Text>
    </View>
  )
}

function Points({ p }: { p: TExpiringPoints }) {
  return (
    <View className='db-row-body'>
      <Text className='lp-label'>{`${p.name} · ${p.points} 分本月到期`}</Text>
      <Text className='lp-hint'>{`${p.communityName} · ${p.phoneMasked ?? '没有手机号'} · 最早 ${p.expiresOn} 到期`}</Text>
    </View>
  )
}

function Volunteer({ v }: { v: TInactiveVolunteer }) {
  return (
    <View className='db-row-body'>
      <Text className='lp-label'>{`${v.name} · ${v.lastServiceAt ? `最近服务 ${date(v.lastServiceAt)}` : '从未服务'}`}</Text>
      <Text className='lp-hint'>{`${v.communityName} · ${v.phoneMasked ?? '没有手机号'} · ${date(v.volunteerSince)} 成为志愿者 · 完成服务 ${v.services} 次`}</Text>
    </View>
  )
}

function Waiting({ r }: { r: TDepartmentWaiting }) {
  const open = () => void Taro.navigateTo({ url: `/packages/staff/reports/detail/index?id=${r.subjectId}` })
  return (
    <View className='db-row-body' ariaRole='button' onClick={open}>
      <Text className='lp-label'>{`${r.departmentName} · 已等 ${r.hoursWaiting >= 48 ? `${Math.floor(r.hoursWaiting / 24)} 天` : `${r.hoursWaiting} 小时`}`}</Text>
      <Text className='lp-hint'>{`${r.number} · ${r.categoryName} · ${r.communityName} ${r.gridName} · ${STATUS_LABELS[r.status as TReportStatus] ?? r.status}`}</Text>
      <Text className={r.overdue ? 'lp-hint db-bad' : 'lp-hint'}>{`期限 ${shanghaiDateTime(r.deadlineAt)}${r.overdue ? '（已超期）' : ''} · 打开工单 ›`}</Text>
    </View>
  )
}

/** One row of a work list and the buttons that tick it off (the mark keeps who and when). */
export function WorkRow({ name, item, orgUnitId, days, onMarked }: { name: TWorkListName; item: TWorkListItems[TWorkListName]; orgUnitId: string; days: number; onMarked: () => void }) {
  const { busy, error, act } = useAction(onMarked)
  const outcomes: Record<string, string> = WORK_LIST_OUTCOMES[name]
  return (
    <View className='lp-card db-elder db-work-row'>
      {name === 'isolated-elders' ? <Elder e={item as TIsolatedElder} /> : null}
      {name === 'expiring-points' ? <Points p={item as TExpiringPoints} /> : null}
      {name === 'inactive-volunteers' ? <Volunteer v={item as TInactiveVolunteer} /> : null}
      {name === 'department-waiting' ? <Waiting r={item as TDepartmentWaiting} /> : null}
      <MarkLine name={name} mark={item.lastMark} />
      <View className='db-tools'>
        {Object.keys(outcomes).map((o) => (
          <Btn key={o} kind='secondary' busy={busy} onClick={() => void act(() => dashboardApi.markWorkList(name, item.subjectId, { orgUnitId, outcome: o, days }))}>
            {outcomes[o]}
          </Btn>
        ))}
      </View>
      <Message kind='error' text={error} />
    </View>
  )
}
