import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import type { TElder } from '../../../../types/accounts'
import { api } from '../../../api'
import { careApi } from '../../../api/care'
import { Btn, ListSection, Message, Page, Section } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { useAction } from '../../../hooks/use-action'
import { useWide } from '../../../hooks/use-wide'
import { shanghaiDateTime } from '../../../utils/shanghai'
import '../care.scss'

/**
 * 关爱登记 (counter staff): find the elder, the meter's number, whose consent (the elder's own, in the
 * app or here at the counter with the elder present), the grid whose worker is told, quiet hours.
 * Below: who is enrolled, the last reading, 撤回同意 (data deleted 7 days later).
 */
export default function CareEnrolPage() {
  const wide = useWide()
  const list = useAsync(() => careApi.enrolments(), [])
  const units = useAsync(() => api.staffUnits(), [])
  const [q, setQ] = useState('')
  const [found, setFound] = useState<TElder[]>([])
  const [elder, setElder] = useState<TElder | null>(null)
  const [meterId, setMeterId] = useState('')
  const [consent, setConsent] = useState<'elder' | 'counter'>('counter')
  const [gridId, setGridId] = useState<string | null>(null)
  const [quiet, setQuiet] = useState({ start: '23', end: '5' })
  const search = useAction()
  const save = useAction(list.reload)
  const rows = useAction(list.reload)
  const grids = (units.data?.items ?? []).filter((u) => u.kind === 'grid' && (!elder?.communityId || u.parentId === elder.communityId))
  const items = list.data?.items ?? []
  return (
    <Page title='关爱登记' className={wide ? 'lp-desk' : ''}>
      <Section title='登记一位独居老人'>
        <View className='care-form'>
          <Input className='lp-input' value={q} placeholder='老人姓名或身份证号' onInput={(e) => setQ(e.detail.value)} />
          <Btn kind='secondary' busy={search.busy} onClick={() => void search.act(async () => setFound((await api.searchElders(q.trim())).items))}>
            查找老人
          </Btn>
          {found.map((e) => (
            <Btn key={e.id} kind={elder?.id === e.id ? 'primary' : 'plain'} onClick={() => setElder(e)}>
              {e.name}
              {e.age !== null ? ` · ${e.age} 岁` : ''} {e.address ?? ''}
            </Btn>
          ))}
          <Message kind='error' text={search.error} />
          <Input className='lp-input' value={meterId} placeholder='水表编号（水表上的条码）' onInput={(e) => setMeterId(e.detail.value)} />
          <Text className='lp-hint'>老人本人的同意（监测家中用水，必须本人同意）</Text>
          <View className='care-actions'>
            <Btn kind={consent === 'counter' ? 'primary' : 'secondary'} onClick={() => setConsent('counter')}>
              老人在窗口当面同意
            </Btn>
            <Btn kind={consent === 'elder' ? 'primary' : 'secondary'} onClick={() => setConsent('elder')}>
              老人在手机上同意
            </Btn>
          </View>
          <Text className='lp-hint'>负责的网格（网格员会第一时间收到提醒）</Text>
          <View className='care-actions'>
            {grids.map((g) => (
              <Btn key={g.id} kind={gridId === g.id ? 'primary' : 'secondary'} onClick={() => setGridId(g.id)}>
                {g.name}
              </Btn>
            ))}
          </View>
          <Text className='lp-hint'>夜间安静时段（几点到几点不该用水）</Text>
          <View className='care-actions'>
            <Input className='lp-input' type='number' value={quiet.start} onInput={(e) => setQuiet({ ...quiet, start: e.detail.value })} />
            <Text className='lp-body'>点 至</Text>
            <Input className='lp-input' type='number' value={quiet.end} onInput={(e) => setQuiet({ ...quiet, end: e.detail.value })} />
            <Text className='lp-body'>点</Text>
          </View>
          <Btn
            busy={save.busy}
            onClick={() => {
              if (!elder) return save.fail('请先查找并选中老人')
              void save.act(() =>
                careApi
                  .enrol({ elderId: elder.id, meterId: meterId.trim(), consent: { by: consent }, gridId: gridId ?? undefined, quietStart: Number(quiet.start), quietEnd: Number(quiet.end) })
                  .then((e) => `已登记：${e.elderName}（水表 ${e.meterId}）`),
              )
            }}
          >
            登记并开始关爱
          </Btn>
          <Message kind='error' text={save.error} />
          {save.msg?.kind === 'success' ? <Message kind='success' text={save.msg.text} /> : null}
        </View>
      </Section>
      <ListSection title={`已登记（${items.filter((e) => e.status === 'active').length} 人）`} state={list} empty={items.length === 0} emptyText='还没有登记的老人'>
        {items.map((e) => (
          <View key={e.id} className='lp-card'>
            <Text className='lp-label'>
              {e.elderName} · 水表 {e.meterId}
            </Text>
            <Text className='lp-hint lp-block'>
              {e.status === 'active'
                ? `${e.consentBy === 'elder' ? '本人手机同意' : '窗口当面同意'} · 最后读数 ${e.lastReadingAt ? shanghaiDateTime(e.lastReadingAt).slice(5) : '还没有'}`
                : `已撤回同意，数据将于 ${shanghaiDateTime(e.purgeAfter ?? e.withdrawnAt ?? '').slice(5, 10)} 删除`}
            </Text>
            {e.away.map((w) => (
              <Text key={w.id} className='lp-hint lp-block'>
                外出：{shanghaiDateTime(w.startsAt).slice(5)} 至 {shanghaiDateTime(w.endsAt).slice(5)} {w.reason}
              </Text>
            ))}
            {e.status === 'active' ? (
              <View className='care-actions'>
                <Btn kind='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/care/family/index?elderId=${e.elderId}` })}>
                  用水情况 / 登记外出
                </Btn>
                <Btn kind='plain' busy={rows.busy} onClick={() => void rows.act(() => careApi.withdraw(e.id).then(() => `${e.elderName} 已撤回同意`))}>
                  撤回同意
                </Btn>
              </View>
            ) : null}
          </View>
        ))}
        <Message kind='error' text={rows.error} />
      </ListSection>
    </Page>
  )
}
