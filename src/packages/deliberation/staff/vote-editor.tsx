import { useState } from 'react'
import { View, Text, Input, Textarea } from '@tarojs/components'
import { ELECTORATE_LABELS, type TVote } from '@contracts/deliberation'
import { deliberationStaffApi } from '@/api/deliberation'
import { Btn, Message, Toggle } from '@/components'
import { useAction } from '@/hooks/use-action'

const RULES = [
  ['plurality', '得票最多'],
  ['majority', '同意过半'],
  ['art278_major', '民法典278条（3/4）'],
  ['art278_ordinary', '民法典278条（过半）'],
] as const

/** 新建表决: options (with costs for a budget), who votes, secret or not, the pass rule, how many days. */
export function VoteEditor({ orgUnitId, topicId, initialTitle, onCreated }: { orgUnitId: string; topicId?: string; initialTitle?: string; onCreated: (v: TVote) => void }) {
  const [title, setTitle] = useState(initialTitle ?? '')
  const [options, setOptions] = useState('同意\n不同意\n弃权')
  const [kind, setKind] = useState<'single' | 'multi' | 'budget'>('single')
  const [budget, setBudget] = useState('')
  const [maxChoices, setMaxChoices] = useState('')
  const [electorate, setElectorate] = useState<'residents' | 'households' | 'owners'>('residents')
  const [secret, setSecret] = useState(true)
  const [rule, setRule] = useState<string>('plurality')
  const [days, setDays] = useState('7')
  const { busy, msg, act, fail } = useAction()
  const create = () => {
    // one option a line; a budget project is "名称 费用"
    const parsed = options
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const m = /^(.*?)[\s,，]+(\d+)$/.exec(l)
        return kind === 'budget' && m ? { label: m[1], cost: Number(m[2]) } : { label: l }
      })
    if (title.trim().length < 2) return fail('请填写表决标题')
    if (parsed.length < 2) return fail('至少两个选项，每行一个')
    const now = new Date()
    void act(async () => {
      const v = await deliberationStaffApi.createVote({
        orgUnitId,
        topicId,
        title: title.trim(),
        options: parsed,
        kind,
        ...(kind === 'budget' ? { budget: Number(budget) } : {}),
        ...(kind !== 'single' && maxChoices ? { maxChoices: Number(maxChoices) } : {}),
        electorate,
        secret,
        rule,
        opensAt: now.toISOString(),
        closesAt: new Date(now.getTime() + (Number(days) || 7) * 86_400_000).toISOString(),
      })
      setTitle('')
      onCreated(v)
      return '表决已开始，投票人名单已确定'
    })
  }
  return (
    <View className='lp-card dl-vote-editor'>
      <Text className='lp-label'>新建表决（现在开始）</Text>
      <Message kind={msg?.kind} text={msg?.text} />
      <Input className='lp-input dl-vote-title' placeholder='表决标题' value={title} onInput={(e) => setTitle(e.detail.value)} />
      <View className='lp-row'>
        {(['single', 'multi', 'budget'] as const).map((k) => (
          <Btn key={k} kind='secondary' className={kind === k ? 'dl-chosen' : ''} onClick={() => setKind(k)}>
            {{ single: '单选', multi: '多选', budget: '项目预算' }[k]}
          </Btn>
        ))}
      </View>
      <Textarea className='lp-input dl-vote-options' placeholder={kind === 'budget' ? '每行一个项目：名称 费用' : '每行一个选项'} value={options} onInput={(e) => setOptions(e.detail.value)} />
      {kind === 'budget' ? <Input className='lp-input' type='number' placeholder='总预算（元）' value={budget} onInput={(e) => setBudget(e.detail.value)} /> : null}
      {kind !== 'single' ? <Input className='lp-input' type='number' placeholder='最多可选几项' value={maxChoices} onInput={(e) => setMaxChoices(e.detail.value)} /> : null}
      <View className='lp-row'>
        {(['residents', 'households', 'owners'] as const).map((k) => (
          <Btn key={k} kind='secondary' className={electorate === k ? 'dl-chosen' : ''} onClick={() => setElectorate(k)}>
            {ELECTORATE_LABELS[k]}
          </Btn>
        ))}
      </View>
      <View className='lp-row'>
        {RULES.map(([k, label]) => (
          <Btn key={k} kind='plain' className={rule === k ? 'dl-chosen' : ''} onClick={() => setRule(k)}>
            {label}
          </Btn>
        ))}
      </View>
      <Toggle label='无记名投票' hint='只记录谁投了票，不记录谁投了什么' on={secret} onChange={setSecret} />
      <Input className='lp-input' type='number' placeholder='投票天数' value={days} onInput={(e) => setDays(e.detail.value)} />
      <Btn busy={busy} onClick={create}>
        开始表决
      </Btn>
    </View>
  )
}
