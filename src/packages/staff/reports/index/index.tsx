import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Btn, Message, Page, StateView } from '@/components'
import { ReportRow } from '@/pages/report/parts'
import { useWide } from '@/hooks/use-wide'
import { StaffTicket } from '../ticket'
import { BulkSection } from './bulk-section'
import { Filters } from './filters'
import { QueueTable } from './queue-table'
import { SelectRow } from './select-row'
import { useBulk } from './use-bulk'
import { useQueue } from './use-queue'
import './index.scss'

/** 随手拍工单: the queue by deadline, filters, 批量, export; at a desk a table with the ticket beside it. */
export default function StaffReportsQueuePage() {
  const wide = useWide()
  const [openId, setOpenId] = useState<string | null>(null)
  const queue = useQueue()
  const { filter, q, items, cursor, loadMore, loadingMore, moreError } = queue
  const bulk = useBulk(items, filter, q.reload)
  const { selecting, toggleSelecting, selected, toggle, results, exportXlsx, exporting, msg } = bulk
  const counts = q.data?.counts
  const cap = q.data?.countCap
  const badge = (n: number | undefined) => (n === undefined ? '–' : cap && n >= cap ? `${cap - 1}+` : String(n))

  return (
    <Page title='随手拍工单' className={wide ? 'sr-desk-page' : ''}>
      <View className={wide ? 'sr-desk' : ''}>
        <View className={wide ? `sr-side ${openId ? 'sr-side-folded' : ''}` : ''}>
          <View className='lp-card sr-counts'>
            <Text className='lp-badge'>待办 {badge(counts?.open)}</Text>
            <Text className='lp-badge'>待受理 {badge(counts?.submitted)}</Text>
            <Text className='lp-badge rp-overdue'>已超时 {badge(counts?.overdue)}</Text>
          </View>
          <Filters queue={queue} />
          <View className='sr-tools'>
            <Btn kind='plain' onClick={toggleSelecting}>
              {selecting ? '退出批量' : '批量处理'}
            </Btn>
            <Btn kind='plain' busy={exporting} onClick={() => void exportXlsx()}>
              {exporting ? '正在导出…' : '导出表格（xlsx）'}
            </Btn>
          </View>
          {selecting ? <BulkSection bulk={bulk} /> : null}
        </View>
        <View className={wide ? 'sr-main' : ''}>
          <Message kind={msg?.kind} text={msg?.text} />
          <Text className='lp-hint'>按处理期限排序，最急的在最前面。{wide && !selecting ? '点一行在右边打开。' : ''}</Text>
          <StateView loading={q.loading && items.length === 0} error={q.error} empty={items.length === 0} emptyText='没有符合条件的工单' onRetry={q.reload}>
            {wide && !selecting ? <QueueTable items={items} openId={openId} onOpen={setOpenId} /> : null}
            {(wide && !selecting ? [] : items).map((r) =>
              selecting ? (
                <SelectRow key={r.id} r={r} on={selected.includes(r.id)} onToggle={() => toggle(r.id)} result={results[r.id]} />
              ) : (
                <ReportRow key={r.id} r={r} url={`/packages/staff/reports/detail/index?id=${r.id}`} />
              ),
            )}
            {cursor ? (
              <Btn kind='secondary' busy={loadingMore} onClick={() => void loadMore()}>
                {loadingMore ? '正在加载…' : '加载更多'}
              </Btn>
            ) : items.length > 0 ? (
              <Text className='lp-hint'>已经到底了</Text>
            ) : null}
            {moreError ? <Message kind='error' text={`${moreError}，请再点一次「加载更多」`} /> : null}
          </StateView>
          {q.loading && items.length > 0 ? <Text className='lp-hint'>正在刷新…</Text> : null}
        </View>
        {wide && openId ? (
          <View className='sr-panel'>
            <View className='sr-panel-head'>
              <Text className='lp-section-title'>工单处理</Text>
              <Btn kind='plain' className='sr-panel-close' onClick={() => setOpenId(null)}>
                关闭（回到筛选）
              </Btn>
            </View>
            <StaffTicket key={openId} id={openId} onChanged={q.reload} />
          </View>
        ) : null}
      </View>
    </Page>
  )
}
