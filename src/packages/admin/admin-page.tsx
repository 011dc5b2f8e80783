import type { PropsWithChildren } from 'react'
import { Page } from '../../components'
import { useWide } from '../../hooks/use-wide'
import './admin.scss'

/** Every 管理 page: a phone column, and at a desk (H5 ≥ 1024 px) the desk sizes of .lp-desk. */
export function AdminPage({ title, children }: PropsWithChildren<{ title: string }>) {
  const wide = useWide()
  return (
    <Page title={title} className={`adm-page ${wide ? 'lp-desk' : ''}`}>
      {children}
    </Page>
  )
}
