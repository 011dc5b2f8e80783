import { useState } from 'react'
import { View, Text, Input, Textarea } from '@tarojs/components'
import { RESOURCE_AUDIENCE_LABELS, RESOURCE_AUDIENCES, RESOURCE_KIND_LABELS, RESOURCE_KINDS, type TResourceAudience, type TResourceKind } from '@contracts/resources'
import { resourcesStaffApi } from '@/api/resources'
import { Btn, DateTimeField, Message, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'

/** 场地管理: what the community lends, and a form to list one more (rooms, halls, courts, equipment with a count, service slots). */
export function ManageResources() {
  const list = useAsync(() => resourcesStaffApi.resources(), [])
  const [kind, setKind] = useState<TResourceKind>('room')
  const [audience, setAudience] = useState<TResourceAudience>('street')
  const [name, setName] = useState('')
  const [capacity, setCapacity] = useState('20')
  const [address, setAddress] = useState('')
  const [rules, setRules] = useState('')
  const [openFrom, setOpenFrom] = useState('08:00')
  const [openUntil, setOpenUntil] = useState('21:00')
  const [needsApproval, setNeedsApproval] = useState(true)
  const { busy, msg, act } = useAction(list.reload)
  const items = list.data?.items ?? []
  const save = () =>
    act(async () => {
      const r = await resourcesStaffApi.createResource({ kind, name, capacity: Number(capacity) || 1, address, rules, openFrom, openUntil, audience, needsApproval })
      setName('')
      return `已上架：${r.name}`
    })
  return (
    <>
      <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='本社区还没有出借的场地或物品' onRetry={list.reload}>
        {items.map((r) => (
          <View key={r.id} className='lp-card'>
            <Text className='lp-label lp-block'>{r.name}</Text>
            <Text className='lp-hint lp-block'>
              {RESOURCE_KIND_LABELS[r.kind]} · {r.exclusive ? `${r.capacity} 人` : `${r.capacity} 件`} · 开放 {r.openFrom}–{r.openUntil} · {RESOURCE_AUDIENCE_LABELS[r.audience]} ·{' '}
              {r.needsApproval ? '需审核' : '免审核'}
            </Text>
          </View>
        ))}
      </StateView>
      <Section title='上架一个场地或物品'>
        <View>
          {RESOURCE_KINDS.map((k) => (
            <View key={k} className={`lp-choice ${kind === k ? 'is-on' : ''}`} onClick={() => setKind(k)}>
              {RESOURCE_KIND_LABELS[k]}
            </View>
          ))}
        </View>
        <Input className='lp-input' value={name} placeholder='名称，例如：三楼书画室' onInput={(e) => setName(e.detail.value)} />
        <Input
          className='lp-input'
          type='number'
          value={capacity}
          placeholder={kind === 'equipment' || kind === 'service' ? '共几件 / 几个名额' : '可容纳人数'}
          onInput={(e) => setCapacity(e.detail.value)}
        />
        <Input className='lp-input' value={address} placeholder='地点' onInput={(e) => setAddress(e.detail.value)} />
        <Textarea className='lp-input' value={rules} placeholder='使用须知（选填）' maxlength={1000} onInput={(e) => setRules(e.detail.value)} />
        <View className='rs-row'>
          <Text className='lp-label'>开放</Text>
          <DateTimeField mode='time' value={openFrom} onChange={setOpenFrom} label='开放时间' />
          <Text>至</Text>
          <DateTimeField mode='time' value={openUntil} onChange={setOpenUntil} label='关闭时间' />
        </View>
        <Text className='lp-label lp-block'>谁可以约</Text>
        <View>
          {RESOURCE_AUDIENCES.map((a) => (
            <View key={a} className={`lp-choice ${audience === a ? 'is-on' : ''}`} onClick={() => setAudience(a)}>
              {RESOURCE_AUDIENCE_LABELS[a]}
            </View>
          ))}
        </View>
        <View>
          <View className={`lp-choice ${needsApproval ? 'is-on' : ''}`} onClick={() => setNeedsApproval(true)}>
            预约需社区审核
          </View>
          <View className={`lp-choice ${needsApproval ? '' : 'is-on'}`} onClick={() => setNeedsApproval(false)}>
            免审核
          </View>
        </View>
        <Btn busy={busy} onClick={() => void save()}>
          上架
        </Btn>
        <Message kind={msg?.kind === 'success' ? 'success' : 'error'} text={msg?.text ?? null} />
      </Section>
    </>
  )
}
