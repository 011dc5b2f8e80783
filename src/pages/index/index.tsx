import { useEffect } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { FAMILY_RELATION_LABELS } from '@contracts/accounts'
import { Btn, Page, Section, StateView } from '@/components'
import { loadMe, useMe } from '@/stores/session'
import { STAFF_HOME, staffShouldLand } from '@/utils/landing'
import { shanghai, shanghaiDateTime } from '@/utils/shanghai'
import { reportsApi } from '@/api/reports'
import { timebankApi } from '@/api/timebank'
import { checkupsApi } from '@/api/checkups'
import type { TBooking } from '@contracts/checkups'
import { useAsync } from '@/hooks/use-async'
import { openLink } from '@/utils/open-link'
import './index.scss'

const ENTRIES = [
  { title: '随手拍', hint: '拍下身边的问题', url: '/packages/reports/index/index' },
  { title: '积分', hint: '参与社区事务攒积分', url: '/packages/points/index/index' },
  { title: '时间银行', hint: '志愿服务存时间', url: '/packages/timebank/index/index' },
  { title: '体检预约', hint: '老人年度体检', url: '/packages/checkups/index/index' },
  { title: '场地预约', hint: '活动室、球场、借物品', url: '/packages/resources/index/index' },
  { title: '社会组织', hint: '志愿队、兴趣团体', url: '/packages/resources/org/index' },
  { title: '议事', hint: '提议题、投票、看落实', url: '/packages/deliberation/index/index' },
]

/** By the community's clock (Shanghai), not the phone's zone. */
function greeting(): string {
  const h = shanghai().getUTCHours()
  if (h < 11) return '早上好'
  if (h < 14) return '中午好'
  if (h < 18) return '下午好'
  return '晚上好'
}

interface Todo {
  key: string
  title: string
  hint: string
  link: string
}

/**
 * What waits for this person, gathered from their own lists: a fix to confirm (随手拍), a service to
 * confirm (时间银行), a freed checkup place offered from the waitlist (候补). A list that fails to load
 * only hides its own to-dos.
 */
async function loadWaiting(): Promise<{ todos: Todo[]; bookings: TBooking[] }> {
  const [reports, services, checkups] = await Promise.allSettled([reportsApi.mine(), timebankApi.mine('mine'), checkupsApi.mine()])
  const todos: Todo[] = []
  if (reports.status === 'fulfilled')
    for (const r of reports.value.items.filter((x) => x.status === 'resolved'))
      todos.push({ key: `r-${r.id}`, title: '随手拍已处理，请确认', hint: r.number, link: `/packages/reports/detail/index?id=${r.id}` })
  if (services.status === 'fulfilled')
    for (const s of services.value.items.filter((x) => x.status === 'awaiting_confirmation'))
      todos.push({ key: `s-${s.id}`, title: '请确认服务时长', hint: `${s.serviceTypeLabel} · ${s.elderName}`, link: '/packages/timebank/requests/index' })
  const bookings = checkups.status === 'fulfilled' ? checkups.value.bookings : []
  if (checkups.status === 'fulfilled')
    for (const w of checkups.value.waitlist.filter((x) => x.status === 'offered'))
      todos.push({
        key: `w-${w.id}`,
        title: `候补到了体检名额：${w.elderName}`,
        hint: `${shanghaiDateTime(w.session.startsAt)} ${w.session.place}${w.offerExpiresAt ? `，请在 ${shanghaiDateTime(w.offerExpiresAt).slice(5)} 前确认` : ''}`,
        link: '/packages/checkups/index/index',
      })
  return { todos, bookings }
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
  const resident = Boolean(me && !me.user.isStaff)
  const waiting = useAsync(() => (resident ? loadWaiting() : Promise.resolve({ todos: [], bookings: [] })), [resident, me?.user.id])
  useDidShow(() => {
    if (resident) waiting.reload()
  })
  const todos = waiting.data?.todos ?? []
  const bookingOf = (elderId: string) => waiting.data?.bookings.find((b) => b.elderId === elderId && (b.status === 'booked' || b.status === 'checked_in' || b.status === 'done'))

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

      {todos.length > 0 ? (
        <Section title={`等您处理（${todos.length}）`}>
          {todos.map((t) => (
            <View key={t.key} className='lp-card home-todo' ariaRole='button' onClick={() => void openLink(t.link)}>
              <Text className='lp-label'>{t.title}</Text>
              <Text className='lp-hint'>{`${t.hint} · 去处理 ›`}</Text>
            </View>
          ))}
        </Section>
      ) : null}

      <View className='lp-grid'>
        {ENTRIES.map((e) => (
          <View key={e.title} className='lp-entry' ariaRole='button' onClick={() => void Taro.navigateTo({ url: e.url })}>
            <Text className='lp-entry-title'>{e.title}</Text>
            <Text className='lp-hint'>{e.hint}</Text>
          </View>
        ))}
      </View>

      {signedIn && (loading || error) && !me ? <StateView loading={loading} error={error} empty emptyText='' onRetry={() => void loadMe()} /> : null}

      {watched.length > 0 ? (
        <Section title='我关注的老人'>
          {watched.map((l) => (
            <View key={l.id} className='lp-card home-elder'>
              <Text className='lp-label'>{l.elderName}</Text>
              <Text className='lp-hint'>{FAMILY_RELATION_LABELS[l.relation]} · 已绑定</Text>
              {l.scopes.includes('receive_notices') ? (
                <Btn kind='plain' onClick={() => void Taro.navigateTo({ url: `/packages/care/family/index?elderId=${l.elderId}` })}>
                  用水关爱
                </Btn>
              ) : null}
              {(() => {
                const b = bookingOf(l.elderId)
                if (!b) {
                  return (
                    <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/checkups/index/index' })}>
                      帮 TA 预约体检
                    </Btn>
                  )
                }
                // booked already: the booking itself, not another offer to book
                return (
                  <>
                    <Text className='lp-body lp-block home-booking'>
                      {b.status === 'done' ? `今年体检已完成（${shanghaiDateTime(b.session.startsAt).slice(5, 10)}）` : `已约体检：${shanghaiDateTime(b.session.startsAt).slice(5)} ${b.session.place}`}
                    </Text>
                    <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/checkups/booking/index?id=${b.id}` })}>
                      查看预约
                    </Btn>
                  </>
                )
              })()}
            </View>
          ))}
        </Section>
      ) : null}
    </Page>
  )
}
