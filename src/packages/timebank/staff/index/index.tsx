import { useState } from 'react'
import { View } from '@tarojs/components'
import { Btn, Page, Section } from '@/components'
import { Adjust } from './adjust'
import { Applications } from './applications'
import { Report } from './report'
import { RequestList } from './request-list'
import './index.scss'

type Tab = 'open' | 'disputed' | 'review' | 'volunteers' | 'adjust' | 'report'
const TABS: { key: Tab; label: string }[] = [
  { key: 'open', label: '待派单' },
  { key: 'disputed', label: '有异议' },
  { key: 'review', label: '签到复核' },
  { key: 'volunteers', label: '志愿者认证' },
  { key: 'adjust', label: '时长调整' },
  { key: 'report', label: '月度报表' },
]

/** 工作台 · 时间银行: 派单, disputes, far check-ins, volunteer verification, adjustments, the monthly report. */
export default function TimebankStaffPage() {
  const [tab, setTab] = useState<Tab>('open')
  return (
    <Page title='时间银行 · 工作台' className='tb-staff'>
      <View className='tb-tabs'>
        {TABS.map((t) => (
          <Btn key={t.key} kind={tab === t.key ? 'primary' : 'plain'} className='tb-tab' onClick={() => setTab(t.key)}>
            {t.label}
          </Btn>
        ))}
      </View>
      <Section title={TABS.find((t) => t.key === tab)!.label}>
        {tab === 'open' || tab === 'disputed' || tab === 'review' ? <RequestList status={tab} /> : tab === 'volunteers' ? <Applications /> : tab === 'adjust' ? <Adjust /> : <Report />}
      </Section>
    </Page>
  )
}
