import Taro, { useRouter } from '@tarojs/taro'
import { Image, View, Text } from '@tarojs/components'
import { deliberationApi } from '@/api/deliberation'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { useMe } from '@/stores/session'
import { shanghaiDateTime } from '@/utils/shanghai'
import { coordsText } from '@/utils/geo'
import { StaffTopicTools } from '../staff/topic-tools'
import '../deliberation.scss'

/** 议题: what it is, support and follow, every official answer, 议事会 decisions, votes and 落实 progress. */
export default function TopicPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { me } = useMe()
  const topic = useAsync(() => deliberationApi.topic(id), [id])
  const { busy, msg, act } = useAction(() => topic.reload())
  const t = topic.data
  return (
    <Page title='议题'>
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView loading={topic.loading} error={topic.error} empty={!t} emptyText='' onRetry={topic.reload}>
        {t ? (
          <>
            <View className='lp-card'>
              <Text className='dl-card-title'>{t.title}</Text>
              <Text className='dl-status'>{t.statusLabel}</Text>
              <Text className='lp-hint'>{`${t.categoryLabel} · ${t.scopeName} · ${t.authorName} 提议 · ${shanghaiDateTime(t.createdAt)}`}</Text>
              {t.location ? <Text className='lp-hint'>{`位置：${coordsText(t.location)}`}</Text> : null}
              <Text className='dl-text'>{t.description}</Text>
              {t.photoUrls.length ? (
                <View className='lp-row'>
                  {t.photoUrls.map((u) => (
                    <Image key={u} className='dl-photo' src={u} mode='aspectFill' />
                  ))}
                </View>
              ) : null}
              <Text className='lp-hint'>{t.status === 'collecting' ? `${t.supports} 人支持，满 ${t.threshold} 人转社区答复（征集到 ${t.collectUntil.slice(0, 10)}）` : `${t.supports} 人支持`}</Text>
            </View>
            {!me?.user.isStaff && !t.mine && t.status === 'collecting' ? (
              <Btn disabled={t.supported} busy={busy} onClick={() => void act(async () => (await deliberationApi.support(id), '已支持，有答复会通知您'))}>
                {t.supported ? '已支持' : '支持这个议题'}
              </Btn>
            ) : null}
            {!me?.user.isStaff ? (
              <Btn kind='secondary' busy={busy} onClick={() => void act(async () => (await deliberationApi.follow(id, !t.following), t.following ? '已取消关注' : '已关注，有进展会通知您'))}>
                {t.following ? '取消关注' : '关注进展'}
              </Btn>
            ) : null}
            <Section title='社区答复'>
              {t.answers.length === 0 ? <Text className='lp-hint'>还没有答复</Text> : null}
              {t.answers.map((a, i) => (
                <View key={i} className='lp-card'>
                  <Text className='lp-label'>{a.departmentName ? `${a.decisionLabel}：${a.departmentName}` : a.decisionLabel}</Text>
                  <Text className='dl-text'>{a.reason}</Text>
                  <Text className='lp-hint'>{shanghaiDateTime(a.at)}</Text>
                </View>
              ))}
            </Section>
            {t.meetings.length > 0 ? (
              <Section title='议事会'>
                {t.meetings.map((m) => (
                  <View key={m.id} className='lp-card'>
                    <Text className='lp-label'>{`${m.title} · ${shanghaiDateTime(m.startsAt)}`}</Text>
                    <Text className='dl-text'>{m.decision ? `决定：${m.decision}` : '待讨论'}</Text>
                  </View>
                ))}
              </Section>
            ) : null}
            {t.votes.length > 0 ? (
              <Section title='表决'>
                {t.votes.map((v) => (
                  <Btn key={v.id} kind='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/deliberation/vote/index?id=${v.id}` })}>
                    {v.title}
                  </Btn>
                ))}
              </Section>
            ) : null}
            {t.actions.length > 0 ? (
              <Section title='落实进展'>
                {t.actions.map((a) => (
                  <View key={a.id} className='lp-card'>
                    <Text className='lp-label'>{`${a.title}：${a.progress}%`}</Text>
                    <View className='dl-bar'>
                      <View className='dl-bar-fill' style={{ width: `${a.progress}%` }} />
                    </View>
                    {a.milestones.map((m) => (
                      <Text key={m.id} className='lp-hint'>{`${m.at.slice(0, 10)} ${m.title}（${m.progress}%）${m.note ? `：${m.note}` : ''}`}</Text>
                    ))}
                  </View>
                ))}
              </Section>
            ) : null}
            {me?.user.isStaff ? <StaffTopicTools topic={t} onDone={topic.reload} /> : null}
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
