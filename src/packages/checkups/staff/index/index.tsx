import { useState } from 'react'
import { View, Text, Input, Picker } from '@tarojs/components'
import type { TCampaign } from '@contracts/checkups'
import { checkupsStaffApi, downloadRosterXlsx } from '@/api/checkups'
import { Btn, CommunitySelect, ListSection, Message, Page, Section } from '@/components'
import { useAction } from '@/hooks/use-action'
import { whenLabel } from '@/packages/checkups/time'
import { goStaff, shanghaiDate, useStaffCampaign } from '../shared'
import './index.scss'

function CampaignCard({ c }: { c: TCampaign }) {
  const { busy, msg, act } = useAction()
  const download = () =>
    act(async () => {
      await downloadRosterXlsx(c.id, `${c.communityName}${c.title}-名单.xlsx`)
      return '名单已下载'
    })
  return (
    <View className='lp-card cks-campaign'>
      <Text className='cks-line'>
        {c.communityName} · {c.title}
        <Text className='cks-status'>{c.status === 'open' ? '进行中' : '已结束'}</Text>
      </Text>
      <Text className='cks-sub'>
        {c.minAge} 岁以上（按 {c.ageOn} 计算）· 居民预约 {whenLabel(c.releaseAt)} 开放 · 前一天 {c.cancelCutoff} 后不能自行取消
      </Text>
      <Text className='cks-sub'>
        每场为窗口/电话预留 {c.heldBack} 个名额 · 候补名额保留 {c.offerMinutes} 分钟 · 居民还可约 {c.remaining} 个
      </Text>
      <View className='cks-grid'>
        <Btn onClick={() => goStaff('roster', c.id)}>今日签到</Btn>
        <Btn onClick={() => goStaff('counter', c.id)}>窗口/电话预约</Btn>
        <Btn kind='secondary' onClick={() => goStaff('sessions', c.id)}>
          场次管理
        </Btn>
        <Btn kind='secondary' busy={busy} onClick={() => void download()}>
          {busy ? '正在生成…' : '下载名单和签到表（xlsx）'}
        </Btn>
      </View>
      <Message kind={msg?.kind} text={msg?.text} />
    </View>
  )
}

/** 新建体检活动: one per community and year; booking opens to residents at the release time. */
function NewCampaign({ onCreated }: { onCreated: (c: TCampaign) => void }) {
  const year = Number(shanghaiDate().slice(0, 4))
  const [form, setForm] = useState({
    communityId: '',
    year: String(year),
    title: `${year}年老年人免费体检`,
    releaseDate: shanghaiDate(),
    releaseTime: '08:00',
    cancelCutoff: '18:00',
    heldBack: '2',
    minAge: '65',
    offerMinutes: '120',
  })
  const { busy, error, act, fail } = useAction()
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }))
  const submit = async () => {
    if (!form.communityId) return fail('请选择社区')
    await act(async () => {
      const c = await checkupsStaffApi.createCampaign({
        communityId: form.communityId,
        year: Number(form.year),
        title: form.title.trim(),
        releaseAt: `${form.releaseDate}T${form.releaseTime}:00+08:00`,
        cancelCutoff: form.cancelCutoff,
        heldBack: Number(form.heldBack),
        minAge: Number(form.minAge),
        offerMinutes: Number(form.offerMinutes),
      })
      onCreated(c)
    })
  }
  return (
    <View className='lp-card'>
      <View className='lp-field'>
        <Text className='lp-label'>社区</Text>
        <CommunitySelect value={form.communityId} onChange={(c) => set('communityId')(c.id)} />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>名称</Text>
        <Input className='lp-input' value={form.title} placeholder='例如：2026年老年人免费体检' onInput={(e) => set('title')(e.detail.value)} />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>年份</Text>
        <Input className='lp-input' type='number' maxlength={4} value={form.year} placeholder='年份' onInput={(e) => set('year')(e.detail.value)} />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>居民开始预约</Text>
        <View className='cks-row'>
          <Picker mode='date' value={form.releaseDate} onChange={(e) => set('releaseDate')(String(e.detail.value))}>
            <View className='lp-picker'>{form.releaseDate}</View>
          </Picker>
          <Picker mode='time' value={form.releaseTime} onChange={(e) => set('releaseTime')(String(e.detail.value))}>
            <View className='lp-picker'>{form.releaseTime}</View>
          </Picker>
        </View>
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>取消截止（体检前一天几点）</Text>
        <Picker mode='time' value={form.cancelCutoff} onChange={(e) => set('cancelCutoff')(String(e.detail.value))}>
          <View className='lp-picker'>{form.cancelCutoff}</View>
        </Picker>
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>每场留给窗口/电话的名额</Text>
        <Input className='lp-input' type='number' value={form.heldBack} placeholder='预留名额' onInput={(e) => set('heldBack')(e.detail.value)} />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>最低年龄</Text>
        <Input className='lp-input' type='number' value={form.minAge} placeholder='最低年龄' onInput={(e) => set('minAge')(e.detail.value)} />
      </View>
      <View className='lp-field'>
        <Text className='lp-label'>候补名额保留多少分钟</Text>
        <Input className='lp-input' type='number' value={form.offerMinutes} placeholder='保留分钟数' onInput={(e) => set('offerMinutes')(e.detail.value)} />
      </View>
      <Text className='cks-sub'>带什么、空腹要求用默认说明（身份证、医保卡、正在服用的药物；前一晚 22:00 后不进食）。</Text>
      <Message kind='error' text={error} />
      <Btn busy={busy} onClick={() => void submit()}>
        {busy ? '正在创建…' : '创建体检活动'}
      </Btn>
    </View>
  )
}

/** 体检管理 for the health centre and community office: campaigns, and the way into each day's work. */
export default function CheckupsStaffHome() {
  const { list } = useStaffCampaign()
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<string | null>(null)
  const items = list.data?.items ?? []
  return (
    <Page title='体检管理'>
      <Message kind='success' text={created} />
      <ListSection title='体检活动' state={list} empty={items.length === 0} emptyText='还没有体检活动，先创建一个'>
        {items.map((c) => (
          <CampaignCard key={c.id} c={c} />
        ))}
      </ListSection>
      <Section title='新建体检活动'>
        {creating ? (
          <NewCampaign
            onCreated={(c) => {
              setCreating(false)
              setCreated(`已创建「${c.title}」，下一步在「场次管理」里排场次`)
              list.reload()
            }}
          />
        ) : (
          <Btn kind='secondary' onClick={() => setCreating(true)}>
            新建体检活动
          </Btn>
        )}
      </Section>
    </Page>
  )
}
