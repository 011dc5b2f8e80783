import { useState } from 'react'
import { View, Text, Textarea, Input } from '@tarojs/components'
import type { TReportDetail } from '@contracts/reports'
import { ACTION_LABELS, reportsApi } from '@/api/reports'
import { Btn, Message, Section, StateView } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'
import { PhotoPicker, usePhotos } from '@/pages/report/PhotoPicker'
import { NEEDS_REASON, ORDER, whyNotReady } from './action-rules'

/** 处理: the actions this staff member may take now; those that need more open a small form. */
export function StaffActions({ r, onChange }: { r: TReportDetail; onChange: (r: TReportDetail) => void }) {
  const [mode, setMode] = useState('')
  const [text, setText] = useState('')
  const [target, setTarget] = useState('')
  const { busy, msg, act, say } = useAction()
  const photos = usePhotos([], 3)
  const needsOptions = mode === 'assign' || mode === 'dispatch'
  const options = useAsync(() => reportsApi.options(), [needsOptions], needsOptions)
  const actions = ORDER.filter((a) => r.can.includes(a))
  const run = (action: string, body: Record<string, unknown>) =>
    act(async () => {
      const next = await reportsApi.act(r.id, action, body)
      onChange(next)
      setMode('')
      setText('')
      setTarget('')
      photos.reset()
      return `${ACTION_LABELS[action] ?? action}：已完成，现在「${next.statusLabel}」`
    })
  const direct = (a: string) => a === 'accept' || a === 'start'
  const submit = () => {
    const t = text.trim()
    switch (mode) {
      case 'reject':
      case 'escalate':
      case 'reassign':
        return run(mode, { reason: t })
      case 'note':
        return run('note', { text: t })
      case 'comment':
        return run('comment', { text: t, photoKeys: photos.done.map((p) => p.key) })
      case 'resolve':
        return run('resolve', { note: t, photoKeys: photos.done.map((p) => p.key) })
      case 'merge':
        return run('merge', { targetId: target.trim(), reason: t || undefined })
      case 'assign':
        return run('assign', { assigneeId: target, reason: t || undefined })
      case 'dispatch':
        return run('dispatch', { departmentId: target, reason: t || undefined })
    }
  }
  const ready =
    mode === 'resolve'
      ? text.trim().length >= 2 && photos.done.length > 0 && !photos.busy
      : mode === 'assign' || mode === 'dispatch' || mode === 'merge'
        ? Boolean(target.trim())
        : NEEDS_REASON[mode]
          ? text.trim().length >= 2
          : text.trim().length >= 1
  return (
    <Section title='处理'>
      <Message kind={msg?.kind} text={msg?.text} />
      {mode === '' ? (
        actions.length === 0 ? (
          <Text className='lp-hint'>这条工单现在不需要您操作。</Text>
        ) : (
          <View className='sr-actions'>
            {actions.map((a, i) => (
              <Btn key={a} kind={i === 0 ? 'primary' : a === 'reject' ? 'danger' : 'secondary'} busy={busy} onClick={() => (direct(a) ? void run(a, {}) : setMode(a))}>
                {ACTION_LABELS[a] ?? a}
              </Btn>
            ))}
          </View>
        )
      ) : (
        <View className='lp-card sr-form'>
          <Text className='rp-strong'>{ACTION_LABELS[mode]}</Text>
          {mode === 'assign' || mode === 'dispatch' ? (
            <StateView loading={options.loading} error={options.error} empty={!options.data} emptyText='没有可选的对象' onRetry={options.reload}>
              {(mode === 'assign'
                ? options.data?.gridWorkers.map((g) => ({ id: g.id, label: `${g.name}（${g.unitName}）` }))
                : options.data?.departments.map((d) => ({ id: d.id, label: d.name }))
              )?.map((o) => (
                <View key={o.id} className={`lp-choice ${target === o.id ? 'rp-choice-on' : ''}`} ariaRole='radio' onClick={() => setTarget(o.id)}>
                  <Text>{o.label}</Text>
                </View>
              ))}
            </StateView>
          ) : null}
          {mode === 'merge' ? <Input className='lp-input' placeholder='合并到的工单编号（ID）' value={target} onInput={(e) => setTarget(e.detail.value)} /> : null}
          {mode === 'resolve' ? <PhotoPicker photos={photos} addLabel='拍处理后的照片' /> : null}
          {mode === 'comment' ? <PhotoPicker photos={photos} addLabel='加照片' /> : null}
          <Textarea
            className='rp-textarea'
            placeholder={mode === 'resolve' ? '处理说明（居民能看到）' : mode === 'note' ? '内部备注（居民看不到）' : (NEEDS_REASON[mode] ?? '说明（选填）')}
            maxlength={300}
            value={text}
            onInput={(e) => setText(e.detail.value)}
          />
          {!ready && !busy ? <Text className='lp-hint sr-why'>{whyNotReady(mode, text, photos.done.length, photos.busy)}</Text> : null}
          <Btn busy={busy} disabled={!ready} onClick={() => void submit()}>
            确定
          </Btn>
          <Btn kind='plain' onClick={() => (setMode(''), say(null))}>
            返回
          </Btn>
        </View>
      )}
    </Section>
  )
}
