export default definePageConfig({ navigationBarTitleText: '我的场地预约' })
