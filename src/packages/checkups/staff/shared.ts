import Taro, { useRouter } from '@tarojs/taro'
import { checkupsApi } from '@/api/checkups'
import { useAsync } from '@/hooks/use-async'

export { shanghaiDate } from '@/utils/shanghai'

/** The date `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The campaign a staff page works on: `?campaign=` or the first open one in the staff member's scope. */
export function useStaffCampaign() {
  const wanted = useRouter().params?.campaign
  const list = useAsync(() => checkupsApi.campaigns(), [])
  const items = list.data?.items ?? []
  const campaign = items.find((c) => c.id === wanted) ?? items.find((c) => c.status === 'open') ?? items[0]
  return { list, campaign }
}

export function goStaff(page: 'index' | 'sessions' | 'roster' | 'counter', campaignId?: string): void {
  void Taro.navigateTo({ url: `/packages/checkups/staff/${page}/index${campaignId ? `?campaign=${campaignId}` : ''}` })
}
