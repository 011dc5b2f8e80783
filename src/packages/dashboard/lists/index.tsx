import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TRole } from '../../../../types/org'
import { WORK_LIST_TITLES, type TWorkListName } from '../../../../types/dashboard-lists'
import { Page } from '../../../components'
import { useWide } from '../../../hooks/use-wide'
import { useMe } from '../../../stores/session'
import { Chip } from '../chip'
import { UnbookedList } from './unbooked'
import { WorkList } from './work-list'
import '../dashboard.scss'

type ListKey = 'unbooked-elders' | TWorkListName
const TITLES: Record<ListKey, string> = { 'unbooked-elders': '未预约体检的老人', ...WORK_LIST_TITLES }
const OFFICE: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin', 'health_staff']

/** 精准滴灌: the work lists staff tick off — pick one; each is exported as Excel. */
export default function ListsPage() {
  const { me } = useMe()
  const wide = useWide()
  const params = Taro.getCurrentInstance().router?.params ?? {}
  const roles = me?.roles ?? []
  const office = roles.filter((r) => OFFICE.includes(r.role))
  const department = roles.find((r) => r.role === 'department_staff')
  const orgUnitId = params.orgUnitId ?? office[0]?.orgUnitId ?? department?.orgUnitId ?? null
  const atDepartment = Boolean(department && orgUnitId === department.orgUnitId)
  // a department works its own waiting list only; the health centre the elders' lists
  const health = office.length > 0 && office.every((r) => r.role === 'health_staff')
  const available = (Object.keys(TITLES) as ListKey[]).filter((k) => (atDepartment ? k === 'department-waiting' : health ? k === 'unbooked-elders' || k === 'isolated-elders' : true))
  const initial = (params.list as ListKey | undefined) ?? available[0]
  const [list, setList] = useState<ListKey>(initial)
  const shown = available.includes(list) ? list : available[0]
  return (
    <Page title='精准滴灌名单' className={wide ? 'lp-desk db-desk-page' : ''}>
      <View className='db-tools db-picker' ariaRole='tablist'>
        {available.map((k) => (
          <Chip key={k} on={k === shown} label={TITLES[k]} onTap={() => setList(k)} />
        ))}
      </View>
      {me && !orgUnitId ? <Text className='lp-hint'>您的岗位没有可看的名单。</Text> : null}
      {shown === 'unbooked-elders' ? <UnbookedList /> : orgUnitId && shown ? <WorkList key={shown} name={shown} orgUnitId={orgUnitId} /> : null}
    </Page>
  )
}
