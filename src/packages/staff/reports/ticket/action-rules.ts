/** Order of the buttons: the usual next step first. */
export const ORDER = ['accept', 'start', 'resolve', 'assign', 'escalate', 'dispatch', 'merge', 'reject', 'reassign', 'note', 'comment']
export const NEEDS_REASON: Record<string, string> = { reject: '不受理的原因（居民能看到）', escalate: '为什么需要片区协调', reassign: '为什么不归我们处理' }

/** Why 确定 is still greyed out, in words (a disabled button alone says nothing). */
export function whyNotReady(mode: string, text: string, photoCount: number, uploading: boolean): string {
  const t = text.trim().length
  if (mode === 'resolve') {
    const missing = [photoCount === 0 ? '至少 1 张处理后的照片' : '', t < 2 ? '处理说明（至少 2 个字，居民能看到）' : ''].filter(Boolean)
    if (uploading) return '照片还在上传，请稍等'
    return `还差：${missing.join('、')}`
  }
  if (mode === 'assign') return '请先选一位网格员'
  if (mode === 'dispatch') return '请先选一个部门'
  if (mode === 'merge') return '请先填写要合并到的工单编号'
  if (NEEDS_REASON[mode]) return `请填写${NEEDS_REASON[mode]}（至少 2 个字）`
  return '请先填写内容'
}
