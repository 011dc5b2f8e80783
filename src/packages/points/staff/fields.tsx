import { View, Text, Picker } from '@tarojs/components'
import { Btn } from '@/components'

/** 从 / 到 date pickers for when something is in force, and a link that clears both. */
export function DateRangeFields({
  from,
  until,
  openStart,
  clearText,
  onChange,
}: {
  from: string
  until: string
  openStart: string
  clearText: string
  onChange: (from: string, until: string) => void
}) {
  return (
    <>
      <View className='lp-row'>
        <Picker mode='date' value={from} onChange={(e) => onChange(e.detail.value, until)}>
          <View className='pts-input'>
            <Text className='lp-body'>{from ? `从 ${from}` : openStart}</Text>
          </View>
        </Picker>
        <Picker mode='date' value={until} onChange={(e) => onChange(from, e.detail.value)}>
          <View className='pts-input'>
            <Text className='lp-body'>{until ? `到 ${until}` : '结束：不限'}</Text>
          </View>
        </Picker>
      </View>
      {from || until ? (
        <Text className='lp-hint' onClick={() => onChange('', '')}>
          {clearText}
        </Text>
      ) : null}
    </>
  )
}

/** 保存 / 取消 at the foot of an editor. */
export function EditorActions({ busy, saveText, onSave, onCancel }: { busy: boolean; saveText: string; onSave: () => void; onCancel: () => void }) {
  return (
    <View className='pts-form-actions'>
      <Btn busy={busy} onClick={onSave}>
        {busy ? '正在保存…' : saveText}
      </Btn>
      <Btn kind='secondary' onClick={onCancel}>
        取消
      </Btn>
    </View>
  )
}
