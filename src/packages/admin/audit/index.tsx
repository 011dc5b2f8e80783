import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { ADMIN_ACTION_LABELS } from '../../../../types/admin'
import { messageOf } from '../../../api'
import { adminApi } from '../../../api/admin'
import { Btn, ListSection, Message } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { shanghai } from '../../../utils/shanghai'
import { AdminPage } from '../admin-page'

export default function AuditPage() {
  const [form, setForm] = useState({ action: '', from: '', to: '' })
  const [query, setQuery] = useState(form)
  const list = useAsync(() => adminApi.audit({ action: query.action || undefined, from: query.from || undefined, to: query.to || undefined }), [query])
  const [error, setError] = useState<string | null>(null)
  const items = list.data?.items ?? []
  const field = (k: keyof typeof form, placeholder: string) => <Input className='lp-input' value={form[k]} placeholder={placeholder} onInput={(e) => setForm((f) => ({ ...f, [k]: e.detail.value }))} />
  return (
    <AdminPage title='操作日志'>
      <View className='adm-chips'>
        {field('action', '操作（如 staff、settings）')}
        {field('from', '从 2026-12-01')}
        {field('to', '到 2026-12-31')}
        <Btn kind='secondary' onClick={() => setQuery(form)}>
          筛选
        </Btn>
        <Btn kind='plain' onClick={() => void adminApi.exportAudit(query).catch((e) => setError(messageOf(e)))}>
          导出 Excel
        </Btn>
      </View>
      <Message kind='error' text={error} />
      <ListSection title='谁在什么时候做了什么' state={list} empty={items.length === 0} emptyText='没有记录'>
        <View className='adm-table'>
          {items.map((e) => (
            <View key={e.id} className='adm-tr'>
              <Text className='adm-td lp-hint'>{shanghai(e.at).toISOString().slice(0, 16).replace('T', ' ')}</Text>
              <Text className='adm-td lp-body'>{e.actorName}</Text>
              <Text className='adm-td lp-body'>{ADMIN_ACTION_LABELS[e.action] ?? e.action}</Text>
              <Text className='adm-td lp-hint'>{e.subjectName ?? ''}</Text>
            </View>
          ))}
        </View>
      </ListSection>
    </AdminPage>
  )
}
