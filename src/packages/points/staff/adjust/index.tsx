import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TPointsResident } from '@contracts/points'
import { pointsApi } from '@/api/points'
import { Btn, ListSection, Message, Page, Section, CommunityPicker } from '@/components'
import { POINTS_STAFF_ROLES } from '@/packages/staff/modules'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { minuteOf } from '@/packages/points/format'
import { errorText, FormError, requiredInt } from '../form'
import './index.scss'

function FindResident({ onPick }: { onPick: (r: TPointsResident) => void }) {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<TPointsResident[] | null>(null)
  const { busy, error, act } = useAction(undefined, errorText)
  const search = () =>
    act(async () => {
      try {
        setFound((await pointsApi.searchResidents(q.trim())).items)
      } catch (e) {
        setFound(null)
        throw e
      }
    })
  return (
    <Section title='1. 找到居民'>
      <Input className='pts-input' value={q} placeholder='姓名或手机号' onInput={(e) => setQ(e.detail.value)} onConfirm={() => void search()} />
      <Btn kind='secondary' busy={busy} disabled={q.trim() === ''} onClick={() => void search()}>
        查找
      </Btn>
      <Message kind='error' text={error} />
      {found && found.length === 0 ? <Text className='lp-hint lp-block'>本社区没有找到“{q.trim()}”</Text> : null}
      {(found ?? []).map((r) => (
        <View key={r.userId} className='lp-card pts-row' onClick={() => onPick(r)}>
          <View className='pts-row-main'>
            <Text className='lp-body lp-block'>{r.name}</Text>
            <Text className='lp-hint'>
              {r.phone ?? '无手机号'} · 可用 {r.available} 分{r.held ? ` · 冻结 ${r.held} 分` : ''}
            </Text>
          </View>
          <Text className='lp-hint'>选择</Text>
        </View>
      ))}
    </Section>
  )
}

function AdjustForm({ resident, onDone, onCancel }: { resident: TPointsResident; onDone: (text: string) => void; onCancel: () => void }) {
  const [sign, setSign] = useState<1 | -1>(1)
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const { busy, error, act } = useAction(undefined, errorText)
  const submit = async () => {
    await act(async () => {
      const n = requiredInt(amount, '积分')
      if (n <= 0) throw new FormError('请填写大于 0 的积分')
      if (reason.trim().length < 2) throw new FormError('请填写原因（至少 2 个字），居民会看到')
      const r = await pointsApi.adjust(resident.userId, sign * n, reason.trim())
      onDone(`已为 ${resident.name}${r.points > 0 ? '增加' : '扣减'} ${Math.abs(r.points)} 积分，居民已收到通知`)
    })
  }
  return (
    <Section title={`2. 调整 ${resident.name} 的积分`}>
      <Text className='lp-hint lp-block'>现有可用 {resident.available} 分</Text>
      <View className='lp-row'>
        <Btn kind={sign === 1 ? 'primary' : 'secondary'} onClick={() => setSign(1)}>
          增加
        </Btn>
        <Btn kind={sign === -1 ? 'danger' : 'secondary'} onClick={() => setSign(-1)}>
          扣减
        </Btn>
      </View>
      <Input className='pts-input' type='number' value={amount} placeholder='积分数，例如 10' onInput={(e) => setAmount(e.detail.value)} />
      <Input className='pts-input' value={reason} maxlength={200} placeholder='原因（必填，居民会看到）' onInput={(e) => setReason(e.detail.value)} />
      <Message kind='error' text={error} />
      <View className='pts-form-actions'>
        <Btn kind={sign === 1 ? 'primary' : 'danger'} busy={busy} onClick={() => void submit()}>
          {busy ? '正在提交…' : `确认${sign === 1 ? '增加' : '扣减'}`}
        </Btn>
        <Btn kind='secondary' onClick={onCancel}>
          取消
        </Btn>
      </View>
    </Section>
  )
}

function Journal({ version }: { version: number }) {
  const list = useAsync(() => pointsApi.adjustments(), [version])
  const items = list.data?.items ?? []
  return (
    <ListSection title='调整记录' state={list} empty={items.length === 0} emptyText='还没有人工调整记录'>
      {items.map((a) => (
        <View key={a.journalId} className='pts-table-row'>
          <View className='pts-row-main'>
            <Text className='lp-body lp-block'>{a.userName}</Text>
            <Text className='lp-hint lp-block'>原因：{a.reason}</Text>
            <Text className='lp-hint'>
              {minuteOf(a.createdAt)} · 经办 {a.actorName}
            </Text>
          </View>
          <Text className={`pts-amount ${a.points > 0 ? 'pts-plus' : 'pts-minus'}`}>
            {a.points > 0 ? '+' : ''}
            {a.points}
          </Text>
        </View>
      ))}
    </ListSection>
  )
}

/** 积分调整: find a resident, add or take points with a reason; every adjustment is listed with who made it. */
function PointsAdjustPageBody() {
  const [picked, setPicked] = useState<TPointsResident | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  return (
    <>
      <Text className='lp-hint lp-block'>用于补录或更正。每次调整都会记下原因和经办人，并通知居民；发错的积分请扣回，不会删除记录。</Text>
      <Message kind='success' text={done} />
      {picked ? (
        <AdjustForm
          resident={picked}
          onCancel={() => setPicked(null)}
          onDone={(text) => {
            setPicked(null)
            setDone(text)
            setVersion((v) => v + 1)
          }}
        />
      ) : (
        <FindResident
          onPick={(r) => {
            setDone(null)
            setPicked(r)
          }}
        />
      )}
      <Journal version={version} />
    </>
  )
}

/** Staff covering several communities pick one first (the points are a community's). */
export default function PointsAdjustPage() {
  return (
    <Page title='积分调整'>
      <CommunityPicker roles={POINTS_STAFF_ROLES}>
        <PointsAdjustPageBody />
      </CommunityPicker>
    </Page>
  )
}
