import { useState } from 'react'
import { View, Text, Textarea, Input } from '@tarojs/components'
import type { TTopicDetail } from '@contracts/deliberation'
import { deliberationStaffApi, departmentsApi } from '@/api/deliberation'
import { Btn, Message, Section } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { VoteEditor } from './vote-editor'

const DECISIONS = [
  ['accepted', '列入议事会'],
  ['referred', '转交部门'],
  ['declined', '不予采纳'],
] as const

/** Staff on a topic's page: answer it (the author and supporters are told) and track 落实. */
export function StaffTopicTools({ topic, onDone }: { topic: TTopicDetail; onDone: () => void }) {
  const [decision, setDecision] = useState<string>('accepted')
  const [reason, setReason] = useState('')
  const [dept, setDept] = useState<string | null>(null)
  const [item, setItem] = useState('')
  const [step, setStep] = useState('')
  const [progress, setProgress] = useState('')
  const [voting, setVoting] = useState(false)
  const depts = useAsync(() => departmentsApi.list(), [], decision === 'referred')
  const { busy, msg, act, fail } = useAction(onDone)
  const answer = () => {
    if (reason.trim().length < 2) return fail('请写明答复理由')
    if (decision === 'referred' && !dept) return fail('请选择转交的部门')
    void act(async () => {
      await deliberationStaffApi.answer(topic.id, { decision, reason: reason.trim(), ...(decision === 'referred' && dept ? { departmentId: dept } : {}) })
      setReason('')
      return '已答复，提议人和支持者都会收到通知'
    })
  }
  return (
    <Section title='工作人员'>
      <Message kind={msg?.kind} text={msg?.text} />
      <View className='lp-card'>
        <Text className='lp-label'>答复议题</Text>
        <View className='lp-row'>
          {DECISIONS.map(([k, label]) => (
            <Btn key={k} kind='secondary' className={decision === k ? 'dl-chosen' : ''} onClick={() => setDecision(k)}>
              {label}
            </Btn>
          ))}
        </View>
        {decision === 'referred' ? (
          <View className='lp-row'>
            {(depts.data?.departments ?? []).map((d) => (
              <Btn key={d.id} kind='plain' className={dept === d.id ? 'dl-chosen' : ''} onClick={() => setDept(d.id)}>
                {d.name}
              </Btn>
            ))}
          </View>
        ) : null}
        <Textarea className='lp-input' placeholder='答复理由（居民会看到）' maxlength={1000} value={reason} onInput={(e) => setReason(e.detail.value)} />
        <Btn busy={busy} onClick={answer}>
          提交答复
        </Btn>
      </View>
      {topic.status === 'accepted' || topic.status === 'triage' ? (
        <View className='lp-card'>
          <Text className='lp-label'>表决</Text>
          <Btn kind='secondary' onClick={() => setVoting(!voting)}>
            {voting ? '收起' : '发起表决'}
          </Btn>
          {voting ? (
            <VoteEditor
              orgUnitId={topic.scopeOrgUnitId}
              topicId={topic.id}
              initialTitle={topic.title}
              onCreated={() => {
                setVoting(false)
                onDone()
              }}
            />
          ) : null}
        </View>
      ) : null}
      {topic.status === 'accepted' ? (
        <View className='lp-card'>
          <Text className='lp-label'>落实</Text>
          <Input className='lp-input' placeholder='新的落实事项，如：施划夜间停车位' value={item} onInput={(e) => setItem(e.detail.value)} />
          <Btn kind='secondary' busy={busy} onClick={() => void act(async () => (await deliberationStaffApi.addAction(topic.id, item.trim()), setItem(''), '已添加落实事项'))}>
            添加事项
          </Btn>
          {topic.actions.map((a) => (
            <View key={a.id}>
              <Text className='lp-hint'>{`${a.title}（${a.progress}%）`}</Text>
              <Input className='lp-input' placeholder='进展，如：完成测量' value={step} onInput={(e) => setStep(e.detail.value)} />
              <Input className='lp-input' type='number' placeholder='进度 %' value={progress} onInput={(e) => setProgress(e.detail.value)} />
              <Btn
                kind='secondary'
                busy={busy}
                onClick={() => void act(async () => (await deliberationStaffApi.milestone(a.id, { title: step.trim(), progress: Number(progress) || 0 }), setStep(''), '已记录进展'))}
              >
                记录进展
              </Btn>
            </View>
          ))}
        </View>
      ) : null}
    </Section>
  )
}
