import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import type { TStreetSettings } from '../../../../types/admin'
import { CATEGORY_ICONS } from '../../../../types/reports'
import { Btn, Toggle } from '../../../components'

type TCategory = TStreetSettings['categories'][number]
const LEVELS: { level: TCategory['handlerLevel']; label: string }[] = [
  { level: 'grid', label: '网格员' },
  { level: 'community', label: '社区' },
  { level: 'department', label: '部门' },
]
const num = (v: string) => (v.trim() === '' ? NaN : Number(v))

function Chips<T extends string>({
  items,
  on,
  label,
  onPick,
  disabled,
  className,
}: {
  items: readonly T[]
  on: T | null
  label: (t: T) => string
  onPick: (t: T) => void
  disabled: boolean
  className?: string
}) {
  return (
    <View className='adm-chips'>
      {items.map((t) => (
        <View key={t} className={`adm-chip ${className ?? ''} ${t === on ? 'adm-chip-on' : ''}`} ariaRole='button' ariaLabel={label(t)} onClick={() => !disabled && onPick(t)}>
          <Text>{label(t)}</Text>
        </View>
      ))}
    </View>
  )
}

/** One 随手拍 category: a summary line; 修改 opens name, icon, time limit, handler, duplicate radius. */
export function CategoryRow({ c, canEdit, departments, onChange }: { c: TCategory; canEdit: boolean; departments: { id: string; name: string }[]; onChange: (c: TCategory) => void }) {
  const [open, setOpen] = useState(false)
  const set = (patch: Partial<TCategory>) => onChange({ ...c, ...patch })
  const handler = c.handlerLevel === 'department' ? (departments.find((d) => d.id === c.departmentId)?.name ?? '部门（未选）') : LEVELS.find((l) => l.level === c.handlerLevel)?.label
  return (
    <View className={`adm-cat ${c.enabled ? '' : 'adm-cat-off'}`} data-category={c.category}>
      <View className='adm-tr'>
        <Text className='adm-cat-icon'>{c.icon}</Text>
        <Text className='adm-td lp-body'>{c.name}</Text>
        <Text className='adm-td lp-hint'>
          {Math.round(c.limitMinutes / 60)} 小时 · {handler} · {c.duplicateRadiusM} 米内算重复{c.enabled ? '' : ' · 已停用'}
        </Text>
        <Btn kind='plain' onClick={() => setOpen(!open)}>
          {open ? '收起' : canEdit ? '修改' : '查看'}
        </Btn>
      </View>
      {open ? (
        <View className='adm-cat-edit'>
          <View className='lp-field'>
            <Text className='lp-label'>名称</Text>
            <Input className='lp-input' disabled={!canEdit} maxlength={20} value={c.name ?? ''} onInput={(e) => set({ name: e.detail.value })} />
          </View>
          <Text className='lp-label'>图标</Text>
          <Chips items={CATEGORY_ICONS} on={c.icon ?? null} label={(i) => i} onPick={(icon) => set({ icon })} disabled={!canEdit} className='adm-icon-chip' />
          <View className='lp-field'>
            <Text className='lp-label'>办理时限（小时）</Text>
            <Input className='lp-input' type='number' disabled={!canEdit} value={String(Math.round(c.limitMinutes / 60))} onInput={(e) => set({ limitMinutes: num(e.detail.value) * 60 })} />
          </View>
          <Text className='lp-label'>默认由谁处理</Text>
          <Chips
            items={LEVELS.map((l) => l.level)}
            on={c.handlerLevel}
            label={(l) => LEVELS.find((x) => x.level === l)!.label}
            disabled={!canEdit}
            onPick={(handlerLevel) => set({ handlerLevel, departmentId: handlerLevel === 'department' ? c.departmentId : null })}
          />
          {c.handlerLevel === 'department' ? (
            departments.length ? (
              <Chips
                items={departments.map((d) => d.id)}
                on={c.departmentId}
                label={(id) => departments.find((d) => d.id === id)!.name}
                disabled={!canEdit}
                onPick={(departmentId) => set({ departmentId })}
              />
            ) : (
              <Text className='lp-hint lp-block'>还没有部门，请先在「组织架构」里建一个。</Text>
            )
          ) : null}
          <View className='lp-field'>
            <Text className='lp-label'>多少米内的同类上报算重复</Text>
            <Input className='lp-input' type='number' disabled={!canEdit} value={String(c.duplicateRadiusM)} onInput={(e) => set({ duplicateRadiusM: num(e.detail.value) })} />
          </View>
          <Toggle label='启用（居民可以选这个类别）' on={c.enabled} onChange={(v: boolean) => canEdit && set({ enabled: v })} />
        </View>
      ) : null}
    </View>
  )
}
