import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TVote } from '@contracts/deliberation'
import { deliberationApi } from '@/api/deliberation'
import { Btn, Message, Page, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { shanghaiDateTime } from '@/utils/shanghai'
import { VoteResults } from './results'
import '../deliberation.scss'

type Step = 'info' | 'choose' | 'confirm' | 'done'
const receiptKey = (id: string) => `vote-receipt:${id}`

function position(v: TVote): string {
  if (!v.me) return ''
  if (v.me.votedByOther) return `您家已由 ${v.me.votedByOther} 投票（每户一票）`
  if (v.me.voted) return v.me.channel === 'paper' ? '您已投纸质票' : '您已投票'
  if (v.status === 'open' && !v.me.eligible) return '您不在这次表决的投票人名单中（名单在表决开始时确定）'
  return ''
}

/**
 * 投票, one question per screen (the same for everyone; 长辈模式 makes it large): the rules first, then
 * the choice, then the choice read back before it is sent, then the receipt.
 */
export default function VotePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const vote = useAsync(() => deliberationApi.vote(id), [id])
  const v = vote.data
  const results = useAsync(() => deliberationApi.results(id), [id, v?.status], v?.status === 'published')
  const [step, setStep] = useState<Step>('info')
  const [chosen, setChosen] = useState<number[]>([])
  const [receipt, setReceipt] = useState('')
  const { busy, msg, act } = useAction(() => vote.reload())
  // a secret ballot is changed with its receipt, kept on the device that cast it
  const canChange = Boolean(v?.changeable && v.me?.channel === 'online' && !v.me.votedByOther && (!v.secret || Taro.getStorageSync(receiptKey(id))))
  const mayVote = Boolean(v && v.status === 'open' && v.me?.eligible && (!v.me.voted || canChange))
  const single = v?.kind === 'single'
  const total = v ? chosen.reduce((s, i) => s + (v.options[i].cost ?? 0), 0) : 0
  const max = v ? (single ? 1 : (v.maxChoices ?? v.options.length)) : 1
  const toggle = (i: number) => setChosen((c) => (single ? [i] : c.includes(i) ? c.filter((x) => x !== i) : [...c, i]))
  const submit = () =>
    void act(async () => {
      const kept = v?.secret && v.me?.voted ? (Taro.getStorageSync(receiptKey(id)) as string) || undefined : undefined
      const r = await deliberationApi.cast(id, chosen, kept)
      // a replayed answer (the first one was lost on the way) carries no receipt: keep what the device has
      if (r.receipt) Taro.setStorageSync(receiptKey(id), r.receipt)
      setReceipt(r.receipt ?? ((Taro.getStorageSync(receiptKey(id)) as string) || '（回执已在第一次提交时发出，本机未收到）'))
      setStep('done')
    })
  return (
    <Page title='表决'>
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView loading={vote.loading} error={vote.error} empty={!v} emptyText='' onRetry={vote.reload}>
        {v && step === 'info' ? (
          <>
            <View className='lp-card'>
              <Text className='dl-card-title'>{v.title}</Text>
              <Text className='dl-status'>{v.statusLabel}</Text>
              {v.description ? <Text className='dl-text'>{v.description}</Text> : null}
              <Text className='dl-text'>{`谁能投：${v.orgUnitName}，${v.electorateLabel}`}</Text>
              <Text className='dl-text'>{`时间：${shanghaiDateTime(v.opensAt)} 至 ${shanghaiDateTime(v.closesAt)}`}</Text>
              <Text className='dl-text'>{`怎样算通过：${v.ruleText}`}</Text>
              <Text className='lp-hint'>{v.secret ? '无记名投票：系统只记录谁投了票，不记录谁投了什么。' : '记名投票：工作人员可以看到每户的选择。'}</Text>
              {v.kind === 'budget' ? <Text className='lp-hint'>{`总预算 ${v.budget} 元，最多选 ${max} 项，所选项目费用合计不能超过预算。`}</Text> : null}
              {position(v) ? <Text className='dl-text'>{position(v)}</Text> : null}
            </View>
            {mayVote ? (
              <Btn
                onClick={() => {
                  setChosen(v.me?.choices ?? [])
                  setStep('choose')
                }}
              >
                {v.me?.voted ? '修改我的选择' : '开始投票'}
              </Btn>
            ) : null}
            {results.data ? <VoteResults r={results.data} /> : null}
            {v.status === 'closed' ? <Text className='lp-hint'>表决已截止，结果公示后会通知您。</Text> : null}
          </>
        ) : null}
        {v && step === 'choose' ? (
          <>
            <Text className='dl-step'>第 1 步，共 2 步</Text>
            <Text className='dl-card-title'>{single ? `请选择一项：${v.title}` : `请选择（最多 ${max} 项）：${v.title}`}</Text>
            <View className='dl-options'>
              {v.options.map((o, i) => (
                <Btn key={i} kind='secondary' className={chosen.includes(i) ? 'dl-chosen' : ''} onClick={() => toggle(i)}>
                  {`${chosen.includes(i) ? '✓ ' : ''}${o.label}${o.cost !== null ? `（${o.cost} 元）` : ''}`}
                </Btn>
              ))}
            </View>
            {v.kind === 'budget' ? <Text className={`dl-text ${total > (v.budget ?? 0) ? 'lp-error' : ''}`}>{`已选 ${total} 元 / 预算 ${v.budget} 元`}</Text> : null}
            <Btn disabled={chosen.length === 0 || chosen.length > max || (v.kind === 'budget' && total > (v.budget ?? 0))} onClick={() => setStep('confirm')}>
              下一步
            </Btn>
            <Btn kind='plain' onClick={() => setStep('info')}>
              返回说明
            </Btn>
          </>
        ) : null}
        {v && step === 'confirm' ? (
          <>
            <Text className='dl-step'>第 2 步，共 2 步：请核对</Text>
            <Text className='dl-text'>您选择的是：</Text>
            <Text className='dl-readback'>{chosen.map((i) => `「${v.options[i].label}」`).join('、')}</Text>
            <Btn busy={busy} onClick={submit}>
              确认投票
            </Btn>
            <Btn kind='secondary' onClick={() => setStep('choose')}>
              重新选择
            </Btn>
          </>
        ) : null}
        {v && step === 'done' ? (
          <>
            <Text className='dl-readback'>投票成功</Text>
            <Text className='dl-text'>{`您投了：${chosen.map((i) => `「${v.options[i].label}」`).join('、')}`}</Text>
            <Text className='dl-text'>回执码（可用来核对您的选票已计入）：</Text>
            <Text className='dl-receipt'>{receipt}</Text>
            <Btn kind='secondary' onClick={() => setStep('info')}>
              完成
            </Btn>
          </>
        ) : null}
      </StateView>
    </Page>
  )
}
