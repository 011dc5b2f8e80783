import { useState } from 'react'
import { Text } from '@tarojs/components'
import { checkupsStaffApi } from '@/api/checkups'
import { Message, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import type { ActionMsg } from '@/hooks/use-action'
import { HomeVisit } from './home-visit'

/** 上门体检 requests of the campaign, each with its visitor and time. */
export function HomeVisits({ campaignId }: { campaignId: string }) {
  const list = useAsync(() => checkupsStaffApi.homeVisits(campaignId), [campaignId])
  const visitors = useAsync(() => checkupsStaffApi.homeVisitors(campaignId), [campaignId])
  const [msg, setMsg] = useState<ActionMsg | null>(null)
  const items = list.data?.items ?? []
  return (
    <Section
      title='上门体检'
      extra={
        <Text className='lp-hint' onClick={list.reload}>
          刷新
        </Text>
      }
    >
      <Message kind={msg?.kind} text={msg?.text} />
      <StateView
        loading={list.loading || visitors.loading}
        error={list.error ?? visitors.error}
        empty={items.length === 0}
        emptyText='没有上门体检的申请'
        onRetry={() => {
          list.reload()
          visitors.reload()
        }}
      >
        {items.map((v) => (
          <HomeVisit
            key={v.id}
            v={v}
            visitors={visitors.data?.items ?? []}
            onDone={(m) => {
              setMsg(m)
              list.reload()
            }}
          />
        ))}
      </StateView>
    </Section>
  )
}
