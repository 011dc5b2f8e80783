import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TVote } from '@contracts/deliberation'
import { deliberationApi, deliberationStaffApi } from '@/api/deliberation'
import { Btn, Message, StateView, Toggle } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { VoteResults } from '../vote/results'

/** One vote at the desk: the count so far, 纸质选票 entry with the ID check, close and 公示. */
export function VotePanel({ vote, onChanged }: { vote: TVote; onChanged: () => void }) {
  const results = useAsync(() => deliberationApi.results(vote.id), [vote.id, vote.status])
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const electors = useAsync(() => deliberationStaffApi.electors(vote.id, search), [vote.id, search], vote.status === 'open')
  const [voter, setVoter] = useState<string | null>(null)
  const [choices, setChoices] = useState<number[]>([])
  const [idChecked, setIdChecked] = useState(false)
  const { busy, msg, act, fail } = useAction(() => {
    results.reload()
    electors.reload()
    onChanged()
  })
  const enter = () => {
    if (!voter) return fail('请先找到并选中投票人')
    if (!idChecked) return fail('请先核对投票人的身份证件')
    void act(async () => {
      await deliberationStaffApi.paper(vote.id, voter, choices)
      setVoter(null)
      setChoices([])
      setIdChecked(false)
      return '纸质选票已录入并计入结果'
    })
  }
  const single = vote.kind === 'single'
  return (
    <View className='dl-vote-panel'>
      <Message kind={msg?.kind} text={msg?.text} />
      <View className='lp-card'>
        <Text className='dl-card-title'>{vote.title}</Text>
        <Text className='dl-status'>{vote.statusLabel}</Text>
        <Text className='lp-hint'>{`${vote.electorateLabel} · ${vote.secret ? '无记名' : '记名'} · ${vote.ruleText}`}</Text>
        {vote.status === 'open' ? (
          <Btn kind='danger' busy={busy} onClick={() => void act(async () => (await deliberationStaffApi.close(vote.id), '表决已截止'))}>
            截止投票
          </Btn>
        ) : null}
        {vote.status === 'closed' ? (
          <Btn busy={busy} onClick={() => void act(async () => (await deliberationStaffApi.publish(vote.id), '结果已公示，已通知投票人'))}>
            公示结果
          </Btn>
        ) : null}
      </View>
      <StateView loading={results.loading} error={results.error} empty={!results.data} emptyText='' onRetry={results.reload}>
        {results.data ? <VoteResults r={results.data} /> : null}
      </StateView>
      {vote.status === 'open' ? (
        <View className='lp-card dl-paper'>
          <Text className='lp-label'>录入纸质选票</Text>
          <View className='lp-row'>
            <Input className='lp-input dl-paper-search' placeholder='姓名、手机号或房号' value={q} onInput={(e) => setQ(e.detail.value)} />
            <Btn kind='secondary' onClick={() => setSearch(q.trim())}>
              查找
            </Btn>
          </View>
          {(electors.data?.items ?? []).map((e) => (
            <View key={e.userId} className={`lp-choice dl-elector ${voter === e.userId ? 'dl-chosen' : ''}`} ariaRole='button' onClick={() => (e.voted ? undefined : setVoter(e.userId))}>
              <Text>{`${e.name}${e.idNumberMasked ? ` · 证件尾号 ${e.idNumberMasked.slice(-4)}` : ''}${e.house ? ` · ${e.house}` : ''}${e.voted ? ` · 已投（${e.voted === 'paper' ? '纸质' : '网上'}）` : ''}`}</Text>
            </View>
          ))}
          {voter ? (
            <>
              <View className='dl-options'>
                {vote.options.map((o, i) => (
                  <Btn
                    key={i}
                    kind='secondary'
                    className={choices.includes(i) ? 'dl-chosen' : ''}
                    onClick={() => setChoices((c) => (single ? [i] : c.includes(i) ? c.filter((x) => x !== i) : [...c, i]))}
                  >
                    {o.label}
                  </Btn>
                ))}
              </View>
              <Toggle label='已核对本人身份证件' on={idChecked} onChange={setIdChecked} />
              <Btn busy={busy} disabled={choices.length === 0} onClick={enter}>
                录入这张选票
              </Btn>
            </>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
