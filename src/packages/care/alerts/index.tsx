import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { careApi } from '../../../api/care'
import { Btn, ListSection, Page, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { useWide } from '../../../hooks/use-wide'
import { AlertCard } from '../alert-card'
import { Timeline } from '../timeline'
import '../care.scss'

type Tab = 'open' | 'closed'

/**
 * 关爱预警 (grid worker's phone, staff at a desk): the alerts of my grids, most urgent first — one tap
 * to call the elder or the family, 我来处理, 上门签到, close with the outcome. At a desk the chosen
 * alert's timeline is in a side panel.
 */
export default function CareAlertsPage() {
  const [tab, setTab] = useState<Tab>('open')
  const [picked, setPicked] = useState<string | null>(null)
  const wide = useWide()
  const list = useAsync(() => careApi.alerts(tab), [tab])
  const detail = useAsync(() => careApi.alert(picked!), [picked, list.data], Boolean(picked && wide))
  const items = list.data?.items ?? []
  const open = (id: string) => (wide ? setPicked(id) : void Taro.navigateTo({ url: `/packages/care/alert/index?id=${id}` }))
  const cards = (
    <ListSection
      title={tab === 'open' ? `待处理（${items.length}）` : `已结束（${items.length}）`}
      state={list}
      empty={items.length === 0}
      emptyText={tab === 'open' ? '现在没有需要处理的预警' : '还没有结束的预警'}
    >
      {items.map((a) => (
        <AlertCard key={a.id} alert={a} onChanged={list.reload} onOpen={() => open(a.id)} />
      ))}
    </ListSection>
  )
  return (
    <Page title='关爱预警' className={wide ? 'lp-desk' : ''}>
      <Text className='lp-hint lp-block'>独居老人家的智能水表长时间没用水、一直在流水或深夜异常用水时，会出现在这里。30 分钟没人接手会升级到社区，2 小时升级到片区。</Text>
      <View className='care-tabs'>
        <Btn kind={tab === 'open' ? 'primary' : 'secondary'} onClick={() => setTab('open')}>
          待处理
        </Btn>
        <Btn kind={tab === 'closed' ? 'primary' : 'secondary'} onClick={() => setTab('closed')}>
          已结束
        </Btn>
        <Btn kind='plain' onClick={() => void Taro.navigateTo({ url: '/packages/care/enrol/index' })}>
          关爱登记
        </Btn>
      </View>
      {wide ? (
        <View className='care-desk'>
          <View className='care-desk-list'>{cards}</View>
          <View className='care-desk-side'>
            {picked ? (
              <StateView loading={detail.loading && !detail.data} error={detail.error} empty={false} emptyText='' onRetry={detail.reload}>
                {detail.data ? (
                  <View className='lp-card'>
                    <Text className='lp-label'>{detail.data.elderName} 的预警经过</Text>
                    <Timeline events={detail.data.events} />
                  </View>
                ) : null}
              </StateView>
            ) : (
              <Text className='lp-hint'>点一条预警，在这里看经过</Text>
            )}
          </View>
        </View>
      ) : (
        cards
      )}
    </Page>
  )
}
