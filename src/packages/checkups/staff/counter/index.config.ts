export default definePageConfig({ navigationBarTitleText: '窗口/电话预约' })
