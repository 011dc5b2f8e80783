export default definePageConfig({ navigationBarTitleText: '我的请求' })
