import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { loadMe } from '@/stores/session'
import { minutesLabel, timebankApi } from '@/api/timebank'
import { Btn, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import './index.scss'

const go = (page: string) => void Taro.navigateTo({ url: `/packages/timebank/${page}/index` })

export default function TimebankPage() {
  const me = useAsync(() => loadMe(), [])
  const mine = useAsync(() => timebankApi.me(), [])
  const volunteer = Boolean(me.data?.roles.some((r) => r.role === 'volunteer'))
  return (
    <Page title='时间银行'>
      <Section title='我的时间'>
        <StateView loading={mine.loading} error={mine.error} empty={false} emptyText='' onRetry={mine.reload}>
          <View className='lp-card'>
            <Text className='tb-balance'>{minutesLabel(mine.data?.balanceMinutes ?? 0)}</Text>
            <Text className='tb-sub'>存下的时间可以用来请志愿者帮忙，也可以送给家里 60 岁以上的老人。</Text>
          </View>
        </StateView>
      </Section>
      <Btn onClick={() => go('ask')}>请人帮忙</Btn>
      <Btn kind='secondary' onClick={() => go('requests')}>
        我的请求
      </Btn>
      {volunteer ? (
        <>
          <Btn kind='secondary' onClick={() => go('tasks')}>
            志愿接单
          </Btn>
          <Btn kind='secondary' onClick={() => go('hours')}>
            我的时长和证明
          </Btn>
        </>
      ) : null}
    </Page>
  )
}
