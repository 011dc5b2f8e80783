import { useState } from 'react'
import { View, Input } from '@tarojs/components'
import { api } from '@/api'
import { Btn, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { ElderCard } from './elder-card'

/** 查找老人 by name or ID number, each with their 绑定码. */
export function SearchElders() {
  const [q, setQ] = useState('')
  const [query, setQuery] = useState('')
  const list = useAsync(() => api.searchElders(query), [query], Boolean(query))
  const items = list.data?.items ?? []
  return (
    <Section title='查找老人'>
      <View className='lp-row'>
        <Input className='lp-input staff-search' value={q} placeholder='姓名或身份证号' onInput={(e) => setQ(e.detail.value)} onConfirm={() => setQuery(q.trim())} />
        <Btn kind='secondary' onClick={() => setQuery(q.trim())}>
          查找
        </Btn>
      </View>
      {query ? (
        <StateView loading={list.loading} error={list.error} empty={items.length === 0} emptyText='没有找到这位老人' onRetry={list.reload}>
          {items.map((e) => (
            <ElderCard key={e.id} elder={e} />
          ))}
        </StateView>
      ) : null}
    </Section>
  )
}
