import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TRole } from '../../../../types/org'
import { dashboardApi } from '../../../api/dashboard'
import { Btn, Page, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { useWide } from '../../../hooks/use-wide'
import { useMe } from '../../../stores/session'
import { PERIOD_LABELS, periodOf, type PeriodKind } from '../period'
import { Figures } from './figures'
import { Charts } from './charts'
import { MapView } from './map'
import { Places } from './places'
import { DrillPanel } from './drill-panel'
import { Chip } from '../chip'
import '../dashboard.scss'

const VIEW_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin', 'health_staff', 'department_staff']

/** 数据概览: how the street (片区, community, department) is doing, compared with the period before. */
export default function DashboardPage() {
  const { me } = useMe()
  const wide = useWide()
  const units = (me?.roles ?? []).filter((r) => VIEW_ROLES.includes(r.role))
  const params = Taro.getCurrentInstance().router?.params ?? {}
  const [unitId, setUnitId] = useState<string | null>(params.orgUnitId ?? null)
  const [kind, setKind] = useState<PeriodKind>('month')
  const [drill, setDrill] = useState<{ figure: string; label: string } | null>(null)
  const orgUnitId = unitId ?? units[0]?.orgUnitId ?? null
  const period = orgUnitId ? { orgUnitId, ...periodOf(kind) } : null
  const dash = useAsync(() => dashboardApi.dashboard(period!), [period?.orgUnitId, period?.from, period?.to], Boolean(period))
  const d = dash.data
  return (
    <Page title='数据概览' className={wide ? 'lp-desk db-desk-page' : ''}>
      {units.length === 0 && me ? <Text className='lp-hint'>您的岗位没有可看的数据。</Text> : null}
      <View className='db-tools'>
        {units.map((u) => (
          <Chip key={u.orgUnitId} on={u.orgUnitId === orgUnitId} label={u.orgUnitName} onTap={() => (setUnitId(u.orgUnitId), setDrill(null))} />
        ))}
        {d && !units.some((u) => u.orgUnitId === d.orgUnitId) ? <Text className='db-chip db-chip-on'>{d.orgUnitName}</Text> : null}
      </View>
      <View className='db-tools'>
        {(Object.keys(PERIOD_LABELS) as PeriodKind[]).map((k) => (
          <Chip key={k} on={k === kind} label={PERIOD_LABELS[k]} onTap={() => (setKind(k), setDrill(null))} />
        ))}
      </View>
      {period ? <Text className='lp-hint'>{`${period.from} 至 ${period.to}${d?.materialisedThrough ? `（数据每天凌晨汇总，今天的已实时计入）` : ''}`}</Text> : null}
      <StateView loading={dash.loading && !d} error={dash.error} empty={false} emptyText='' onRetry={dash.reload}>
        {d && period ? (
          <View className={wide ? 'db-desk' : ''}>
            <View className='db-main'>
              <Figures d={d} onDrill={(figure, label) => setDrill({ figure, label })} />
              {drill && !wide ? <DrillPanel period={period} figure={drill.figure} label={drill.label} onClose={() => setDrill(null)} /> : null}
              <Charts period={period} />
              <MapView period={period} />
              <Places d={d} onUnit={(id) => (setUnitId(id), setDrill(null))} />
            </View>
            {wide ? (
              <View className='db-side'>
                {drill ? (
                  <DrillPanel period={period} figure={drill.figure} label={drill.label} onClose={() => setDrill(null)} />
                ) : (
                  <Text className='lp-hint'>点一个数字，这里列出它背后的随手拍。</Text>
                )}
              </View>
            ) : null}
          </View>
        ) : null}
      </StateView>
      <View className='db-tools'>
        <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/dashboard/lists/index?list=unbooked-elders${orgUnitId ? `&orgUnitId=${orgUnitId}` : ''}` })}>
          未预约体检的老人名单
        </Btn>
        {orgUnitId ? (
          <Btn
            kind='secondary'
            onClick={() => void Taro.navigateTo({ url: `/packages/dashboard/lists/index?orgUnitId=${orgUnitId}&list=${d?.kind === 'department' ? 'department-waiting' : 'isolated-elders'}` })}
          >
            精准滴灌名单（独居卧床老人、积分到期、志愿者、部门待办）
          </Btn>
        ) : null}
        {orgUnitId ? (
          <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/dashboard/monthly/index?orgUnitId=${orgUnitId}` })}>
            月度报表
          </Btn>
        ) : null}
      </View>
    </Page>
  )
}
