import type { TConsentKind, TMeResponse } from '@contracts'
import { api } from '@/api'
import { Message, Toggle } from '@/components'
import { useAction } from '@/hooks/use-action'
import { setMe } from '@/stores/session'

const CONSENT_LABELS: Record<Exclude<TConsentKind, 'privacy'>, { label: string; hint: string }> = {
  health: { label: '健康信息授权', hint: '用于预约老年人免费体检' },
  location: { label: '位置信息授权', hint: '随手拍时附带照片位置' },
}

export function ConsentToggle({ kind, me }: { kind: 'health' | 'location'; me: TMeResponse }) {
  const on = me.consents.some((c) => c.kind === kind)
  const { busy, error, act } = useAction()
  const change = (next: boolean) =>
    act(async () => {
      if (next) {
        const doc = await api.consentDocument(kind)
        setMe(await api.giveConsent(kind, doc.version))
      } else {
        setMe(await api.withdrawConsent(kind))
      }
    })
  return (
    <>
      <Toggle label={CONSENT_LABELS[kind].label} hint={CONSENT_LABELS[kind].hint} on={on} busy={busy} onChange={(n) => void change(n)} />
      <Message kind='error' text={error} />
    </>
  )
}
