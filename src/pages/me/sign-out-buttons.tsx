import { Btn } from '@/components'
import { useAction } from '@/hooks/use-action'
import { signOut } from '@/stores/session'

/** 退出登录 here, or on every device (ends every session of the account). */
export function SignOutButtons() {
  const { busy, act } = useAction()
  const out = (where: 'this' | 'everywhere') => act(() => signOut(where))
  return (
    <>
      <Btn kind='danger' className='me-logout' busy={busy} onClick={() => void out('this')}>
        退出登录
      </Btn>
      <Btn kind='secondary' className='me-logout-all' busy={busy} onClick={() => void out('everywhere')}>
        在所有设备上退出
      </Btn>
    </>
  )
}
