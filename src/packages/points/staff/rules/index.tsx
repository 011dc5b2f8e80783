import { useState } from 'react'
import { View, Text, Input, Textarea, Picker } from '@tarojs/components'
import { POINTS_RULE_KINDS, POINTS_RULE_KIND_LABELS, type TPointsRule, type TPointsRuleKind } from '@contracts/points'
import { pointsApi } from '@/api/points'
import { Btn, ListSection, Message, Page, Section, Toggle, CommunityPicker } from '@/components'
import { POINTS_STAFF_ROLES } from '@/packages/staff/modules'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { errorText, optionalInt, requiredInt } from '../form'
import './index.scss'
import { DateRangeFields, EditorActions } from '../fields'

interface Form {
  kind: TPointsRuleKind
  name: string
  description: string
  points: string
  needsReview: boolean
  dailyCap: string
  monthlyCap: string
  activeFrom: string
  activeUntil: string
  active: boolean
}
const EMPTY: Form = { kind: 'custom', name: '', description: '', points: '', needsReview: false, dailyCap: '', monthlyCap: '', activeFrom: '', activeUntil: '', active: true }

function formOf(r: TPointsRule): Form {
  return {
    kind: r.kind,
    name: r.name,
    description: r.description,
    points: String(r.points),
    needsReview: r.needsReview,
    dailyCap: r.dailyCap === null ? '' : String(r.dailyCap),
    monthlyCap: r.monthlyCap === null ? '' : String(r.monthlyCap),
    activeFrom: r.activeFrom ?? '',
    activeUntil: r.activeUntil ?? '',
    active: r.active,
  }
}

function capsText(r: TPointsRule): string {
  const caps = [r.dailyCap ? `每天最多 ${r.dailyCap} 分` : '', r.monthlyCap ? `每月最多 ${r.monthlyCap} 分` : ''].filter(Boolean)
  return caps.length ? caps.join('，') : '不限次数'
}

function RuleEditor({ rule, onSaved, onCancel }: { rule: TPointsRule | null; onSaved: (r: TPointsRule) => void; onCancel: () => void }) {
  const [f, setF] = useState<Form>(rule ? formOf(rule) : EMPTY)
  const { busy, error, act } = useAction(undefined, errorText)
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((x) => ({ ...x, [k]: v }))
  const save = async () => {
    await act(async () => {
      const saved = await pointsApi.saveRule(rule?.id ?? null, {
        kind: f.kind,
        name: f.name,
        description: f.description,
        points: requiredInt(f.points, '积分'),
        needsReview: f.needsReview,
        dailyCap: optionalInt(f.dailyCap, '每日上限'),
        monthlyCap: optionalInt(f.monthlyCap, '每月上限'),
        activeFrom: f.activeFrom || null,
        activeUntil: f.activeUntil || null,
        active: f.active,
      })
      onSaved(saved)
    })
  }
  return (
    <Section title={rule ? `修改规则：${rule.name}` : '新增积分规则'}>
      <Text className='lp-label pts-field'>事项类型</Text>
      <Picker
        mode='selector'
        range={POINTS_RULE_KINDS.map((k) => POINTS_RULE_KIND_LABELS[k])}
        value={POINTS_RULE_KINDS.indexOf(f.kind)}
        onChange={(e) => set('kind', POINTS_RULE_KINDS[Number(e.detail.value)])}
      >
        <View className='pts-input'>
          <Text className='lp-body'>{POINTS_RULE_KIND_LABELS[f.kind]}</Text>
        </View>
      </Picker>
      <Text className='lp-label pts-field'>名称（居民看到的）</Text>
      <Input className='pts-input pts-rule-name' value={f.name} maxlength={60} placeholder='例如：楼道清洁志愿服务' onInput={(e) => set('name', e.detail.value)} />
      <Text className='lp-label pts-field'>说明</Text>
      <Textarea className='pts-input' value={f.description} maxlength={500} placeholder='怎样算完成、在哪里打卡' onInput={(e) => set('description', e.detail.value)} />
      <Text className='lp-label pts-field'>每次加多少积分</Text>
      <Input className='pts-input pts-rule-points' type='number' value={f.points} placeholder='例如：5' onInput={(e) => set('points', e.detail.value)} />
      <Text className='lp-label pts-field'>每人每天最多（分，不填为不限）</Text>
      <Input className='pts-input pts-rule-daily' type='number' value={f.dailyCap} placeholder='不限' onInput={(e) => set('dailyCap', e.detail.value)} />
      <Text className='lp-label pts-field'>每人每月最多（分，不填为不限）</Text>
      <Input className='pts-input' type='number' value={f.monthlyCap} placeholder='不限' onInput={(e) => set('monthlyCap', e.detail.value)} />
      <Toggle label='需要工作人员审核' hint='居民申请后，审核通过才加分' on={f.needsReview} onChange={(v) => set('needsReview', v)} />
      <Text className='lp-label pts-field'>有效日期</Text>
      <DateRangeFields
        from={f.activeFrom || ''}
        until={f.activeUntil || ''}
        openStart='开始：不限'
        clearText='清除日期（长期有效）'
        onChange={(activeFrom, activeUntil) => setF((x) => ({ ...x, activeFrom, activeUntil }))}
      />
      <Toggle label='启用' hint='停用后居民看不到，也不再加分' on={f.active} onChange={(v) => set('active', v)} />
      <Message kind='error' text={error} />
      <EditorActions busy={busy} saveText='保存规则' onSave={() => void save()} onCancel={onCancel} />
    </Section>
  )
}

/** 积分规则设置: staff list, add and edit how residents earn points (past credits are not touched). */
function PointsRulesEditorPageBody() {
  const cat = useAsync(() => pointsApi.catalogue(), [])
  const rules = cat.data?.rules ?? []
  const [editing, setEditing] = useState<TPointsRule | 'new' | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  return (
    <>
      {editing ? (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null)
            setSaved(`已保存「${r.name}」`)
            cat.reload()
          }}
        />
      ) : (
        <Btn
          onClick={() => {
            setSaved(null)
            setEditing('new')
          }}
        >
          新增积分规则
        </Btn>
      )}
      <Message kind='success' text={saved} />
      <ListSection title='本社区的积分规则' state={cat} empty={rules.length === 0} emptyText='还没有积分规则，点“新增积分规则”添加'>
        {rules.map((r) => (
          <View key={r.id} className='lp-card pts-rule'>
            <View className='pts-goods-head'>
              <Text className='lp-body'>{r.name}</Text>
              <Text className='pts-price'>{r.points} 分</Text>
            </View>
            <Text className='lp-hint lp-block'>
              <Text className='pts-chip'>{r.kindLabel}</Text>
              {r.needsReview ? <Text className='pts-chip'>需审核</Text> : null}
              {r.active ? null : <Text className='pts-chip'>已停用</Text>}
            </Text>
            <Text className='lp-hint lp-block'>
              {capsText(r)}
              {r.activeFrom || r.activeUntil ? ` · ${r.activeFrom ?? '不限'} 至 ${r.activeUntil ?? '不限'}` : ' · 长期有效'}
            </Text>
            <Btn
              kind='secondary'
              onClick={() => {
                setSaved(null)
                setEditing(r)
              }}
            >
              修改
            </Btn>
          </View>
        ))}
      </ListSection>
    </>
  )
}

/** Staff covering several communities pick one first (the points are a community's). */
export default function PointsRulesEditorPage() {
  return (
    <Page title='积分规则设置'>
      <CommunityPicker roles={POINTS_STAFF_ROLES}>
        <PointsRulesEditorPageBody />
      </CommunityPicker>
    </Page>
  )
}
