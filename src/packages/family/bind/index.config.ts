export default definePageConfig({ navigationBarTitleText: '绑定家里老人' })
