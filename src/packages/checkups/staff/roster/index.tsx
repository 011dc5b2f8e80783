import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { downloadRosterXlsx } from '@/api/checkups'
import { Btn, Message, Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { loadMe } from '@/stores/session'
import { useStaffCampaign } from '../shared'
import { HomeVisits } from './home-visits'
import { NoShows } from './no-shows'
import { Today } from './today'
import { Waitlist } from './waitlist'
import './index.scss'

const TABS = [
  ['today', '今日签到'],
  ['noshow', '未到场回访'],
  ['wait', '候补'],
  ['home', '上门'],
] as const

export default function CheckupRosterPage() {
  const { list, campaign } = useStaffCampaign()
  useAsync(() => loadMe(), [])
  const [tab, setTab] = useState<(typeof TABS)[number][0]>('today')
  const { busy, msg, act } = useAction()
  const download = async () => {
    if (!campaign) return
    await act(() => downloadRosterXlsx(campaign.id, `${campaign.communityName}${campaign.title}-名单.xlsx`))
  }
  return (
    <Page title='体检签到'>
      <StateView loading={list.loading} error={list.error} empty={!campaign} emptyText='还没有体检活动' onRetry={list.reload}>
        {campaign ? (
          <>
            <Text className='cks-line'>
              {campaign.communityName} · {campaign.title}
            </Text>
            <View className='cks-tabs'>
              {TABS.map(([k, label]) => (
                <Btn key={k} kind={tab === k ? 'primary' : 'secondary'} onClick={() => setTab(k)}>
                  {label}
                </Btn>
              ))}
            </View>
            {tab === 'today' ? (
              <Today campaignId={campaign.id} />
            ) : tab === 'noshow' ? (
              <NoShows campaignId={campaign.id} />
            ) : tab === 'wait' ? (
              <Waitlist campaignId={campaign.id} />
            ) : (
              <HomeVisits campaignId={campaign.id} />
            )}
            <Btn kind='plain' busy={busy} onClick={() => void download()}>
              {busy ? '正在生成…' : '下载名单和签到表（xlsx）'}
            </Btn>
            <Message kind={msg?.kind} text={msg?.text} />
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
