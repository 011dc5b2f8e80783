import { api, messageOf } from '@/api'
import { Message, Toggle } from '@/components'
import { useAction } from '@/hooks/use-action'
import { chooseElderMode, useElderMode } from '@/stores/elder-mode'
import { setMe, useMe } from '@/stores/session'

/** 长辈模式: switched on this phone at once, and kept in the account when signed in. */
export function ElderModeToggle() {
  const elder = useElderMode()
  const { me } = useMe()
  const { busy, error, act, say } = useAction(undefined, (e) => `已在本机切换，但没能保存到账号：${messageOf(e)}`)
  const change = async (next: boolean) => {
    say(null)
    chooseElderMode(next)
    if (!me) return
    await act(async () => setMe(await api.updateMe({ elderMode: next })))
  }
  return (
    <>
      <Toggle className='me-elder-toggle' label='长辈模式' hint='字更大、按钮更大、没有弹窗' on={elder} busy={busy} onChange={(n) => void change(n)} />
      <Message kind='error' text={error} />
    </>
  )
}
