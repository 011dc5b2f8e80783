import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'

type Kind = 'primary' | 'secondary' | 'danger' | 'plain'

/** A tap target sized by the theme (≥ 44 px, ≥ 60 px in 长辈模式). */
export function Btn({
  kind = 'primary',
  disabled,
  busy,
  onClick,
  className,
  children,
}: PropsWithChildren<{ kind?: Kind; disabled?: boolean; busy?: boolean; onClick?: () => void; className?: string }>) {
  const off = Boolean(disabled || busy)
  return (
    <View
      className={`lp-btn lp-btn-${kind} ${off ? 'lp-btn-off' : ''} ${className ?? ''}`}
      ariaRole='button'
      onClick={() => {
        if (!off && onClick) onClick()
      }}
    >
      {children}
    </View>
  )
}
