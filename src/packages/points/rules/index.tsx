import { useState } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import type { TPointsRule } from '@contracts/points'
import { pointsApi } from '@/api/points'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import './index.scss'

// these are credited on their own: by the 随手拍 review, or by scanning the event QR
const AUTOMATIC = new Set(['valid_report', 'event_attendance', 'garbage_sorting'])

function caps(r: TPointsRule): string {
  const parts = [r.dailyCap ? `每天最多 ${r.dailyCap} 分` : '', r.monthlyCap ? `每月最多 ${r.monthlyCap} 分` : ''].filter(Boolean)
  return parts.join('，')
}

function Apply({ rule }: { rule: TPointsRule }) {
  const [open, setOpen] = useState(false)
  const [note, setNote] = useState('')
  const { busy, msg, act } = useAction()
  const submit = async () => {
    await act(async () => {
      const e = await pointsApi.apply(rule.id, note)
      setOpen(false)
      setNote('')
      return e.status === 'pending' ? '已提交，社区工作人员审核后加分' : e.status === 'credited' ? `已获得 ${e.points} 积分` : (e.reason ?? '已记录')
    })
  }
  return (
    <View>
      {open ? (
        <View>
          <Textarea className='pts-input' value={note} placeholder='说说您做了什么，例如：周六帮 3 号楼张阿姨买菜' onInput={(e) => setNote(e.detail.value)} />
          <View className='lp-row'>
            <Btn busy={busy} disabled={note.trim().length < 2} onClick={() => void submit()}>
              提交申请
            </Btn>
            <Btn kind='secondary' onClick={() => setOpen(false)}>
              取消
            </Btn>
          </View>
        </View>
      ) : (
        <Btn kind='secondary' onClick={() => setOpen(true)}>
          我做了，申请积分
        </Btn>
      )}
      <Message kind={msg?.kind} text={msg?.text} />
    </View>
  )
}

export default function RulesPage() {
  const rules = useAsync(() => pointsApi.rules(), [])
  const items = rules.data?.items ?? []
  return (
    <Page title='怎样获得积分'>
      <Text className='lp-hint'>积分可在积分商城兑换礼品，有效期到次年 12 月 31 日。</Text>
      <Section title='积分规则'>
        <StateView loading={rules.loading} error={rules.error} empty={items.length === 0} emptyText='社区还没有公布积分规则' onRetry={rules.reload}>
          {items.map((r) => (
            <View key={r.id} className='lp-card'>
              <View className='pts-goods-head'>
                <Text className='lp-body'>{r.name}</Text>
                <Text className='pts-price'>+{r.points} 分</Text>
              </View>
              {r.description ? <Text className='lp-hint'>{r.description}</Text> : null}
              {caps(r) ? <Text className='lp-hint'>{caps(r)}</Text> : null}
              {AUTOMATIC.has(r.kind) ? <Text className='lp-hint'>{r.kind === 'valid_report' ? '随手拍被受理后自动加分' : '在现场扫工作人员出示的二维码签到'}</Text> : <Apply rule={r} />}
            </View>
          ))}
        </StateView>
      </Section>
    </Page>
  )
}
