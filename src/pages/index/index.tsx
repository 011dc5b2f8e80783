import { useEffect } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { FAMILY_RELATION_LABELS } from '../../../types/accounts'
import { Btn, Page, Section, StateView } from '../../components'
import { loadMe, useMe } from '../../stores/session'
import { shanghai } from '../../utils/shanghai'
import { STAFF_HOME, staffShouldLand } from '../../utils/landing'
import './index.scss'

const ENTRIES = [
  { title: '随手拍', hint: '拍下身边的问题', url: '/packages/reports/index/index' },
  { title: '积分', hint: '参与社区事务攒积分', url: '/packages/points/index/index' },
  { title: '时间银行', hint: '志愿服务存时间', url: '/packages/timebank/index/index' },
  { title: '体检预约', hint: '老人年度体检', url: '/packages/checkups/index/index' },
]

/** By the community's clock (Shanghai), not the phone's zone. */
function greeting(): string {
  const h = shanghai().getUTCHours()
  if (h < 11) return '早上好'
  if (h < 14) return '中午好'
  if (h < 18) return '下午好'
  return '晚上好'
}

export default function HomePage() {
  const { me, signedIn, loading, error } = useMe()
  useDidShow(() => {
    void loadMe()
  })
  // staff start their day on 工作台 (once per launch; 首页 stays reachable)
  useEffect(() => {
    if (staffShouldLand(me)) void Taro.reLaunch({ url: STAFF_HOME })
  }, [me])
  const watched = me ? me.familyLinks.filter((l) => l.memberId === me.user.id && l.status === 'active') : []

  return (
    <Page className='home'>
      <View className='home-hello'>
        {signedIn && me ? (
          <Text className='lp-title'>
            {me.user.name}，{greeting()}
          </Text>
        ) : (
          <>
            <Text className='lp-title'>邻里通</Text>
            {!signedIn ? (
              <Btn className='home-login' onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>
                登录
              </Btn>
            ) : null}
          </>
        )}
        {me?.user.communityName ? <Text className='lp-hint'>{me.user.communityName}</Text> : null}
      </View>

      <View className='lp-grid'>
        {ENTRIES.map((e) => (
          <View key={e.title} className='lp-entry' ariaRole='button' onClick={() => void Taro.navigateTo({ url: e.url })}>
            <Text className='lp-entry-title'>{e.title}</Text>
            <Text className='lp-hint'>{e.hint}</Text>
          </View>
        ))}
      </View>

      {signedIn && (loading || error) && !me ? (
        <StateView loading={loading} error={error} empty emptyText='' onRetry={() => void loadMe()} />
      ) : null}

      {watched.length > 0 ? (
        <Section title='我关注的老人'>
          {watched.map((l) => (
            <View key={l.id} className='lp-card home-elder'>
              <Text className='lp-label'>{l.elderName}</Text>
              <Text className='lp-hint'>
                {FAMILY_RELATION_LABELS[l.relation]} · 已绑定
              </Text>
              <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/checkups/index/index' })}>
                帮 TA 预约体检
              </Btn>
            </View>
          ))}
        </Section>
      ) : null}
    </Page>
  )
}
